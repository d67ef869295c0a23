package io.github.aobackgroundjobs.scheduler.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored definition with its state: what the dashboard lists and what the scheduler fires from.
 *
 * @param definition the definition
 * @param declared whether the application's last declaration contained it
 * @param paused whether firing is paused
 * @param nextFireAt the next fire time not yet queued or skipped, or null if the schedule never fires again
 * @param lastFireAt the last fire time queued (or run, for a task), or null
 * @param lastJobId the id of the last job queued (by a fire or by "run now"), as text, or null
 * @param lastRunSummary what the last run of a task did, or null
 * @param updatedAt when the state last changed
 */
public record DefinitionState(
        StoredDefinition definition,
        boolean declared,
        boolean paused,
        Instant nextFireAt,
        Instant lastFireAt,
        String lastJobId,
        String lastRunSummary,
        Instant updatedAt) {

    /**
     * Checks the required fields.
     *
     * @param definition see {@link #definition()}
     * @param declared see {@link #declared()}
     * @param paused see {@link #paused()}
     * @param nextFireAt see {@link #nextFireAt()}
     * @param lastFireAt see {@link #lastFireAt()}
     * @param lastJobId see {@link #lastJobId()}
     * @param lastRunSummary see {@link #lastRunSummary()}
     * @param updatedAt see {@link #updatedAt()}
     */
    public DefinitionState {
        Objects.requireNonNull(definition, "'definition' cannot be null.");
        Objects.requireNonNull(updatedAt, "'updatedAt' cannot be null.");
    }

    /** @return the definition's name */
    public String name() {
        return definition.name();
    }
}
