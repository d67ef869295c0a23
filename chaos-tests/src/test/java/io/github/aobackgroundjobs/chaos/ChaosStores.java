package io.github.aobackgroundjobs.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/** How every chaos process reaches PostgreSQL: a small pool that fails fast while the server is down. */
final class ChaosStores {

    /** Far from UTC on purpose: instants must round-trip whatever the session's zone. */
    static final String SESSION_ZONE = "Asia/Kathmandu";

    private ChaosStores() {
    }

    static HikariDataSource pool(int port, int size, String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(30);
        HikariConfig config = new HikariConfig();
        config.setDataSource(ds);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("SET TIME ZONE '" + SESSION_ZONE + "'");
        return new HikariDataSource(config);
    }

    static JdbiJobRepository<Long> repository(HikariDataSource pool, boolean migrate) {
        return JdbiJobRepository.builder(pool).createOrMigrateSchema(migrate).queryTimeout(Duration.ofSeconds(5))
                .build();
    }
}
