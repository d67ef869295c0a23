package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Javadoc of BackgroundJobsMetrics, read as a new user would. */
class MetricsJavadocTest {

    @Test
    void theRefreshIsAtLeastOneMillisecondAndANullOneIsRefusedNamingIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatCode(() -> new BackgroundJobsMetrics(registry, Duration.ofMillis(1)).close())
                .doesNotThrowAnyException();
        assertThatCode(() -> new BackgroundJobsMetrics(registry, ChronoUnit.FOREVER.getDuration()).close())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new BackgroundJobsMetrics(registry, Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueLengthRefresh'");
        assertThatThrownBy(() -> new BackgroundJobsMetrics(registry, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'queueLengthRefresh'");
        assertThatThrownBy(() -> new BackgroundJobsMetrics(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'registry'");
    }

    @Test
    void bindToReturnsTheMetricsAndCloseIsIdempotentAndLeavesTheMetersRegistered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                .name("reports-worker")
                .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                .listener(metrics)
                .build();
        assertThat(metrics.bindTo(worker)).isSameAs(metrics);
        metrics.close();
        assertThatCode(metrics::close).doesNotThrowAnyException();
        assertThat(registry.get(BackgroundJobsMetrics.RUNNING)
                        .tag("worker", "reports-worker")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.get(BackgroundJobsMetrics.STORE_DOWN).gauge().value())
                .isZero();
        assertThatCode(() -> registry.get(BackgroundJobsMetrics.QUEUE_LENGTH)
                        .tag("queue", "reports")
                        .gauge()
                        .value())
                .as("a scrape after close")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> metrics.bindTo(worker)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void countersAndTimersAreCreatedOnFirstUseOnePerOutcome() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
                QueueWorker worker = QueueWorker.builder(queue)
                        .job("reports", new ReportJob(repository))
                        .listener(metrics)
                        .build()) {
            metrics.bindTo(worker);
            assertThat(registry.find(BackgroundJobsMetrics.FINISHED).counters()).isEmpty();
            assertThat(registry.find(BackgroundJobsMetrics.EXECUTION).timers()).isEmpty();
            assertThat(registry.find(BackgroundJobsMetrics.PICKUP).timers()).isEmpty();

            worker.start();
            var client = QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.find(BackgroundJobsMetrics.FINISHED)
                            .tag("outcome", "succeeded")
                            .counter()
                    == null) {
                assertThat(System.nanoTime()).as("the first count").isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThat(registry.find(BackgroundJobsMetrics.FINISHED)
                            .tag("queue", "reports")
                            .tag("request.type", "ReportRequest")
                            .counters())
                    .hasSize(Outcome.Type.values().length);
            assertThat(registry.find(BackgroundJobsMetrics.EXECUTION).timers()).hasSize(Outcome.Type.values().length);
            assertThat(registry.find(BackgroundJobsMetrics.PICKUP).timers()).hasSize(1);
        }
    }

    /** Answers 5 once, then holds the next read until it is interrupted, failing it as the Azure SDK does. */
    static final class HeldLengthQueue extends ForwardingJobQueue {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch heldReadStarted = new CountDownLatch(1);
        final CountDownLatch heldReadEnded = new CountDownLatch(1);

        HeldLengthQueue() {
            super(new InMemoryJobQueue());
        }

        @Override
        public OptionalLong approximateLength(String queueName) {
            if (reads.incrementAndGet() == 1) {
                return OptionalLong.of(5);
            }
            heldReadStarted.countDown();
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                return OptionalLong.of(6);
            } catch (InterruptedException e) {
                throw new IllegalStateException("the read was interrupted", e);
            } finally {
                heldReadEnded.countDown();
            }
        }
    }

    @Test
    void closeDuringALengthReadKeepsTheLastValue() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HeldLengthQueue queue = new HeldLengthQueue();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, Duration.ofMillis(1));
        QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH).gauge();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (length.value() != 5.0) {
            assertThat(System.nanoTime()).as("the first read").isLessThan(deadline);
            Thread.sleep(5);
        }
        while (!queue.heldReadStarted.await(5, TimeUnit.MILLISECONDS)) {
            assertThat(length.value()).isEqualTo(5.0);
            assertThat(System.nanoTime()).as("the second read").isLessThan(deadline);
        }

        metrics.close();

        assertThat(queue.heldReadEnded.await(10, TimeUnit.SECONDS))
                .as("close stops the reading thread")
                .isTrue();
        long watch = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < watch) {
            assertThat(length.value()).as("the last value, kept after close").isEqualTo(5.0);
        }
        assertThat(queue.reads).hasValue(2);
    }
}
