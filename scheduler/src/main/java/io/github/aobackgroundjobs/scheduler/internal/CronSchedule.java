package io.github.aobackgroundjobs.scheduler.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.github.aobackgroundjobs.scheduler.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/** A cron expression evaluated by cron-utils: five fields in the Unix dialect, six in Spring's. */
public final class CronSchedule extends Schedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private static final Instant NEVER_CHECK_FROM = Instant.parse("2000-01-01T00:00:00Z");

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * @param expression the expression
     * @return the schedule
     * @throws IllegalArgumentException naming 'cron' if invalid, or if no date matches it
     */
    public static CronSchedule parse(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("'cron' cannot be null.");
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("'cron' cannot be blank.");
        }
        int fields = trimmed.split(" ").length;
        CronSchedule schedule;
        CronParser parser;
        if (fields == 5) {
            parser = UNIX;
        } else if (fields == 6) {
            parser = WITH_SECONDS;
        } else {
            throw new IllegalArgumentException("'cron' must have 5 fields (minute hour day-of-month month day-of-week) "
                    + "or 6 with seconds first, not " + fields + ": '" + expression + "'.");
        }
        try {
            Cron cron = parser.parse(trimmed);
            cron.validate();
            schedule = new CronSchedule(trimmed, cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'cron' is invalid: '" + expression + "': " + e.getMessage(), e);
        }
        // Without a year field, a date the expression matches comes back within a few years of any start.
        if (schedule.nextAfter(NEVER_CHECK_FROM, ZoneOffset.UTC).isEmpty()) {
            throw new IllegalArgumentException(
                    "'cron' '" + expression + "' never fires: no date matches it (e.g. 30 February).");
        }
        return schedule;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        // Fire times are whole seconds, so the first after the bound is the first after its second; cron-utils
        // given a fraction carries it into the fire time when the bound's second matches the expression.
        Instant second =
                Objects.requireNonNull(after, "'after' cannot be null.").truncatedTo(ChronoUnit.SECONDS);
        return executionTime
                .nextExecution(ZonedDateTime.ofInstant(second, requireZone(zone)))
                .map(ZonedDateTime::toInstant);
    }

    @Override
    public Optional<Instant> lastBefore(Instant before, ZoneId zone) {
        Objects.requireNonNull(before, "'before' cannot be null.");
        return executionTime
                .lastExecution(ZonedDateTime.ofInstant(before, requireZone(zone)))
                .map(ZonedDateTime::toInstant);
    }

    private static ZoneId requireZone(ZoneId zone) {
        return Objects.requireNonNull(zone, "'zone' cannot be null.");
    }

    @Override
    public String text() {
        return "cron " + expression;
    }

    @Override
    public String describe() {
        return expression;
    }
}
