package io.github.aobackgroundjobs.scheduler.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one round of firing a definition does, decided from its state as read: the store
 * carries it out only if the definition's next fire time is still {@code expectedNextFireAt}
 * (otherwise another process got there first) and it is neither paused nor undeclared.
 *
 * @param name the definition
 * @param expectedNextFireAt the next fire time the plan was made from
 * @param fireTimes the fire times to queue (or run, for a task), ascending
 * @param skippedFrom the first fire time skipped as missed, or null
 * @param skippedThrough the last fire time skipped as missed, or null
 * @param nextFireAt the next fire time after this round, or null if the schedule never fires again
 */
public record FirePlan(
        String name,
        Instant expectedNextFireAt,
        List<Instant> fireTimes,
        Instant skippedFrom,
        Instant skippedThrough,
        Instant nextFireAt) {

    /**
     * Copies the list and checks the required fields.
     *
     * @param name see {@link #name()}
     * @param expectedNextFireAt see {@link #expectedNextFireAt()}
     * @param fireTimes see {@link #fireTimes()}
     * @param skippedFrom see {@link #skippedFrom()}
     * @param skippedThrough see {@link #skippedThrough()}
     * @param nextFireAt see {@link #nextFireAt()}
     */
    public FirePlan {
        Objects.requireNonNull(name, "'name' cannot be null.");
        Objects.requireNonNull(expectedNextFireAt, "'expectedNextFireAt' cannot be null.");
        fireTimes = List.copyOf(fireTimes);
        if ((skippedFrom == null) != (skippedThrough == null)) {
            throw new IllegalArgumentException("'skippedFrom' and 'skippedThrough' are both set or both null.");
        }
    }

    /** @return true if the plan neither fires nor skips anything */
    public boolean isEmpty() {
        return fireTimes.isEmpty() && skippedFrom == null;
    }
}
