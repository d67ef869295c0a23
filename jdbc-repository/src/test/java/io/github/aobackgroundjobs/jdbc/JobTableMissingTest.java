package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A jobs table that does not exist is {@link JobTableMissingException}: retryable, naming how to
 * create it, nothing written; a worker waits it out as an outage and runs the job once the table
 * is back. On H2 and PostgreSQL.
 */
class JobTableMissingTest {

    private static final String QUEUE = "missing-table";

    private static DataSource dataSource(RepositoryFixture.Database database) {
        return database == RepositoryFixture.Database.H2 ? TestDatabases.h2() : TestDatabases.postgresShared();
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static BackgroundJobInfo<Long> record() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Work");
        job.setRequestData("{}");
        job.setQueueName(QUEUE);
        job.setCreated(Instant.parse("2026-05-04T10:00:00Z"));
        return job;
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void everyCallThrowsARetryableErrorNamingHowToCreateTheTable_andNothingIsSent(RepositoryFixture.Database database)
            throws Exception {
        DataSource ds = dataSource(database);
        String schema = TestDatabases.uniqueName("nt");
        execute(ds, "CREATE SCHEMA " + schema);
        try {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(ds).schema(schema).build();
            InMemoryJobQueue queue = new InMemoryJobQueue();
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();

            assertThatThrownBy(repository::checkAvailable)
                    .isInstanceOf(JobTableMissingException.class)
                    .isInstanceOf(JobStoreUnavailableException.class)
                    .hasMessageContaining("The jobs table does not exist (checkAvailable)")
                    .hasMessageContainingAll(
                            "createOrMigrateSchema(true)",
                            "backgroundjobs.jdbc.migrate-schema=true",
                            "SchemaMigrator.migrate()",
                            "docs/jdbc-schema.md")
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
                            .as("the database's words name the table")
                            .contains("background_jobs"))
                    .satisfies(e -> assertThat(((JobTableMissingException) e).isRetryable())
                            .isTrue());
            assertThatThrownBy(() -> client.queueJob(QUEUE, "alice", new PostgresOutageTest.Nap(0)))
                    .isInstanceOf(JobTableMissingException.class)
                    .hasMessageContaining("does not exist");
            assertThat(queue.messageTexts(QUEUE))
                    .as("nothing sent without a record")
                    .isEmpty();
            assertThatThrownBy(() -> repository.insert(record())).isInstanceOf(JobTableMissingException.class);
            assertThatThrownBy(() -> repository.findJobs(JobQuery.builder().build()))
                    .as("the dashboard's queries too (it answers 503)")
                    .isInstanceOf(JobTableMissingException.class);
            assertThatThrownBy(() -> repository.findJob(1L)).isInstanceOf(JobTableMissingException.class);
        } finally {
            execute(ds, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aSchemaThatDoesNotExistIsAMissingTableToo(RepositoryFixture.Database database) {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(dataSource(database))
                .schema(TestDatabases.uniqueName("nowhere"))
                .build();

        assertThatThrownBy(repository::checkAvailable).isInstanceOf(JobTableMissingException.class);
        assertThatThrownBy(() -> repository.insert(record())).isInstanceOf(JobTableMissingException.class);
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aWorkerKeepsTheMessageWhileTheTableIsGone_andRunsTheJobOnceWhenItIsBack(RepositoryFixture.Database database)
            throws Exception {
        DataSource ds = dataSource(database);
        String schema = TestDatabases.uniqueName("gone");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds)
                .schema(schema)
                .createOrMigrateSchema(true)
                .build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        PostgresOutageTest.NapJob job = new PostgresOutageTest.NapJob(repository, JobOptions.defaults());
        QueueWorker worker = null;
        try {
            long id = client.queueJob(QUEUE, "alice", new PostgresOutageTest.Nap(0));
            // As if dropped, or a wrong table name: the record is out of the repository's sight.
            execute(ds, "ALTER TABLE " + schema + ".background_jobs RENAME TO parked_jobs");

            worker = QueueWorker.builder(queue)
                    .job(QUEUE, job)
                    .maxOutageBackoff(Duration.ofMillis(200))
                    .build()
                    .start();
            QueueWorker running = worker;
            await().atMost(Duration.ofSeconds(20)).until(running::isStoreDown);
            HealthReport down = worker.checkHealth();
            assertThat(down.check("store").orElseThrow().up()).isFalse();
            assertThat(down.check("repository").orElseThrow().details().get("error"))
                    .contains("JobTableMissingException")
                    .contains("createOrMigrateSchema(true)");
            assertThat(queue.messageTexts(QUEUE))
                    .as("the message waits in the queue")
                    .hasSize(1);
            assertThat(job.runs).isEmpty();

            execute(ds, "ALTER TABLE " + schema + ".parked_jobs RENAME TO background_jobs");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
            assertThat(job.runs.get(id)).hasValue(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !running.isStoreDown());
            assertThat(worker.checkHealth().up()).isTrue();
        } finally {
            if (worker != null) {
                worker.close(Duration.ofSeconds(5));
            }
            execute(ds, "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
