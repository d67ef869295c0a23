package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** docs/metrics.md: the outcome tag's values, a busy delivery, the pickup of a retry. */
class BusyAndRetryDocumentedTest {

    private static final String[] DOCUMENTED_OUTCOMES = {
        "succeeded", "failed", "retry", "cancelled", "already_done", "aborted", "busy", "rejected"
    };

    /** Waits for the latch before it returns. */
    static final class GatedJob extends BackgroundJobBase<Long, ReportRequest, String> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GatedJob(JobRepositoryBase<Long> repository) {
            super(repository, ReportRequest.class, String.class);
        }

        @Override
        protected String onExecute(ReportRequest request, JobContext<Long> context) throws InterruptedException {
            started.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return "ok";
        }
    }

    static final class OkJob extends BackgroundJobBase<Long, ReportRequest, String> {
        OkJob(JobRepositoryBase<Long> repository) {
            super(repository, ReportRequest.class, String.class);
        }

        @Override
        protected String onExecute(ReportRequest request, JobContext<Long> context) {
            return "ok";
        }
    }

    /** Fails its first attempt; the retry is due two seconds later. */
    static final class FailsOnceJob extends BackgroundJobBase<Long, ReportRequest, String> {
        FailsOnceJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    ReportRequest.class,
                    String.class,
                    JobOptions.builder()
                            .retryPolicy(RetryPolicy.fixed(2, Duration.ofSeconds(2)))
                            .build());
        }

        @Override
        protected String onExecute(ReportRequest request, JobContext<Long> context) {
            if (context.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return "ok";
        }
    }

    private static double count(MeterRegistry registry, String outcome) {
        return registry
                .find(BackgroundJobsMetrics.FINISHED)
                .tags("queue", "reports", "outcome", outcome)
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void theOutcomeTagIsTheOutcomeTypeInLowerCase_exactlyTheDocumentedValues() {
        assertThat(Arrays.stream(Outcome.Type.values()).map(t -> t.name().toLowerCase(Locale.ROOT)))
                .containsExactlyInAnyOrder(DOCUMENTED_OUTCOMES);
    }

    @Test
    void aDuplicateDeliveryOfARunningJobCountsBusyAndIsNoPickup() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        GatedJob job = new GatedJob(repository);
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
                QueueWorker worker = QueueWorker.builder(queue)
                        .name("w")
                        .job("reports", job)
                        .listener(metrics)
                        .maxPollInterval(Duration.ofMillis(50))
                        .build()) {
            metrics.bindTo(worker);
            worker.start();
            await("the start-up recovery", () -> !worker.isRecovering());
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            assertThat(job.started.await(10, TimeUnit.SECONDS)).isTrue();
            // A second message for the same job, as a duplicate delivery would bring.
            queue.send("reports", JobMessageCodec.encodeJson(Long.toString(id)), Duration.ZERO);
            await("the duplicate counted busy", () -> count(registry, "busy") == 1);
            job.release.countDown();
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            await("the success counted", () -> count(registry, "succeeded") == 1);
            assertThat(registry.get(BackgroundJobsMetrics.PICKUP).timer().count())
                    .as("only the delivery that claimed the job is a pickup")
                    .isEqualTo(1);
            assertThat(registry.find(BackgroundJobsMetrics.FINISHED)
                            .tag("queue", "reports")
                            .counters())
                    .extracting(c -> c.getId().getTag("outcome"))
                    .containsExactlyInAnyOrder(DOCUMENTED_OUTCOMES);
        }
    }

    @Test
    void theRetrysPickupCountsFromItsRetryBeingDueNotFromTheFailure() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
                QueueWorker worker = QueueWorker.builder(queue)
                        .name("w")
                        .job("reports", new FailsOnceJob(repository))
                        .listener(metrics)
                        .maxPollInterval(Duration.ofMillis(50))
                        .build()) {
            metrics.bindTo(worker);
            worker.start();
            await("the start-up recovery", () -> !worker.isRecovering());
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(15)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            await("the success counted", () -> count(registry, "succeeded") == 1);
            assertThat(count(registry, "retry")).isEqualTo(1);
            Timer pickup = registry.get(BackgroundJobsMetrics.PICKUP).timer();
            assertThat(pickup.count()).isEqualTo(2);
            assertThat(pickup.max(TimeUnit.MILLISECONDS))
                    .as("the 2 s between the failure and the retry being due is not waiting")
                    .isLessThan(1_500);
        }
    }

    /** Keeps its messages across restarts, as far as the worker knows: no start-up recovery re-sends them. */
    static final class DurableQueue extends ForwardingJobQueue {
        final List<Integer> received = new CopyOnWriteArrayList<>();

        DurableQueue() {
            super(new InMemoryJobQueue());
        }

        @Override
        public List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout) {
            List<QueueMessage> messages = super.receive(queueName, maxMessages, visibilityTimeout);
            received.add(messages.size());
            return messages;
        }

        @Override
        public boolean isDurable() {
            return true;
        }
    }

    @Test
    void jobsClaimedTogetherInABatchAreEachCountedTimedAndPickedUpOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DurableQueue queue = new DurableQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(client.queueJob("reports", "alice", new ReportRequest("day " + i)));
        }
        // Waiting before the worker starts: received (and claimed) in batches of up to 8.
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
                QueueWorker worker = QueueWorker.builder(queue)
                        .name("w")
                        .job("reports", new OkJob(repository))
                        .concurrency(8)
                        .listener(metrics)
                        .build()) {
            metrics.bindTo(worker);
            worker.start();
            for (Long id : ids) {
                assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                        .isEqualTo(JobStatus.SUCCEEDED);
            }
            await("20 counted", () -> count(registry, "succeeded") == 20);
            assertThat(queue.received).as("some received together").anyMatch(n -> n > 1);
            assertThat(registry.get(BackgroundJobsMetrics.PICKUP).timer().count())
                    .isEqualTo(20);
            assertThat(registry.get(BackgroundJobsMetrics.EXECUTION)
                            .tags("queue", "reports", "outcome", "succeeded")
                            .timer()
                            .count())
                    .isEqualTo(20);
        }
    }
}
