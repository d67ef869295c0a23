package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Jdbi store on both databases: a fire that fails half-way leaves nothing (neither the fire
 * record nor the job, and the definition does not move), and the next round fires it once;
 * retention by cleared age, in bounded batches, never touching unfinished records.
 */
class JdbiStoreTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00.250Z");

    private SettableClock clock;
    private DataSource ds;
    private JdbiJobRepository<Long> repository;
    private JdbiRecurringJobStore<Long> store;
    private InMemoryJobQueue queue;

    private void open(String database) {
        clock = new SettableClock(START, ZoneOffset.UTC);
        ds = database.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
        JdbiJobRepository.Builder<Long> b =
                JdbiJobRepository.builder(ds).keyType(JobKeyType.LONG).createOrMigrateSchema(true);
        if (!database.equals("h2")) {
            b.schema(TestDatabases.uniqueName("s"));
        }
        repository = b.build();
        store = JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .clock(clock)
                .build();
        queue = new InMemoryJobQueue(clock);
    }

    private long count(String sql) {
        return Jdbi.create(ds)
                .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aFireThatFailsHalfWay_leavesNothing_andTheNextRoundFiresItOnce(String database) {
        open(database);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.disabled())
                .declare(RecurringSchedulerContract.everySecond("atomic", MissedFirePolicy.SKIP))
                .build();
        clock.advance(Duration.ofSeconds(2));
        Jdbi jdbi = Jdbi.create(ds);
        String jobs = repository.tableName();
        // The job insert fails after the fire record of the first fire time was written.
        jdbi.useHandle(h -> h.execute("ALTER TABLE " + jobs + " ADD CONSTRAINT no_ticks CHECK (user_name <> 'ops')"));
        assertThat(scheduler.fireDue().failedDefinitions()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + store.firesTable())).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + jobs)).isZero();
        assertThat(scheduler.get("atomic").nextFireAt()).isEqualTo(Instant.parse("2026-12-05T10:00:01Z"));

        jdbi.useHandle(h -> h.execute("ALTER TABLE " + jobs + " DROP CONSTRAINT no_ticks"));
        assertThat(scheduler.fireDue().queued()).isEqualTo(2);
        assertThat(scheduler.fireDue().queued()).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + store.firesTable())).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM " + jobs)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void retention_deletesClearedRecordsSooner_inBoundedBatches_neverUnfinishedOnes(String database) {
        open(database);
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        List<Long> cleared = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long id = finish(client, JobStatus.SUCCEEDED);
            client.clear(id);
            cleared.add(id);
        }
        long kept = finish(client, JobStatus.SUCCEEDED);
        long pending = client.queueJob("reports", "u", new RecurringJobValidationTest.Ping("p"));
        clock.advance(Duration.ofDays(2));

        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .maxBatchesPerRun(2)
                        .pause(Duration.ZERO)
                        .build())
                .declareNone()
                .build();
        RetentionReport first = scheduler.runRetentionNow();
        assertThat(first.deletedCleared()).isEqualTo(10);
        assertThat(first.complete()).isFalse();
        // Each rule takes at least one statement: a run of at most 2 cannot finish; the default budget does.
        RetentionReport second = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .pause(Duration.ZERO)
                        .build())
                .build()
                .runRetentionNow();
        assertThat(second.deletedCleared()).isEqualTo(2);
        assertThat(second.complete()).isTrue();
        for (long id : cleared) {
            assertThat(repository.findJob(id)).isEmpty();
        }
        // Not cleared and only 2 days old: SUCCEEDED records are kept 7 days.
        assertThat(repository.findJob(kept)).isPresent();
        assertThat(repository.findJob(pending)).isPresent();
        assertThat(scheduler.get(RetentionPolicy.DEFINITION_NAME).lastRunSummary())
                .startsWith("deleted 2 ");

        clock.advance(Duration.ofDays(400));
        scheduler.runRetentionNow();
        assertThat(repository.findJob(kept)).isEmpty();
        assertThat(repository.findJob(pending))
                .as("a PENDING record is never deleted")
                .isPresent();
    }

    private long finish(QueueJobClient<Long> client, JobStatus status) {
        long id = client.queueJob("reports", "u", new RecurringJobValidationTest.Ping("f"));
        Instant now = clock.instant();
        repository.claim(new ClaimRequest<>(id, "w", now, Duration.ofSeconds(30), 5, "{}"));
        repository.complete(new JobCompletion<>(id, "w", status, now, 1, "{}", null, null));
        return id;
    }
}
