package io.github.aobackgroundjobs.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One periodic task that visits every registered participant, instead of one timer task per
 * running job or held message: registering is a set insertion, with no timer-queue lock and no
 * wake-up of the timer thread, which matters at tens of thousands of jobs a second. Each
 * participant decides itself whether it is due.
 */
public final class Ticker {

    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);
    private static final Ticker HEARTBEATS = new Ticker(Scheduler.shared(), 100);

    private final Set<LongConsumer> participants = ConcurrentHashMap.newKeySet();

    /**
     * @param executor the timer to tick on
     * @param periodMillis time between ticks
     */
    public Ticker(ScheduledExecutorService executor, long periodMillis) {
        executor.scheduleWithFixedDelay(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** @return the process-wide ticker of lease heartbeats (every 100 ms) */
    public static Ticker heartbeats() {
        return HEARTBEATS;
    }

    /**
     * @param participant called with {@link System#nanoTime()} at each tick until removed
     */
    public void add(LongConsumer participant) {
        participants.add(participant);
    }

    /**
     * @param participant a participant added before
     */
    public void remove(LongConsumer participant) {
        participants.remove(participant);
    }

    private void tick() {
        long now = System.nanoTime();
        for (LongConsumer participant : participants) {
            try {
                participant.accept(now);
            } catch (Throwable e) {
                // Anything leaving a periodic task, an OutOfMemoryError included, would end it
                // silently: no heartbeat would run again and every running job's lease would expire.
                LOG.warn("Timer participant {} failed", participant, e);
            }
        }
    }
}
