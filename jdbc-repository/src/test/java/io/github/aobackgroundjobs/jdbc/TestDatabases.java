package io.github.aobackgroundjobs.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real databases of the tests: H2 in memory, and one embedded PostgreSQL server per JVM
 * (started on first use; a server that cannot start fails the test). Both run far from UTC:
 * the JVM in Pacific/Kiritimati (UTC+14, from the surefire configuration) and the PostgreSQL
 * sessions of the pools in {@link #SESSION_ZONE} (the driver would otherwise set the session's
 * zone to the JVM's).
 */
public final class TestDatabases {

    /** The PostgreSQL server's and sessions' time zone: UTC+05:45. */
    public static final ZoneId SESSION_ZONE = ZoneId.of("Asia/Kathmandu");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static HikariDataSource shared;

    private TestDatabases() {}

    /**
     * @param prefix the start of the name
     * @return a unique lower-case identifier, for a schema or database per test
     */
    public static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
    }

    /** @return a fresh in-memory H2 database */
    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + uniqueName("jobs") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    /** @return a fresh in-memory H2 database whose sessions run in {@link #SESSION_ZONE} */
    public static DataSource h2InSessionZone() {
        return new SessionZoneDataSource(h2(), SESSION_ZONE);
    }

    /** @return the embedded server, started on first use */
    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("timezone", SESSION_ZONE.getId())
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
        }
        return postgres;
    }

    /** @return an unpooled data source on the embedded server's {@code postgres} database */
    static PGSimpleDataSource postgresDataSource() {
        return postgresDataSource(postgres().getPort());
    }

    /**
     * @param port the server's port
     * @return an unpooled data source with short connect and socket timeouts
     */
    static PGSimpleDataSource postgresDataSource(int port) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(30);
        return ds;
    }

    /**
     * @param prefix the start of the schema's name
     * @return an unpooled data source whose sessions use a fresh schema of their own and run in
     *     {@link #SESSION_ZONE}
     */
    public static DataSource postgresInNewSchema(String prefix) {
        String schema = uniqueName(prefix);
        PGSimpleDataSource ds = postgresDataSource();
        ds.setCurrentSchema(schema);
        DataSource inZone = new SessionZoneDataSource(ds, SESSION_ZONE);
        try (java.sql.Connection c = inZone.getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create schema " + schema, e);
        }
        return inZone;
    }

    /**
     * @param maxSize the pool size
     * @return a HikariCP pool on the embedded server, as the docs show it
     */
    static HikariDataSource postgresPool(int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgresDataSource());
        config.setMaximumPoolSize(maxSize);
        config.setConnectionTimeout(2_000);
        config.setConnectionInitSql("SET TIME ZONE '" + SESSION_ZONE.getId() + "'");
        return new HikariDataSource(config);
    }

    /** @return one pool shared by the tests that need no pool of their own */
    public static synchronized DataSource postgresShared() {
        if (shared == null) {
            shared = postgresPool(4);
        }
        return shared;
    }
}
