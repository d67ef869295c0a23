package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** docs/metrics.md: the outcome counts of retried and stray deliveries, and what close() keeps. */
class OutcomeCountsDocumentedTest {

    record OtherRequest(String period) {}

    /** Fails its first two attempts. */
    static final class FlakyJob extends BackgroundJobBase<Long, ReportRequest, String> {
        FlakyJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    ReportRequest.class,
                    String.class,
                    JobOptions.builder()
                            .retryPolicy(RetryPolicy.fixed(3, Duration.ofMillis(50)))
                            .build());
        }

        @Override
        protected String onExecute(ReportRequest request, JobContext<Long> context) {
            if (context.attempt() < 3) {
                throw new IllegalStateException("not yet (attempt " + context.attempt() + ")");
            }
            return "ok";
        }
    }

    static final class OtherJob extends BackgroundJobBase<Long, OtherRequest, String> {
        OtherJob(JobRepositoryBase<Long> repository) {
            super(repository, OtherRequest.class, String.class);
        }

        @Override
        protected String onExecute(OtherRequest request, JobContext<Long> context) {
            return "other";
        }
    }

    private static double count(SimpleMeterRegistry registry, String queue, String outcome) {
        return registry
                .find("backgroundjobs.jobs.finished")
                .tags("queue", queue, "outcome", outcome)
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static void await(DoubleSupplier value, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsDouble() < expected) {
            assertThat(System.nanoTime()).as("waiting for %s", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aJobRetriedTwiceThenSuccessfulCountsRetryTwiceAndSucceededOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = QueueWorker.builder(queue)
                .name("w")
                .job("reports", new FlakyJob(repository))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        worker.start();
        try (worker;
                metrics) {
            var client = QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            await(() -> count(registry, "reports", "succeeded"), 1);
            assertThat(count(registry, "reports", "retry")).isEqualTo(2);
            assertThat(count(registry, "reports", "succeeded")).isEqualTo(1);
            assertThat(count(registry, "reports", "failed")).isZero();
            assertThat(registry.get("backgroundjobs.jobs.pickup").timer().count())
                    .as("one pickup per claim")
                    .isEqualTo(3);
        }
    }

    @Test
    void aMessageOnTheWrongQueueCountsRejected() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        // a job of another kind, its message sent to the reports queue
        Long stray = QueueJobClient.builder(repository, queue)
                .build()
                .queueJob("reports", "alice", "OtherRequest", new OtherRequest("x"), Duration.ZERO);
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = QueueWorker.builder(queue)
                .name("w")
                .job("reports", new FlakyJob(repository))
                .job("other", new OtherJob(repository))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        worker.start();
        try (worker;
                metrics) {
            await(() -> count(registry, "reports", "rejected"), 1);
            assertThat(repository.getJob(stray).getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(registry.find("backgroundjobs.jobs.finished")
                            .tag("request.type", "OtherRequest")
                            .tag("queue", "reports")
                            .counters())
                    .as("tagged with the bound job's request type, a closed set")
                    .isEmpty();
        }
    }

    @Test
    void closeKeepsTheMetersRegistered() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = QueueWorker.builder(queue)
                .name("w")
                .job("reports", new FlakyJob(repository))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        int before = registry.getMeters().size();
        worker.close();
        metrics.close();
        assertThat(registry.getMeters()).hasSize(before);
        assertThat(registry.find("backgroundjobs.queue.length").gauge()).isNotNull();
    }
}
