package io.github.aobackgroundjobs.dashboard.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Paces a log line that anyone can cause (a refused webhook): the first one is written, then at
 * most one per {@link #PERIOD}, which says how many were not written since the one before.
 * Without it, one client posting as fast as it can writes about a thousand lines a second, and
 * a log going to a file grows until the disk is full. Thread-safe.
 */
final class LogPacer {

    /** At most one line per this long. */
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final Clock clock;
    private Instant next = Instant.MIN;
    private long skipped;

    LogPacer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /**
     * Counts one occurrence.
     *
     * @return -1 if it is not to be logged; otherwise log it, with the returned number of
     *     occurrences not logged since the last line
     */
    synchronized long admit() {
        Instant now = clock.instant();
        // A clock set back (more than a period before the last line) must not silence the log until it catches up.
        if (now.isBefore(next) && !now.isBefore(next.minus(PERIOD))) {
            skipped++;
            return -1;
        }
        long notLogged = skipped;
        skipped = 0;
        next = now.plus(PERIOD);
        return notLogged;
    }
}
