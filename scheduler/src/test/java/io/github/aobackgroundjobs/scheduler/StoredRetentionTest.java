package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The declaring process stores its retention policy with the retention definition, so a process
 * that declares nothing (a web front end, whose own settings may differ) reads what the workers run.
 */
class StoredRetentionTest {

    private static final RetentionPolicy WORKERS = RetentionPolicy.builder()
            .age(JobStatus.SUCCEEDED, Duration.ofDays(2))
            .age(JobStatus.FAILED, Duration.ofDays(3))
            .age(JobStatus.ABORTED, Duration.ofDays(4))
            .age(JobStatus.CANCELLED, Duration.ofDays(5))
            .clearedAge(Duration.ofHours(6))
            .fireRecordAge(Duration.ofDays(1))
            .interval(Duration.ofMinutes(5))
            .batchSize(10)
            .pause(Duration.ofMillis(7))
            .maxBatchesPerRun(9)
            .build();

    private static RecurringJobStore<Long> store(String kind) {
        if (kind.equals("memory")) {
            return new InMemoryRecurringJobStore<>(InMemoryJobRepository.withLongKeys());
        }
        DataSource ds = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
        JdbiJobRepository.Builder<Long> jobs =
                JdbiJobRepository.builder(ds).keyType(JobKeyType.LONG).createOrMigrateSchema(true);
        if (kind.equals("postgresql")) {
            jobs.schema(TestDatabases.uniqueName("stored"));
        }
        return JdbiRecurringJobStore.builder(ds, jobs.build())
                .createOrMigrateSchema(true)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgresql"})
    void aProcessThatDeclaresNothingReadsTheWorkersPolicy(String kind) {
        RecurringJobStore<Long> store = store(kind);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        RecurringScheduler<Long> viewer =
                RecurringScheduler.builder(store, queue).build();
        assertThat(viewer.storedRetention()).as("nothing declared yet").isEmpty();

        RecurringScheduler.builder(store, queue)
                .declareNone()
                .retention(WORKERS)
                .build();

        RetentionPolicy stored = viewer.storedRetention().orElseThrow();
        assertThat(viewer.retention().ages()).containsEntry(JobStatus.SUCCEEDED, Duration.ofDays(7));
        assertThat(stored.enabled()).isTrue();
        assertThat(stored.ages()).isEqualTo(WORKERS.ages());
        assertThat(stored.clearedAge()).isEqualTo(Duration.ofHours(6));
        assertThat(stored.fireRecordAge()).isEqualTo(Duration.ofDays(1));
        assertThat(stored.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(stored.batchSize()).isEqualTo(10);
        assertThat(stored.pause()).isEqualTo(Duration.ofMillis(7));
        assertThat(stored.maxBatchesPerRun()).isEqualTo(9);

        // A later declaration with other settings replaces the stored ones.
        RecurringScheduler.builder(store, queue).declareNone().build();
        assertThat(viewer.storedRetention().orElseThrow().ages())
                .containsEntry(JobStatus.SUCCEEDED, Duration.ofDays(7));
    }
}
