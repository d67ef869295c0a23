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
}
