package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemorySchedulerTest extends RecurringSchedulerContract<Long> {

    @Override
    RecurringJobStore<Long> newStore() {
        return new InMemoryRecurringJobStore<>(InMemoryJobRepository.withLongKeys());
    }

    @Test
    void retention_keepsToTheBatchSizeAndTheBatchesPerRun_asOnTheJdbcStore() {
        QueueJobClient<Long> client =
                QueueJobClient.builder(store.repository(), queue).clock(clock).build();
        for (int i = 0; i < 25; i++) {
            finish(client, JobStatus.SUCCEEDED);
        }
        clock.advance(Duration.ofDays(8));
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .maxBatchesPerRun(3)
                        .pause(Duration.ZERO)
                        .build())
                .build();

        // The cleared records' batch (none here: the in-memory store has no cleared age), then two of five.
        RetentionReport first = s.runRetentionNow();
        assertThat(first.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(10);
        assertThat(first.batches()).isEqualTo(3);
        assertThat(first.complete()).isFalse();
        assertThat(((InMemoryJobRepository<Long>) store.repository()).size()).isEqualTo(15);

        assertThat(s.runRetentionNow().deletedByStatus().get(JobStatus.SUCCEEDED))
                .isEqualTo(10);
        assertThat(s.runRetentionNow().deletedByStatus().get(JobStatus.SUCCEEDED))
                .isEqualTo(5);
        assertThat(((InMemoryJobRepository<Long>) store.repository()).size()).isZero();
    }

    @Test
    void retention_throughAnotherRepositorysLimitedPurge_keepsToTheBatchSize() {
        CustomQueryRepository.Bounded repository = new CustomQueryRepository.Bounded();
        RecurringScheduler<Long> s = retentionOver(repository, 3);
        finishOld(repository, 25);

        // The cleared records' batch (none: the in-memory store has no cleared age), then two of five.
        RetentionReport first = s.runRetentionNow();
        assertThat(first.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(10);
        assertThat(first.batches()).isEqualTo(3);
        assertThat(first.complete()).isFalse();
        assertThat(repository.records.size()).isEqualTo(15);

        assertThat(s.runRetentionNow().deletedJobs()).isEqualTo(10);
        RetentionReport last = s.runRetentionNow();
        assertThat(last.deletedJobs()).isEqualTo(5);
        assertThat(repository.records.size()).isZero();
        // Cut short before the FAILED rule: over another repository the store cannot tell what is left.
        assertThat(last.complete()).isFalse();
    }

    @Test
    void retention_throughTheSpisUnboundedDefaultPurge_takesOneBatchPerState() {
        CustomQueryRepository repository = new CustomQueryRepository();
        RecurringScheduler<Long> s = retentionOver(repository, RetentionPolicy.DEFAULT_MAX_BATCHES_PER_RUN);
        finishOld(repository, 25);

        RetentionReport report = s.runRetentionNow();
        // More than the batch size back: nothing of that state was left, so no second batch for it.
        assertThat(report.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(25);
        assertThat(report.batches()).isEqualTo(5);
        assertThat(report.complete()).isTrue();
        assertThat(repository.records.size()).isZero();
    }

    @Test
    void retention_interruptedInItsPause_stopsAndReportsTheBatchesThatRan() {
        CustomQueryRepository.Bounded repository = new CustomQueryRepository.Bounded();
        RecurringScheduler<Long> s = RecurringScheduler.builder(new InMemoryRecurringJobStore<>(repository), queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .pause(Duration.ofMinutes(1))
                        .build())
                .build();
        finishOld(repository, 25);

        // The host stopping: the pause after the first full batch is interrupted at once.
        Thread.currentThread().interrupt();
        RetentionReport report;
        try {
            report = s.runRetentionNow();
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }

        // The cleared records' batch (none), then one batch of SUCCEEDED records before the pause.
        assertThat(report.batches()).isEqualTo(2);
        assertThat(report.deletedJobs()).isEqualTo(5);
        assertThat(report.complete()).isFalse();
        assertThat(repository.records.size()).isEqualTo(20);
    }

    @Test
    void retention_interruptedInItsPause_recordsItsRunWithoutTheInterruptAndKeepsIt() {
        CustomQueryRepository.Bounded repository = new CustomQueryRepository.Bounded();
        InterruptedCalls<Long> store = new InterruptedCalls<>(new InMemoryRecurringJobStore<>(repository));
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .pause(Duration.ofMinutes(1))
                        .build())
                .declareNone()
                .build();
        finishOld(repository, 25);

        // The host stops right after the first full batch: the pause that follows is interrupted.
        RetentionReport report;
        try {
            report = s.runRetentionNow();
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }

        assertThat(report.deletedJobs()).isEqualTo(5);
        assertThat(report.complete()).isFalse();
        assertThat(store.whileInterrupted)
                .as("no statement runs with the interrupt flag set (on H2's file store it fails)")
                .isEmpty();
        assertThat(s.get(RetentionPolicy.DEFINITION_NAME).lastRunSummary())
                .as("the interrupted run's summary is recorded, not the one before it")
                .isEqualTo(report.summary());
    }

    private RecurringScheduler<Long> retentionOver(CustomQueryRepository repository, int maxBatchesPerRun) {
        return RecurringScheduler.builder(new InMemoryRecurringJobStore<>(repository), queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .maxBatchesPerRun(maxBatchesPerRun)
                        .pause(Duration.ZERO)
                        .build())
                .build();
    }

    /** Finished records older than the SUCCEEDED age, one completed a second after the other. */
    private void finishOld(CustomQueryRepository repository, int count) {
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        for (int i = 0; i < count; i++) {
            long id = client.queueJob(QUEUE, "u", new RecurringJobValidationTest.Ping("f"));
            FinishedJobs.finish(repository, id, clock.instant(), JobStatus.SUCCEEDED);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofDays(8));
    }
}
