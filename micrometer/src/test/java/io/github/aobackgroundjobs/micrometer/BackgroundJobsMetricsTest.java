package io.github.aobackgroundjobs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The meters of a real run on the in-memory repository and queue, checked against what ran. */
class BackgroundJobsMetricsTest {

    @Test
    void aRealRunIsCountedAndTimedAsItRan() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RealRun<Long> run = new RealRun<>(InMemoryJobRepository.withLongKeys(), registry)) {
            run.run();
            MetricsAssertions.checkRun(registry, run);
        }
    }

    @Test
    void tagsComeFromClosedSets_neverUsersOrIds() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RealRun<Long> run = new RealRun<>(InMemoryJobRepository.withLongKeys(), registry)) {
            run.run();
            run.cancelBlocked();
            Set<String> keys = registry.getMeters().stream()
                    .flatMap(m -> m.getId().getTags().stream())
                    .map(t -> t.getKey())
                    .collect(Collectors.toSet());
            assertThat(keys).containsExactlyInAnyOrder("queue", "request.type", "outcome", "worker");
            Set<String> values = registry.getMeters().stream()
                    .flatMap(m -> m.getId().getTags().stream())
                    .map(t -> t.getValue())
                    .collect(Collectors.toSet());
            assertThat(values)
                    .doesNotContain("alice", "bob", "carol", "dave")
                    .doesNotContain(String.valueOf(run.blocked), String.valueOf(run.cancelledEarly));
            assertThat(registry.getMeters().stream()
                            .map(Meter::getId)
                            .map(Meter.Id::getName)
                            .collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(
                            BackgroundJobsMetrics.FINISHED,
                            BackgroundJobsMetrics.EXECUTION,
                            BackgroundJobsMetrics.PICKUP,
                            BackgroundJobsMetrics.RUNNING,
                            BackgroundJobsMetrics.STORE_DOWN,
                            BackgroundJobsMetrics.QUEUE_LENGTH);
        }
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new BackgroundJobsMetrics(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'registry' cannot be null.");
        assertThatThrownBy(() -> new BackgroundJobsMetrics(new SimpleMeterRegistry(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueLengthRefresh'");
        assertThatThrownBy(() -> new BackgroundJobsMetrics(new SimpleMeterRegistry()).bindTo(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'worker' cannot be null.");
    }
}
