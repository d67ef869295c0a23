package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/metrics.md: "Choose the interval with the second constructor". */
class RefreshIntervalDocumentedTest {

    @Test
    void anIntervalOfAnyLengthFrom1msBindsAndReadsTheLength() throws Exception {
        for (Duration interval :
                List.of(Duration.ofMillis(1), Duration.ofDays(365L * 1_000), ChronoUnit.FOREVER.getDuration())) {
            InMemoryJobQueue queue = new InMemoryJobQueue();
            queue.send("reports", "x", Duration.ZERO);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, interval)) {
                QueueWorker worker = QueueWorker.builder(queue)
                        .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                        .listener(metrics)
                        .build();
                metrics.bindTo(worker);
                Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH).gauge();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (Double.isNaN(length.value())) {
                    assertThat(System.nanoTime())
                            .as("the first answer, interval %s", interval)
                            .isLessThan(deadline);
                    Thread.sleep(10);
                }
                assertThat(length.value()).isEqualTo(1.0);
            }
        }
    }

    @Test
    void anIntervalUnder1msOrNullIsRefusedNamingIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        for (Duration bad : List.of(Duration.ZERO, Duration.ofNanos(999_999), Duration.ofMillis(-5))) {
            assertThatThrownBy(() -> new BackgroundJobsMetrics(registry, bad))
                    .as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'queueLengthRefresh'");
        }
        assertThatThrownBy(() -> new BackgroundJobsMetrics(registry, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'queueLengthRefresh'");
    }
}
