package io.github.aobackgroundjobs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The checks of a {@link RealRun}'s meters against what ran, shared by the in-memory and H2 tests. */
final class MetricsAssertions {

    private MetricsAssertions() {}

    static <K> void checkRun(MeterRegistry registry, RealRun<K> run) throws InterruptedException {
        String type = run.job.requestTypeName();
        RealRun.awaitTrue(
                "8 deliveries counted",
                () -> count(registry, "succeeded") + count(registry, "failed") + count(registry, "already_done") == 8);

        assertThat(count(registry, "succeeded")).isEqualTo(RealRun.SUCCEEDING);
        assertThat(count(registry, "failed")).isEqualTo(RealRun.FAILING);
        assertThat(count(registry, "already_done"))
                .as("the job cancelled before it ran")
                .isEqualTo(1);
        assertThat(count(registry, "cancelled")).isZero();
        for (String none : new String[] {"retry", "rejected", "busy", "aborted"}) {
            assertThat(count(registry, none)).as(none).isZero();
        }

        Timer succeededTime = execution(registry, "succeeded");
        assertThat(succeededTime.count()).isEqualTo(RealRun.SUCCEEDING);
        assertThat(succeededTime.totalTime(TimeUnit.MILLISECONDS))
                .as("each succeeding job slept %d ms", RealRun.SLEEP_MILLIS)
                .isGreaterThanOrEqualTo(RealRun.SUCCEEDING * RealRun.SLEEP_MILLIS);
        assertThat(execution(registry, "failed").count()).isEqualTo(RealRun.FAILING);

        // The blocked job is still running: the gauge sees it, and only it.
        Gauge running = registry.get(BackgroundJobsMetrics.RUNNING)
                .tag("worker", run.worker.name())
                .gauge();
        assertThat(running.value()).isEqualTo(1.0);
        assertThat(registry.get(BackgroundJobsMetrics.STORE_DOWN)
                        .tag("worker", run.worker.name())
                        .gauge()
                        .value())
                .isZero();
        Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH)
                .tag("queue", RealRun.QUEUE)
                .gauge();
        // Read in the background: the first reads may show NaN; the blocked job's message is in flight.
        RealRun.awaitTrue("queue length read", () -> length.value() == 1.0);

        Thread.sleep(100);
        run.cancelBlocked();
        RealRun.awaitTrue("the cancelled job counted", () -> count(registry, "cancelled") == 1);
        assertThat(execution(registry, "cancelled").totalTime(TimeUnit.NANOSECONDS))
                .as("the cancelled delivery lasted at least while it was blocked")
                .isGreaterThanOrEqualTo(100_000_000.0);
        RealRun.awaitTrue("no job running", () -> running.value() == 0.0);
        RealRun.awaitTrue("queue empty", () -> length.value() == 0.0);

        // Pickup: one per claimed job, the latencies the store recorded.
        Timer pickup = registry.get(BackgroundJobsMetrics.PICKUP)
                .tag("queue", RealRun.QUEUE)
                .tag("request.type", type)
                .timer();
        long recorded = 0;
        long max = 0;
        for (BackgroundJobInfo<K> record : run.ranRecords()) {
            assertThat(record.getQueueLatencyMillis()).isNotNull();
            recorded += record.getQueueLatencyMillis();
            max = Math.max(max, record.getQueueLatencyMillis());
        }
        assertThat(pickup.count()).isEqualTo(RealRun.SUCCEEDING + RealRun.FAILING + 1);
        assertThat(pickup.totalTime(TimeUnit.MILLISECONDS)).isEqualTo((double) recorded);
        assertThat(pickup.max(TimeUnit.MILLISECONDS)).isEqualTo((double) max);
        // One job at a time, in queue order: the blocking job, queued last, started after every
        // sleeping one had slept, and those started no earlier than the queueing did (less 2 ms:
        // the stored times are whole milliseconds).
        assertThat(max)
                .as("the last job waited behind the sleeping ones (queueing took %d ms)", run.queueingMillis)
                .isGreaterThanOrEqualTo(RealRun.SUCCEEDING * RealRun.SLEEP_MILLIS - run.queueingMillis - 2);
    }

    static double count(MeterRegistry registry, String outcome) {
        Counter counter = registry.find(BackgroundJobsMetrics.FINISHED)
                .tag("queue", RealRun.QUEUE)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    static Timer execution(MeterRegistry registry, String outcome) {
        return registry.get(BackgroundJobsMetrics.EXECUTION)
                .tag("queue", RealRun.QUEUE)
                .tag("outcome", outcome)
                .timer();
    }
}
