package io.github.aobackgroundjobs.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/** How every chaos process reaches PostgreSQL: a small pool that fails fast while the server is down. */
final class ChaosStores {

    /** Far from UTC on purpose: instants must round-trip whatever the session's zone. */
    static final String SESSION_ZONE = "Asia/Kathmandu";

    private ChaosStores() {}

    static HikariDataSource pool(int port, int size, String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        // Generous for a loaded 2-core machine; an outage still shows within seconds.
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(30);
        HikariConfig config = new HikariConfig();
        config.setDataSource(ds);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("SET TIME ZONE '" + SESSION_ZONE + "'");
        return new HikariDataSource(config);
    }

    /**
     * A repository on the pool, waiting up to two minutes for PostgreSQL to answer: a process
     * restarted while the server restarts (or the machine is busy) waits instead of dying.
     */
    static JdbiJobRepository<Long> repositoryWhenReachable(HikariDataSource pool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return repository(pool, false);
            } catch (JobStoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    static JdbiJobRepository<Long> repository(HikariDataSource pool, boolean migrate) {
        return JdbiJobRepository.builder(pool)
                .createOrMigrateSchema(migrate)
                .queryTimeout(Duration.ofSeconds(5))
                .build();
    }
}
