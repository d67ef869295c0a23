package io.github.aobackgroundjobs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** A Prometheus scrape after a real run shows the counters with their tags, in Prometheus' naming. */
class PrometheusScrapeTest {

    @Test
    void theScrapeHoldsTheCountersWithTheirTags() throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RealRun<Long> run = new RealRun<>(InMemoryJobRepository.withLongKeys(), registry)) {
            run.run();
            run.cancelBlocked();
            RealRun.awaitTrue("the cancelled job counted", () -> MetricsAssertions.count(registry, "cancelled") == 1);
            String type = run.job.requestTypeName();

            String scrape = registry.scrape();

            String tags = "queue=\"" + RealRun.QUEUE + "\",request_type=\"" + type + "\"";
            assertThat(scrape)
                    .contains("backgroundjobs_jobs_finished_total{outcome=\"succeeded\"," + tags + "} 5.0")
                    .contains("backgroundjobs_jobs_finished_total{outcome=\"failed\"," + tags + "} 2.0")
                    .contains("backgroundjobs_jobs_finished_total{outcome=\"cancelled\"," + tags + "} 1.0")
                    .contains("backgroundjobs_jobs_finished_total{outcome=\"already_done\"," + tags + "} 1.0")
                    .contains("backgroundjobs_jobs_execution_seconds_count{outcome=\"succeeded\"," + tags + "} 5")
                    .contains("backgroundjobs_jobs_pickup_seconds_count{" + tags + "} 8")
                    .contains("backgroundjobs_jobs_running{worker=\"metrics-test\"} 0.0")
                    .contains("backgroundjobs_store_down{worker=\"metrics-test\"} 0.0")
                    .contains("backgroundjobs_queue_length_messages{queue=\"" + RealRun.QUEUE + "\"}");
        }
    }
}
