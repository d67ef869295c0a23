package io.github.aobackgroundjobs.scheduler.internal;

import io.github.aobackgroundjobs.scheduler.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** Fire times at the multiples of a fixed interval since the Unix epoch, whatever the zone. */
public final class IntervalSchedule extends Schedule {

    private final Duration interval;
    private final long millis;

    private IntervalSchedule(Duration interval) {
        this.interval = interval;
        this.millis = interval.toMillis();
    }

    /**
     * @param interval the interval
     * @return the schedule
     * @throws IllegalArgumentException naming 'interval' if null, under a second, not whole milliseconds, or
     *     longer than {@link Schedule#MAX_INTERVAL}
     */
    public static IntervalSchedule of(Duration interval) {
        if (interval == null) {
            throw new IllegalArgumentException("'interval' cannot be null.");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("'interval' must be at least 1 s, not " + interval + ".");
        }
        if (interval.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "'interval' must be a whole number of milliseconds, not " + interval + ".");
        }
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("'interval' must be at most " + MAX_INTERVAL.toDays()
                    + " days (" + MAX_INTERVAL + "), so that its fire times fit a database timestamp, not "
                    + interval + ".");
        }
        return new IntervalSchedule(interval);
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        Objects.requireNonNull(after, "'after' cannot be null.");
        long k = Math.floorDiv(floorMillis(after), millis) + 1;
        return Optional.of(Instant.ofEpochMilli(k * millis));
    }

    @Override
    public Optional<Instant> lastBefore(Instant before, ZoneId zone) {
        Objects.requireNonNull(before, "'before' cannot be null.");
        Instant candidate = Instant.ofEpochMilli(Math.floorDiv(floorMillis(before), millis) * millis);
        if (!candidate.isBefore(before)) {
            candidate = candidate.minusMillis(millis);
        }
        return Optional.of(candidate);
    }

    private static long floorMillis(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 1) * 1000 + t.getNano() / 1_000_000;
    }

    @Override
    public String text() {
        return "every " + interval;
    }

    @Override
    public String describe() {
        return "every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
