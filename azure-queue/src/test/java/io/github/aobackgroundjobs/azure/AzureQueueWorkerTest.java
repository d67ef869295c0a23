package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code QueueWorker} over {@link AzureStorageJobQueue} on a real Azurite. */
class AzureQueueWorkerTest {

    private final JobsOnAzure jobs = new JobsOnAzure(Azurite.shared(), "worker");

    @Test
    void appliesTheOutcomeTable() {
        long quick = jobs.queue(CountingJob.quick());
        long retried = jobs.queue(CountingJob.failing(2));
        long failed = jobs.queue(CountingJob.failing(5));

        try (QueueWorker worker = jobs.worker().build().start()) {
            jobs.awaitAllDone(List.of(quick, retried, failed), Duration.ofSeconds(30));
        }

        assertThat(jobs.record(quick).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.record(retried).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.record(retried).getAttempts()).isEqualTo(3);
        assertThat(jobs.record(failed).getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(jobs.record(failed).getAttempts()).isEqualTo(3);
        assertThat(jobs.job.runs(failed)).isEqualTo(3);
        assertThat(jobs.length(jobs.queueName)).isZero();
        assertThat(jobs.length(jobs.poison())).isZero();
    }

    @Test
    void receivesInBatchesOfUpTo32AndRunsEachJobOnce() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(jobs.queue(CountingJob.quick()));
        }
        try (QueueWorker worker =
                jobs.worker().batchSize(32).concurrency(32).build().start()) {
            jobs.awaitAllDone(ids, Duration.ofSeconds(60));
        }
        assertThat(ids).allSatisfy(id -> {
            assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(jobs.job.runs(id)).isEqualTo(1);
        });
        assertThat(jobs.length(jobs.queueName)).isZero();
    }

    @Test
    void aJobRunningThreeTimesTheVisibilityTimeoutRunsOnceWhileTwoWorkersPoll() {
        Duration run = JobsOnAzure.VISIBILITY.multipliedBy(3);
        long id = jobs.queue(CountingJob.sleeping(run));

        try (QueueWorker first = jobs.worker().name("first").build().start();
                QueueWorker second = jobs.worker().name("second").build().start()) {
            jobs.awaitStatus(id, JobStatus.SUCCEEDED, run.plusSeconds(20));
        }

        assertThat(jobs.job.runs(id)).isEqualTo(1);
        assertThat(jobs.record(id).getAttempts()).isEqualTo(1);
        assertThat(jobs.length(jobs.queueName)).isZero();
    }

    @Test
    void theSameMessageSentTwiceRunsTheJobOnce() {
        long id = jobs.queue(CountingJob.sleeping(Duration.ofMillis(500)));
        jobs.queue.send(jobs.queueName, jobs.codec.encode(id), Duration.ZERO);

        try (QueueWorker worker = jobs.worker().concurrency(4).build().start()) {
            jobs.awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));
            // The duplicate is either ALREADY_DONE or BUSY (deferred), then ALREADY_DONE: wait for it to go.
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.length(jobs.queueName) == 0);
        }
        assertThat(jobs.job.runs(id)).isEqualTo(1);
        assertThat(jobs.length(jobs.poison())).isZero();
    }

    @Test
    void aMessageDeliveredMoreThanMaxDequeueCountTimesGoesToPoisonByteIdenticalAndTheJobIsAborted() {
        long id = jobs.queue(CountingJob.quick());
        String text = jobs.codec.encode(id);
        // Two deliveries that never settle (a worker dying each time): the next one is the third.
        for (int i = 0; i < 2; i++) {
            List<QueueMessage> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> got.addAll(jobs.queue.receive(jobs.queueName, 1, Duration.ofSeconds(1))));
        }
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(1100)).until(() -> true);

        try (QueueWorker worker = jobs.worker().maxDequeueCount(2).build().start()) {
            jobs.awaitStatus(id, JobStatus.ABORTED, Duration.ofSeconds(20));
        }

        assertThat(jobs.job.runs(id)).isZero();
        assertThat(jobs.record(id).getExceptionData()).contains("delivered 3 times");
        assertThat(jobs.drainTexts(jobs.poison(), Duration.ofSeconds(5))).containsExactly(text);
    }
}
