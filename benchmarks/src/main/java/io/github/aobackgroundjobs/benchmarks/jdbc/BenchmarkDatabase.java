package io.github.aobackgroundjobs.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/** An embedded PostgreSQL server and a HikariCP pool on it, for the load harnesses. */
final class BenchmarkDatabase implements AutoCloseable {

    final EmbeddedPostgres server;
    final HikariDataSource pool;

    private BenchmarkDatabase(EmbeddedPostgres server, HikariDataSource pool) {
        this.server = server;
        this.pool = pool;
    }

    static BenchmarkDatabase start(int poolSize) throws IOException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("work_mem", "16MB")
                .start();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {server.getPort()});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        HikariConfig config = new HikariConfig();
        config.setDataSource(ds);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        return new BenchmarkDatabase(server, new HikariDataSource(config));
    }

    /** @return the settings that decide write speed, for the report */
    String settings() {
        List<String> names = List.of("server_version", "fsync", "synchronous_commit", "shared_buffers", "work_mem");
        StringBuilder sb = new StringBuilder();
        Jdbi.create(pool).useHandle(h -> {
            for (String name : names) {
                sb.append(name)
                        .append('=')
                        .append(h.createQuery("SHOW " + name)
                                .mapTo(String.class)
                                .one())
                        .append(' ');
            }
        });
        return sb.toString().trim();
    }

    @Override
    public void close() throws IOException {
        pool.close();
        server.close();
    }
}
