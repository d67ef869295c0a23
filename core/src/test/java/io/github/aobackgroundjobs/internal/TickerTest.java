package io.github.aobackgroundjobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.support.Await;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The ticker of lease heartbeats is one periodic task: an exception leaving it would end it for
 * every participant, so that every running job's lease would expire and another worker would
 * run it again.
 */
class TickerTest {

    @Test
    void aParticipantThatThrowsAnErrorNeitherStopsTheTickerNorTheOthers() {
        ScheduledThreadPoolExecutor timer = Scheduler.create("ticker-test", 1);
        try {
            Ticker ticker = new Ticker(timer, 5);
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger ticks = new AtomicInteger();
            ticker.add(now -> {
                failed.incrementAndGet();
                throw new NoClassDefFoundError("com/example/Missing");
            });
            ticker.add(now -> ticks.incrementAndGet());

            Await.until(
                    Duration.ofSeconds(10),
                    "five ticks after the first failure",
                    () -> failed.get() >= 5 && ticks.get() >= 5);

            assertThat(failed.get()).isGreaterThanOrEqualTo(5);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aParticipantRunningOutOfMemoryDoesNotEndTheHeartbeatsOfEveryOther() {
        ScheduledThreadPoolExecutor timer = Scheduler.create("ticker-test", 1);
        try {
            Ticker ticker = new Ticker(timer, 5);
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger ticks = new AtomicInteger();
            // One renewal's allocation failing: the others' leases must still be renewed after it.
            ticker.add(now -> {
                if (failed.getAndIncrement() == 0) {
                    throw new OutOfMemoryError("Java heap space");
                }
            });
            ticker.add(now -> ticks.incrementAndGet());

            Await.until(Duration.ofSeconds(10), "five ticks after the error", () -> failed.get() >= 5);

            assertThat(ticks.get()).isGreaterThanOrEqualTo(4);
        } finally {
            timer.shutdownNow();
        }
    }
}
