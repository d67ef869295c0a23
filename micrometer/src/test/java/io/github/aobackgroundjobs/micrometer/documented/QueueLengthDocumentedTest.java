package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/metrics.md, "The queue length and the queue service". */
class QueueLengthDocumentedTest {

    /** Counts length reads and the threads they ran on. */
    static final class CountingQueue extends ForwardingJobQueue {
        final List<String> readers = new CopyOnWriteArrayList<>();

        CountingQueue() {
            super(new InMemoryJobQueue());
        }

        @Override
        public OptionalLong approximateLength(String queueName) {
            readers.add(Thread.currentThread().getName());
            return super.approximateLength(queueName);
        }
    }

    @Test
    void scrapesNeverAskTheServiceThemselvesAndAskItAtMostOncePerInterval() throws Exception {
        CountingQueue queue = new CountingQueue();
        for (int i = 0; i < 3; i++) {
            queue.send("reports", "x" + i, i == 0 ? Duration.ZERO : Duration.ofMinutes(1));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, Duration.ofSeconds(60))) {
            QueueWorker worker = QueueWorker.builder(queue)
                    .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                    .listener(metrics)
                    .build();
            metrics.bindTo(worker);
            Gauge length = registry.get("backgroundjobs.queue.length").gauge();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Double.isNaN(length.value())) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(length.value())
                        .as("the exact count, delayed messages included")
                        .isEqualTo(3.0);
            }
            assertThat(queue.readers).hasSize(1);
            assertThat(queue.readers).doesNotContain(Thread.currentThread().getName());
        }
    }
}
