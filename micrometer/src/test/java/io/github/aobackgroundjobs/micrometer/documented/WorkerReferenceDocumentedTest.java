package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** BackgroundJobsMetrics.bindTo: the gauges hold the worker weakly, as Micrometer gauges do. */
class WorkerReferenceDocumentedTest {

    /** Builds, binds, reads once and closes a worker; only a weak reference to it leaves this method. */
    private static WeakReference<QueueWorker> bindAndClose(SimpleMeterRegistry registry, BackgroundJobsMetrics metrics)
            throws InterruptedException {
        QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                .name("discarded")
                .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH).gauge();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Double.isNaN(length.value())) {
            assertThat(System.nanoTime()).as("the first length read").isLessThan(deadline);
            Thread.sleep(10);
        }
        worker.close();
        return new WeakReference<>(worker);
    }

    @Test
    void theGaugesHoldTheWorkerWeaklyAndReadNaNOnceItIsGarbage() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, Duration.ofMillis(1))) {
            WeakReference<QueueWorker> worker = bindAndClose(registry, metrics);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (worker.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(worker.get())
                    .as("a closed worker the application dropped is not kept by the registry")
                    .isNull();
            assertThat(registry.get(BackgroundJobsMetrics.RUNNING).gauge().value())
                    .isNaN();
            assertThat(registry.get(BackgroundJobsMetrics.STORE_DOWN).gauge().value())
                    .isNaN();
            Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH).gauge();
            long lengthDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Double.isNaN(length.value())) {
                assertThat(System.nanoTime())
                        .as("the length of a queue no worker reads")
                        .isLessThan(lengthDeadline);
                Thread.sleep(10);
            }
        }
    }
}
