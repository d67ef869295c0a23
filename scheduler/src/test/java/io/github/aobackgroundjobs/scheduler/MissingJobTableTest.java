package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.JobTableMissingException;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheduler's tables exist but the jobs table does not: a fire and retention, which write
 * job records, say that the jobs table is missing ({@link JobTableMissingException}, how to create
 * it), not that the scheduler's tables are.
 */
class MissingJobTableTest {

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aFireAndRetentionNameTheMissingJobsTable(String database) throws Exception {
        DataSource ds = database.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
        String schema = TestDatabases.uniqueName("nojobs");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds)
                .schema(schema)
                .createOrMigrateSchema(true)
                .build();
        JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .build();
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(store, new InMemoryJobQueue())
                .declare(RecurringJob.builder("nightly")
                        .every(Duration.ofHours(1))
                        .queue("reports")
                        .user("ops")
                        .request(new RecurringJobValidationTest.Ping("x"))
                        .build())
                .build();
        try {
            execute(ds, "ALTER TABLE " + schema + ".background_jobs RENAME TO parked_jobs");

            assertThatThrownBy(() -> scheduler.runNow("nightly"))
                    .isInstanceOf(JobTableMissingException.class)
                    .hasMessageStartingWith("Recurring-job store, queueNow: The jobs table does not exist")
                    .hasMessageContaining("createOrMigrateSchema(true)");
            assertThatThrownBy(() -> store.deleteFinishedJobs(JobStatus.SUCCEEDED, false, Instant.now(), 10))
                    .isInstanceOf(JobTableMissingException.class)
                    .hasMessageStartingWith("Recurring-job store, deleteFinishedJobs: The jobs table does not exist");
            assertThat(store.findAll())
                    .as("the scheduler's own tables answer")
                    .extracting(d -> d.definition().name())
                    .contains("nightly");

            execute(ds, "ALTER TABLE " + schema + ".parked_jobs RENAME TO background_jobs");
            long id = scheduler.runNow("nightly");
            assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        } finally {
            execute(ds, "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
