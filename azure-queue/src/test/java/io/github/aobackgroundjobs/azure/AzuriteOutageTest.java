package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Azurite goes away while jobs are in flight; each test runs its own Azurite. */
class AzuriteOutageTest {

    @Test
    void stoppedMidRunAndRestartedWithItsDataEveryJobFinishesOnce() {
        try (Azurite azurite = Azurite.start(Azurite.Persistence.DISK, Azurite.Service.QUEUE)) {
            JobsOnAzure jobs = new JobsOnAzure(azurite, "outage");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(jobs.queue(CountingJob.sleeping(Duration.ofMillis(300))));
            }
            try (QueueWorker worker = jobs.worker().concurrency(4).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(jobs, ids) >= 5);
                azurite.stop();
                // Jobs already running finish against the repository; settling their messages fails meanwhile.
                await().pollDelay(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4))
                        .until(() -> true);
                assertThat(succeeded(jobs, ids)).isLessThan(ids.size());
                azurite.start();
                jobs.awaitAllDone(ids, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> jobs.length(jobs.queueName) == 0);
            }
            assertThat(ids).allSatisfy(id -> {
                assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(jobs.job.runs(id)).isEqualTo(1);
            });
        }
    }

    @Test
    void underFunctionsStoppedMidRunAndRestartedWithItsDataEveryJobFinishesOnce() throws Exception {
        try (Azurite azurite = Azurite.start(Azurite.Persistence.DISK, Azurite.Service.QUEUE)) {
            JobsOnAzure jobs = new JobsOnAzure(azurite, "outagefn");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(jobs.queue(CountingJob.sleeping(Duration.ofMillis(1000))));
            }
            try (FunctionsHostSimulator host = jobs.functionsHost(azurite)
                    .messageLease(Duration.ofSeconds(2))
                    .build()) {
                java.util.concurrent.CompletableFuture<Void> draining = java.util.concurrent.CompletableFuture.runAsync(
                        () -> host.runUntilIdle(Duration.ofSeconds(90)));
                await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(jobs, ids) >= 3);
                azurite.stop();
                assertThat(succeeded(jobs, ids)).isLessThan(ids.size());
                await().pollDelay(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4))
                        .until(() -> true);
                azurite.start();
                draining.get(100, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(host.invocations())
                        .anyMatch(i -> i.disposition() == FunctionsHostSimulator.Disposition.UNSETTLED
                                || i.dequeueCount() > 1);
            }
            assertThat(ids).allSatisfy(id -> {
                assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(jobs.job.runs(id)).isEqualTo(1);
            });
        }
    }

    @Test
    void restartedInMemoryTheMessagesAreLostAndTheSweeperResendsThem() {
        try (Azurite azurite = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .build()) {
            JobsOnAzure jobs = new JobsOnAzure(azurite, "lost");
            List<Long> ids = queueTen(jobs);
            azurite.stop();
            azurite.start();
            assertThat(jobs.length(jobs.queueName)).isZero();

            try (QueueWorker worker = jobs.worker()
                    .sweeper(jobs.sweeper(), Duration.ofMillis(500))
                    .build()
                    .start()) {
                jobs.awaitAllDone(ids, Duration.ofSeconds(30));
            }
            assertThat(ids).allSatisfy(id -> {
                assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(jobs.job.runs(id)).isEqualTo(1);
            });
        }
    }

    @Test
    void restartedInMemoryUnderFunctionsTheRecoveryTimerResendsTheLostMessages() {
        try (Azurite azurite = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .build()) {
            JobsOnAzure jobs = new JobsOnAzure(azurite, "lostfn");
            List<Long> ids = queueTen(jobs);
            azurite.stop();
            azurite.start();

            try (FunctionsHostSimulator host = jobs.functionsHost(azurite).build()) {
                host.runUntilIdle(Duration.ofSeconds(10));
                assertThat(host.invocations()).isEmpty();
                await().pollDelay(Duration.ofMillis(2_100))
                        .atMost(Duration.ofSeconds(3))
                        .until(() -> true);
                assertThat(host.fireTimer("RecoverJobs").logLines()).anyMatch(l -> l.contains("10 re-sent"));
                host.runUntilIdle(Duration.ofSeconds(30));
            }
            assertThat(ids).allSatisfy(id -> {
                assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(jobs.job.runs(id)).isEqualTo(1);
            });
        }
    }

    private static List<Long> queueTen(JobsOnAzure jobs) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(jobs.queue(CountingJob.quick()));
        }
        return ids;
    }

    private static long succeeded(JobsOnAzure jobs, List<Long> ids) {
        return ids.stream()
                .filter(id -> jobs.record(id).getStatus() == JobStatus.SUCCEEDED)
                .count();
    }
}
