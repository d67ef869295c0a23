package io.github.aobackgroundjobs.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The window of {@link JobQueryRepository#statistics}.
 *
 * @param from inclusive start of the window
 * @param to exclusive end of the window
 * @param bucket throughput bucket size: {@link ChronoUnit#MINUTES} or {@link ChronoUnit#HOURS}
 */
public record StatisticsQuery(Instant from, Instant to, ChronoUnit bucket) {

    /** Default window length. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    /**
     * Validates the arguments.
     *
     * @throws NullPointerException if an argument is null (the message names it)
     * @throws IllegalArgumentException if {@code from} is not before {@code to}, or
     *     {@code bucket} is neither MINUTES nor HOURS (the message names it)
     * @param from see {@link #from()}
     * @param to see {@link #to()}
     * @param bucket see {@link #bucket()}
     */
    public StatisticsQuery {
        Objects.requireNonNull(from, "'from' cannot be null.");
        Objects.requireNonNull(to, "'to' cannot be null.");
        Objects.requireNonNull(bucket, "'bucket' cannot be null.");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'.");
        }
        if (bucket != ChronoUnit.MINUTES && bucket != ChronoUnit.HOURS) {
            throw new IllegalArgumentException("'bucket' must be MINUTES or HOURS, not " + bucket + ".");
        }
    }

    /**
     * The last 24 hours in hourly buckets.
     *
     * @param clock the clock to read now from
     * @return the query
     */
    public static StatisticsQuery last24Hours(Clock clock) {
        Instant now = clock.instant();
        return new StatisticsQuery(now.minus(DEFAULT_WINDOW), now, ChronoUnit.HOURS);
    }
}
