package io.github.aobackgroundjobs.benchmarks.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An embedded PostgreSQL 14 with its default settings (plus {@code pg_stat_statements} with
 * {@code -DstatementStats=true}, see {@link StatementStats}), and pools on it.
 */
public final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private LocalPostgres(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** @return a running server */
    public static LocalPostgres start() throws IOException {
        Path dir = Files.createTempDirectory("bench-pg");
        return new LocalPostgres(
                EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "200")
                        .setServerConfig(
                                "shared_preload_libraries", StatementStats.enabled() ? "pg_stat_statements" : "")
                        .start(),
                dir);
    }

    /** @return the server's port */
    public int port() {
        return server.getPort();
    }

    /** @return an unpooled data source */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {server.getPort()});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        return ds;
    }

    /**
     * @param size the pool size
     * @return a HikariCP pool
     */
    public HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource());
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        return new HikariDataSource(config);
    }

    /** @return CPU time of the server and its live backends so far */
    public Duration cpu() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
            return ProcessHandle.of(pid).map(CpuTime::of).orElse(Duration.ZERO);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
