package io.github.aobackgroundjobs.scheduler.spi;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where recurring definitions, their state and their fire records are kept, next to the job
 * records they create. Implementations must be thread-safe and, when several processes share
 * the store, make {@link #fire} atomic across all of them: the claim of a fire time and the
 * job record it creates commit together, so a process killed at any point can neither skip
 * nor double a fire time.
 *
 * <p>Stock implementations: {@code InMemoryRecurringJobStore} (one process) and
 * {@code JdbiRecurringJobStore} (H2 and PostgreSQL, in the jobs' own database).
 *
 * @param <K> the key type of the job records
 */
public interface RecurringJobStore<K> {

    /** @return the repository whose records this store creates */
    JobRepositoryBase<K> repository();

    /**
     * Stores an application's declaration at once: each definition is inserted or replaces the
     * stored one of its name (keeping its pause flag and history; its next fire time is computed
     * anew only when it is new or fires differently), and every stored definition not in the
     * list is marked as not declared.
     *
     * @param definitions the whole declaration, names unique
     * @param nextFire the first fire time after now of a definition
     * @param now the current time
     * @throws JobStoreUnavailableException if the store cannot be reached (nothing is stored)
     */
    void declare(List<StoredDefinition> definitions, Function<StoredDefinition, Instant> nextFire, Instant now);

    /**
     * @return every stored definition, by name
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    List<DefinitionState> findAll();

    /**
     * @param name the definition
     * @return its state, if stored
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    Optional<DefinitionState> find(String name);

    /**
     * @param now the current time
     * @param limit at most this many
     * @return declared, unpaused definitions whose next fire time is at or before now, earliest first
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    List<DefinitionState> findDue(Instant now, int limit);

    /**
     * Carries out a plan atomically: if the definition is still declared, unpaused and at
     * {@code plan.expectedNextFireAt()}, records each fire time (unique per definition and fire
     * time) with, for a job definition, a new PENDING job record ({@link JobRecords#newRecord}),
     * records the skipped range, and moves the definition to {@code plan.nextFireAt()}; all in
     * one transaction.
     *
     * @param plan the plan
     * @param now the current time
     * @return the fires claimed (empty list for a plan that only skips), or empty if another
     *     process moved the definition first and nothing was written
     * @throws JobStoreUnavailableException if the store cannot be reached (nothing is written)
     */
    Optional<List<FiredJob<K>>> fire(FirePlan plan, Instant now);

    /**
     * Queues a job of a job definition now, outside its schedule (the dashboard's "run now"),
     * and records it as the definition's last job.
     *
     * @param name the definition
     * @param now the current time
     * @return the new job's id, or empty if there is no such job definition
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    Optional<K> queueNow(String name, Instant now);

    /**
     * @param name the definition
     * @param paused the new flag
     * @param nextFireAt the next fire time to set, or null to keep it
     * @param now the current time
     * @return false if there is no such definition
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    boolean setPaused(String name, boolean paused, Instant nextFireAt, Instant now);

    /**
     * Deletes a definition and its fire records (the jobs it queued stay).
     *
     * @param name the definition
     * @return false if there is no such definition
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    boolean delete(String name);

    /**
     * @param name a task definition
     * @param summary what its last run did
     * @param now the current time
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    void recordRun(String name, String summary, Instant now);

    /**
     * Deletes one batch of finished job records: one short statement.
     *
     * @param status only records in this finished state, or null for any finished state
     * @param clearedOnly only records whose notification was cleared
     * @param completedBefore only records completed before this time
     * @param limit at most this many
     * @return how many were deleted
     * @throws IllegalArgumentException if the status is not a finished one
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    int deleteFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore, int limit);

    /**
     * Whether a job record is left that {@link #deleteFinishedJobs} with the same arguments would
     * delete: one cheap read, which a retention run makes only for the rules its batch limit cut
     * short, so that its report is {@code complete} exactly when nothing it would delete is left.
     *
     * <p>The default cannot tell and answers true: a run cut short by its batch limit then reports
     * more left. The stock stores answer exactly (the in-memory one over an
     * {@code InMemoryJobRepository}; over another repository it answers true for a state, false
     * for the cleared records, which it never deletes).
     *
     * @param status only records in this finished state, or null for any finished state
     * @param clearedOnly only records whose notification was cleared
     * @param completedBefore only records completed before this time
     * @return true if at least one such record exists, or the store cannot tell
     * @throws IllegalArgumentException if the status is not a finished one
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    default boolean hasFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore) {
        if (status != null && !status.isTerminal()) {
            throw new IllegalArgumentException("'status' must be a finished state, not " + status + ".");
        }
        return true;
    }

    /**
     * Deletes fire records older than a time.
     *
     * @param before only fire times before this
     * @return how many were deleted
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    int deleteFireRecords(Instant before);
}
