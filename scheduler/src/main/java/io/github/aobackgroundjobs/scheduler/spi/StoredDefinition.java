package io.github.aobackgroundjobs.scheduler.spi;

import io.github.aobackgroundjobs.scheduler.MissedFirePolicy;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A definition as a store keeps it: a declared {@link RecurringJob} (kind {@link Kind#JOB}) or
 * a maintenance task that runs in the process that claims its fire (kind {@link Kind#TASK}, whose
 * queue, user and request are empty).
 *
 * @param name the unique name
 * @param kind job or task
 * @param schedule the schedule's stored text ({@link io.github.aobackgroundjobs.scheduler.Schedule#text()})
 * @param zone the zone
 * @param queueName the queue, empty for a task
 * @param userName the user, empty for a task
 * @param requestType the request type, empty for a task
 * @param requestJson the request JSON, empty for a task
 * @param missedFirePolicy the missed-fire policy
 * @param lateness the lateness
 */
public record StoredDefinition(
        String name,
        Kind kind,
        String schedule,
        ZoneId zone,
        String queueName,
        String userName,
        String requestType,
        String requestJson,
        MissedFirePolicy missedFirePolicy,
        Duration lateness) {

    /** What a fire does. */
    public enum Kind {
        /** Queues an ordinary job. */
        JOB,
        /** Runs a maintenance task in the claiming process. */
        TASK
    }

    /**
     * Checks that nothing is null.
     *
     * @param name see {@link #name()}
     * @param kind see {@link #kind()}
     * @param schedule see {@link #schedule()}
     * @param zone see {@link #zone()}
     * @param queueName see {@link #queueName()}
     * @param userName see {@link #userName()}
     * @param requestType see {@link #requestType()}
     * @param requestJson see {@link #requestJson()}
     * @param missedFirePolicy see {@link #missedFirePolicy()}
     * @param lateness see {@link #lateness()}
     */
    public StoredDefinition {
        Objects.requireNonNull(name, "'name' cannot be null.");
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        Objects.requireNonNull(schedule, "'schedule' cannot be null.");
        Objects.requireNonNull(zone, "'zone' cannot be null.");
        Objects.requireNonNull(queueName, "'queueName' cannot be null.");
        Objects.requireNonNull(userName, "'userName' cannot be null.");
        Objects.requireNonNull(requestType, "'requestType' cannot be null.");
        Objects.requireNonNull(requestJson, "'requestJson' cannot be null.");
        Objects.requireNonNull(missedFirePolicy, "'missedFirePolicy' cannot be null.");
        Objects.requireNonNull(lateness, "'lateness' cannot be null.");
    }

    /**
     * @param job a declared definition
     * @return it as stored
     */
    public static StoredDefinition of(RecurringJob job) {
        return new StoredDefinition(
                job.name(),
                Kind.JOB,
                job.schedule().text(),
                job.zone(),
                job.queueName(),
                job.userName(),
                job.requestType(),
                job.requestJson(),
                job.missedFirePolicy(),
                job.lateness());
    }

    /**
     * @param other another version of the definition
     * @return true if the two fire at different times (so the next fire time must be computed anew)
     */
    public boolean firesDifferentlyFrom(StoredDefinition other) {
        return !schedule.equals(other.schedule) || !zone.equals(other.zone);
    }
}
