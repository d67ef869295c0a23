package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store built without {@code createOrMigrateSchema(true)} on a database where nobody created the
 * scheduler's tables: the first use says what to do instead of passing on the driver's "table not
 * found".
 */
class MissingTablesTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theFirstUseNamesTheMissingTablesAndTheWayToCreateThem(String database) {
        DataSource ds = database.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
        JdbiJobRepository.Builder<Long> jobs =
                JdbiJobRepository.builder(ds).keyType(JobKeyType.LONG).createOrMigrateSchema(true);
        if (!database.equals("h2")) {
            jobs.schema(TestDatabases.uniqueName("missing"));
        }
        JdbiRecurringJobStore<Long> store =
                JdbiRecurringJobStore.builder(ds, jobs.build()).build();
        RecurringScheduler.Builder<Long> scheduler = RecurringScheduler.builder(store, new InMemoryJobQueue())
                .declare(RecurringJob.builder("nightly")
                        .every(Duration.ofHours(1))
                        .queue("reports")
                        .user("ops")
                        .request(new RecurringJobValidationTest.Ping("x"))
                        .build());

        assertThatThrownBy(scheduler::build)
                .isInstanceOf(RecurringTablesMissingException.class)
                .hasMessageStartingWith("The recurring-job tables are missing (declare): build the store with"
                        + " createOrMigrateSchema(true)")
                .hasMessageContaining("io/github/aobackgroundjobs/scheduler/schema/");
        assertThatThrownBy(store::findAll)
                .isInstanceOf(RecurringTablesMissingException.class)
                .hasMessageStartingWith("The recurring-job tables are missing (findAll)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "fires"})
    void runRetentionNow_withoutTheSchedulersTables_failsBeforeDeletingAnyJobRecord(String tables) {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
        DataSource ds = TestDatabases.h2();
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(tables.equals("fires"))
                .build();
        if (tables.equals("fires")) {
            Jdbi.create(ds).useHandle(h -> h.execute("DROP TABLE " + store.firesTable()));
        }
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        long old = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .build()
                .queueJob("reports", "ops", new RecurringJobValidationTest.Ping("old"));
        FinishedJobs.finish(repository, old, clock.instant(), JobStatus.SUCCEEDED);
        clock.advance(Duration.ofDays(30));
        // Declares nothing, so building it writes nothing.
        RecurringScheduler<Long> scheduler =
                RecurringScheduler.builder(store, queue).clock(clock).build();

        assertThatThrownBy(scheduler::runRetentionNow)
                .isInstanceOf(RecurringTablesMissingException.class)
                .hasMessageStartingWith("The recurring-job tables are missing (");
        assertThat(repository.findJob(old)).isPresent();
    }
}
