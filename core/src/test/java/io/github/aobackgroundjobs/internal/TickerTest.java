package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ticker of lease heartbeats is one periodic task: an exception leaving it would end it for
 * every participant, so that every running job's lease would expire and another worker would
 * run it again.
 */
class TickerTest {

    static List<Error> participantErrors() {
        return List.of(new NoClassDefFoundError("com/example/Missing"), new OutOfMemoryError("Java heap space"));
    }

    /** One renewal failing, even for want of memory: the others' leases must still be renewed. */
    @ParameterizedTest
    @MethodSource("participantErrors")
    void aParticipantThatThrowsAnErrorNeitherStopsTheTickerNorTheOthers(Error failure) {
        ScheduledThreadPoolExecutor timer = Scheduler.create("ticker-test", 1);
        try {
            Ticker ticker = new Ticker(timer, 5);
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger ticks = new AtomicInteger();
            ticker.add(now -> {
                failed.incrementAndGet();
                throw failure;
            });
            ticker.add(now -> ticks.incrementAndGet());

            Await.until(
                    Duration.ofSeconds(10),
                    "five ticks of both after the first failure",
                    () -> failed.get() >= 5 && ticks.get() >= 5);
        } finally {
            timer.shutdownNow();
        }
    }
}
