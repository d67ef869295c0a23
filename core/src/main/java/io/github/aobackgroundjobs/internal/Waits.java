package io.github.aobackgroundjobs.internal;

import java.time.Duration;

/** Timeouts given as {@link Duration}, as nanoseconds a deadline can be computed from. */
public final class Waits {

    /** About 146 years: beyond any wait, and far from overflowing {@code System.nanoTime()} sums. */
    private static final Duration MAX_WAIT = Duration.ofNanos(Long.MAX_VALUE / 2);

    private Waits() {}

    /**
     * @param timeout a timeout
     * @return it in nanoseconds: 0 for a negative one, capped for one too long to count (such as
     *     {@code ChronoUnit.FOREVER}'s) instead of overflowing
     */
    public static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return capped(timeout).toNanos();
    }

    /**
     * @param interval an interval or a timeout, not negative
     * @return it, or about 146 years for a longer one (such as {@code ChronoUnit.FOREVER}'s), so
     *     that it can be counted in milliseconds or nanoseconds without overflowing
     */
    public static Duration capped(Duration interval) {
        return interval.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : interval;
    }
}
