package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.scheduler.internal.CronSchedule;
import io.github.aobackgroundjobs.scheduler.internal.IntervalSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a recurring job fires: a cron expression evaluated in the definition's time zone, or a
 * fixed interval.
 *
 * <p><b>Cron</b> ({@link #cron(String)}) is parsed and evaluated by
 * <a href="https://github.com/jmrozanec/cron-utils">cron-utils</a>. Five fields are the Unix
 * dialect ({@code minute hour day-of-month month day-of-week}, fires at second 0); six fields
 * put seconds first, in the Spring dialect ({@code second minute hour day-of-month month
 * day-of-week}, with {@code ?}, {@code L}, {@code W} and {@code #}). Names of months and days,
 * ranges, lists and steps work in both. Its fire times are whole seconds, whatever fraction of a
 * second the bound given to {@link #nextAfter}, {@link #lastBefore} or {@link #firstAtOrAfter} has.
 *
 * <p><b>Daylight saving time</b>, for a cron expression in a zone that has it: a time inside a
 * spring-forward gap does not exist that day and does not fire (a daily {@code 0 30 2 * * *} in
 * Europe/Berlin skips 29 March 2026); a time inside a fall-back overlap fires once, at its first
 * occurrence, while an expression that matches each hour fires in both occurrences, which are
 * distinct instants.
 *
 * <p><b>Fixed interval</b> ({@link #every(Duration)}): fire times are the multiples of the
 * interval counted from the Unix epoch (1970-01-01T00:00Z), so every process computes the
 * same list and the zone does not matter. The interval is at most {@link #MAX_INTERVAL}, so
 * that a fire time fits the database's timestamp.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class Schedule {

    /** The shortest interval a schedule may have. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * The longest interval a schedule may have: 365,250 days (1,000 years). A fire time is at most
     * one interval after now, and must fit a PostgreSQL timestamp (year 294276 at the latest);
     * this bound keeps it far inside.
     */
    public static final Duration MAX_INTERVAL = Duration.ofDays(365_250);

    /** Subclassed only inside this module. */
    protected Schedule() {}

    /**
     * @param expression five fields (Unix) or six with seconds first (Spring)
     * @return the schedule
     * @throws IllegalArgumentException naming {@code 'cron'} if the expression is null or invalid, or if it
     *     never fires (no date matches it, such as {@code 0 0 30 2 *}, 30 February)
     */
    public static Schedule cron(String expression) {
        return CronSchedule.parse(expression);
    }

    /**
     * @param interval the time between fires, at least {@link #MIN_INTERVAL}, whole milliseconds, at
     *     most {@link #MAX_INTERVAL}
     * @return the schedule
     * @throws IllegalArgumentException naming {@code 'interval'} if it is null, under one second,
     *     not a whole number of milliseconds or longer than {@link #MAX_INTERVAL}
     */
    public static Schedule every(Duration interval) {
        return IntervalSchedule.of(interval);
    }

    /**
     * Reads a schedule back from {@link #text()}.
     *
     * @param text {@code "cron <expression>"} or {@code "every <ISO-8601 duration>"}
     * @return the schedule
     * @throws IllegalArgumentException if the text is neither
     */
    public static Schedule parse(String text) {
        Objects.requireNonNull(text, "'schedule' cannot be null.");
        if (text.startsWith("cron ")) {
            return cron(text.substring(5));
        }
        if (text.startsWith("every ")) {
            try {
                return every(Duration.parse(text.substring(6)));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("'schedule' is not a valid interval: " + text, e);
            }
        }
        throw new IllegalArgumentException("'schedule' must start with 'cron ' or 'every ': " + text);
    }

    /**
     * The first fire time strictly after {@code after}.
     *
     * @param after the exclusive lower bound
     * @param zone the zone a cron expression is evaluated in; a fixed interval ignores it (null allowed)
     * @return the fire time, or empty if the schedule never fires again
     */
    public abstract Optional<Instant> nextAfter(Instant after, ZoneId zone);

    /**
     * The last fire time strictly before {@code before}.
     *
     * @param before the exclusive upper bound
     * @param zone the zone a cron expression is evaluated in; a fixed interval ignores it (null allowed)
     * @return the fire time, or empty if there is none
     */
    public abstract Optional<Instant> lastBefore(Instant before, ZoneId zone);

    /**
     * The first fire time at or after {@code from}.
     *
     * @param from the inclusive lower bound
     * @param zone the zone a cron expression is evaluated in; a fixed interval ignores it (null allowed)
     * @return the fire time, or empty if the schedule never fires again
     */
    public Optional<Instant> firstAtOrAfter(Instant from, ZoneId zone) {
        return nextAfter(Objects.requireNonNull(from, "'from' cannot be null.").minusNanos(1), zone);
    }

    /** @return the stored form: {@code "cron <expression>"} or {@code "every <ISO-8601 duration>"} */
    public abstract String text();

    /** @return a short human form, for the dashboard */
    public abstract String describe();

    @Override
    public final boolean equals(Object o) {
        return o instanceof Schedule other && other.text().equals(text());
    }

    @Override
    public final int hashCode() {
        return text().hashCode();
    }

    @Override
    public final String toString() {
        return text();
    }
}
