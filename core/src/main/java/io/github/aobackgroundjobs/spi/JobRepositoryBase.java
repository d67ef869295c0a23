package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.JobUpdates;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each job's record: what a custom repository implements. The stock implementations
 * are {@link InMemoryJobRepository} and the Jdbi repository of the jdbc-repository module;
 * the testkit's contract suite proves a custom one.
 *
 * <p>Every state change is one atomic conditional write: a write whose condition no longer
 * holds (another worker got there first) changes nothing and reports so. Times are passed
 * in by the caller, who reads them from its injected {@link java.time.Clock}; a repository
 * never asks its database for the time. Every write sets {@code updatedAt} to the time
 * given and increments {@code version}.
 *
 * <p>Implementations must be thread-safe. A store that cannot be reached or does not answer
 * in time must throw {@link JobStoreUnavailableException}, quickly, never hang.
 *
 * @param <K> the key type ({@link Long} or {@link java.util.UUID})
 */
public abstract class JobRepositoryBase<K> {

    private final JobUpdates<K> updates = new JobUpdates<>(this);

    /** For subclasses. */
    protected JobRepositoryBase() {}

    /**
     * The type of this repository's keys.
     *
     * @return {@link JobKeyType#LONG} or {@link JobKeyType#UUID}
     */
    public abstract JobKeyType<K> keyType();

    /**
     * Looks a job up.
     *
     * @param id the job's id
     * @return a copy of the record, or empty if there is none
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract Optional<BackgroundJobInfo<K>> findJob(K id);

    /**
     * Looks a job up that must exist.
     *
     * @param id the job's id
     * @return a copy of the record
     * @throws JobNotFoundException if there is none
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public BackgroundJobInfo<K> getJob(K id) {
        return findJob(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * Saves a new record and assigns its id (a {@code LONG} key from the store, a {@code UUID}
     * key generated if the record has none). The record is validated first
     * ({@link JobValidation#validateNewJob}); nothing is written if it is invalid.
     *
     * @param job the new record: status PENDING, version 0
     * @return a copy of the saved record with its id
     * @throws IllegalArgumentException if a field is missing or too long (the message names it)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public final BackgroundJobInfo<K> insert(BackgroundJobInfo<K> job) {
        JobValidation.validateNewJob(job);
        return insertValidated(job);
    }

    /**
     * Saves a record already validated by {@link #insert}.
     *
     * @param job the new record; the implementation must not keep a reference to it
     * @return a copy of the saved record with its id
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    protected abstract BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job);

    /**
     * Takes a job for running, in one atomic step:
     * <ul>
     *   <li>no record: NOT_FOUND;</li>
     *   <li>a record whose request type is not {@code request.requestType()} (when that is not
     *       null): OTHER_TYPE, unchanged, whatever its status; checked in the same atomic step,
     *       never by a read before the claim;</li>
     *   <li>SUCCEEDED, FAILED, ABORTED or CANCELLED: ALREADY_DONE, unchanged;</li>
     *   <li>PENDING whose next attempt is not due, or RUNNING under a lease that has not
     *       expired: BUSY, unchanged, with the time it may become claimable;</li>
     *   <li>claimable (PENDING and due, or RUNNING with an expired lease) but cancel requested:
     *       CANCELLED (status CANCELLED, completed set, lease cleared);</li>
     *   <li>claimable but attempts already at {@code maxAttempts}: GAVE_UP (status ABORTED,
     *       exception data {@code gaveUpErrorData}, completed set, lease cleared);</li>
     *   <li>otherwise CLAIMED: status RUNNING, lease owner and expiry set, attempts + 1, started
     *       = now, queue latency = now minus next-attempt-at (or created), exception data,
     *       result, completed, duration and progress cleared.</li>
     * </ul>
     * Two callers racing for one job: exactly one gets CLAIMED, the other BUSY.
     *
     * @param request what to claim, by whom, when
     * @return what was found and done
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract ClaimResult<K> claim(ClaimRequest<K> request);

    /**
     * Extends the lease of a running job, if the caller still holds it.
     *
     * @param id the job
     * @param owner the worker that claimed it
     * @param now the time, from the caller's clock
     * @param leaseExpiresAt the new end of the lease
     * @return HELD or CANCEL_REQUESTED if extended; LOST if the caller no longer holds it
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt);

    /**
     * Saves a running job's progress, if the caller still holds its lease.
     *
     * @param id the job
     * @param owner the worker that claimed it
     * @param percent 0..100
     * @param message a short text, or null; cut to {@value BackgroundJobInfo#MAX_PROGRESS_MESSAGE_LENGTH}
     * @param now the time, from the caller's clock
     * @return HELD or CANCEL_REQUESTED if saved; LOST if the caller no longer holds the lease
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract LeaseState saveProgress(K id, String owner, int percent, String message, Instant now);

    /**
     * Ends an attempt of a running job held by {@code completion.owner()}: sets the status,
     * completed, duration, result and exception data; clears the lease; for a retry (PENDING)
     * sets next-attempt-at and clears sent-at. Changes nothing if the caller no longer holds
     * the lease.
     *
     * @param completion how the attempt ended
     * @return true if saved; false if the caller no longer held the lease
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean complete(JobCompletion<K> completion);

    /**
     * Records that the queue confirmed a message for a PENDING job: sent-at = now, send count
     * + 1. Changes nothing if the job is no longer PENDING.
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return true if saved
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean markSent(K id, Instant now);

    /**
     * Ends a job that nobody is running as ABORTED with the reason: it could not run (never
     * queued, its message poisoned, re-sent too often). Applies to a PENDING job, and to a
     * RUNNING job whose lease expired at or before {@code now} (its worker is gone); a RUNNING
     * job under a live lease is left to its worker. Clears the lease; sets completed.
     *
     * @param id the job
     * @param exceptionData the reason as JSON ({@link ErrorInfo})
     * @param now the time, from the caller's clock
     * @return true if saved; false if the job is missing, already finished, or running under a
     *     live lease
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean markAborted(K id, String exceptionData, Instant now);

    /**
     * Asks a job to stop: a PENDING job becomes CANCELLED at once (completed set); a RUNNING
     * job gets its cancel flag set and stops at its next check.
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return what happened
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract CancelResult requestCancel(K id, Instant now);

    /**
     * Makes a finished-but-not-succeeded (FAILED, ABORTED, CANCELLED) or PENDING job PENDING
     * again with a fresh budget: attempts 0, send count 0, next-attempt-at = {@code nextAttemptAt},
     * sent-at, completed, result, lease and cancel flag cleared, cleared flag reset. The
     * caller sends the message afterwards.
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @param nextAttemptAt when it may be claimed
     * @return true if requeued; false if missing, RUNNING or SUCCEEDED
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean requeue(K id, Instant now, Instant nextAttemptAt);

    /**
     * Marks a job's notification as dismissed by its user (the original's {@code ClearJobAsync}).
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return true if saved; false if missing
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean markCleared(K id, Instant now);

    /**
     * The jobs a user has not cleared, newest first: what the user's notification list shows.
     *
     * @param userName the user
     * @param limit at most this many
     * @return copies of the records
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract List<BackgroundJobInfo<K>> findActiveJobs(String userName, int limit);

    /**
     * The jobs the sweeper must look at, oldest due first: PENDING jobs never confirmed sent
     * whose record was last written before {@code unsentBefore}; PENDING jobs whose message
     * went out and whose next attempt and sent-at are both before {@code staleBefore} (a lost
     * or poisoned message); RUNNING jobs whose lease expired before {@code staleBefore} (a
     * dead worker whose message is gone).
     *
     * @param unsentBefore cut-off for unsent jobs
     * @param staleBefore cut-off for stale jobs
     * @param limit at most this many
     * @return copies of the records
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant staleBefore, int limit);

    /**
     * Checks that the store answers; workers call it while backing off after an outage. The
     * default does nothing.
     *
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void checkAvailable() {}

    /**
     * The one place this repository's changes are published in this process: register
     * listeners there. Not for implementers: the client, worker and sweeper publish every
     * change they save, so a repository implements persistence only.
     *
     * @return this repository's publisher
     */
    public final JobUpdates<K> updates() {
        return updates;
    }

    /**
     * Loads a job and tells the listeners of {@link #updates()}: the original's
     * {@code OnUpdatedAsync}, for a change made elsewhere (a webhook receiver calls it).
     * Reads nothing when nobody listens.
     *
     * @param id the job that changed
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public final void onUpdated(K id) {
        updates.onUpdated(id);
    }
}
