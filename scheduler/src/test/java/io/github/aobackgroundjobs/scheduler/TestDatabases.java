package io.github.aobackgroundjobs.scheduler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * H2 in memory, and one embedded PostgreSQL per JVM whose sessions run in Asia/Kathmandu
 * (UTC+05:45) while the JVM runs in Pacific/Kiritimati (UTC+14).
 */
public final class TestDatabases {

    /** The PostgreSQL sessions' time zone: UTC+05:45. */
    public static final String SESSION_ZONE = "Asia/Kathmandu";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static HikariDataSource pool;

    private TestDatabases() {}

    /**
     * @param prefix the start of the name
     * @return a unique lower-case identifier
     */
    public static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
    }

    /** @return a fresh in-memory H2 database */
    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + uniqueName("recurring") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    /** @return a pool on the embedded server, started on first use, whose sessions run in {@link #SESSION_ZONE} */
    public static synchronized DataSource postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("timezone", SESSION_ZONE)
                        .setServerConfig("max_connections", "100")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the server's directory is temporary.
                }
            }));
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {"127.0.0.1"});
            ds.setPortNumbers(new int[] {postgres.getPort()});
            ds.setDatabaseName("postgres");
            ds.setUser("postgres");
            ds.setConnectTimeout(2);
            ds.setSocketTimeout(30);
            HikariConfig config = new HikariConfig();
            config.setDataSource(ds);
            config.setMaximumPoolSize(8);
            config.setConnectionTimeout(5_000);
            config.setConnectionInitSql("SET TIME ZONE '" + SESSION_ZONE + "'");
            pool = new HikariDataSource(config);
        }
        return pool;
    }
}
