package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two setups of docs/jdbc-repository.md, as written there, queue a job. */
class DocumentedSetupTest {

    /** The request of the documented setups. */
    public record Hello(String name) {}

    @Test
    void h2Setup(@TempDir Path dir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(H2FileDatabase.url(dir.resolve("data/jobs")));
        config.setMaximumPoolSize(10);
        HikariDataSource pool = new HikariDataSource(config);
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
        InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();

        Long id = client.queueJob("hello-jobs", "alice", new Hello("world"));
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(id).getSentAt()).isNotNull();
        assertThat(repository.databaseProduct()).isEqualTo("H2");
        pool.close();
        H2FileDatabase.shutdown(config.getJdbcUrl(), null, null);
        assertThat(dir.resolve("data/jobs.mv.db")).exists();
    }

    @Test
    void postgresqlWithHikariSetup() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:"
                + TestDatabases.postgres().getPort() + "/postgres?connectTimeout=5&socketTimeout=60");
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(5_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository<UUID> repository = JdbiJobRepository.builder(pool)
                    .keyType(JobKeyType.UUID)
                    .schema(TestDatabases.uniqueName("docs"))
                    .queryTimeout(Duration.ofSeconds(10))
                    .createOrMigrateSchema(true)
                    .build();
            QueueJobClient<UUID> client = QueueJobClient.builder(repository, new InMemoryJobQueue(Clock.systemUTC()))
                    .build();

            UUID id = client.queueJob("hello-jobs", "alice", new Hello("world"));
            assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(repository.databaseProduct()).isEqualTo("PostgreSQL");
        }
    }
}
