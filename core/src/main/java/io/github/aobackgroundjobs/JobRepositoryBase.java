package io.github.aobackgroundjobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(JobRepositoryBase.class);

    private final CopyOnWriteArrayList<JobUpdateListener<K>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<K>> cancelListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<K, Runnable> cancelWatchers = new ConcurrentHashMap<>();

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
     * Ends a PENDING or RUNNING job as ABORTED with the reason: it could not run (never
     * queued, rejected input, re-sent too often). Clears the lease; sets completed.
     *
     * @param id the job
     * @param exceptionData the reason as JSON ({@link ErrorInfo})
     * @param now the time, from the caller's clock
     * @return true if saved; false if the job is missing or already finished
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
     * Registers a listener told of every change reported through {@link #onUpdated} or
     * {@link #publishUpdate}.
     *
     * @param listener the listener
     * @return a handle that removes it
     */
    public final Registration addListener(JobUpdateListener<K> listener) {
        Objects.requireNonNull(listener, "'listener' cannot be null.");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** @return true if at least one listener is registered */
    public final boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * Loads a job and tells the listeners: the original's {@code OnUpdatedAsync}. Called by
     * the framework after each status change in this process, and by a webhook receiver for
     * changes made elsewhere. Does nothing (and reads nothing) when no listener is registered.
     *
     * @param id the job that changed
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void onUpdated(K id) {
        if (listeners.isEmpty()) {
            return;
        }
        findJob(id).ifPresent(this::publishUpdate);
    }

    /**
     * Tells the listeners of a record the caller already holds. A throwing listener is logged
     * and the others are still told.
     *
     * @param job the record as it is now
     */
    public void publishUpdate(BackgroundJobInfo<K> job) {
        for (JobUpdateListener<K> listener : listeners) {
            try {
                listener.onJobUpdated(job.copy());
            } catch (RuntimeException e) {
                LOG.warn("Job update listener {} failed for job {}", listener, job.getId(), e);
            }
        }
    }

    /**
     * Clears a job's notification and tells the listeners (the original's {@code ClearJobAsync}).
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return true if cleared; false if there is no such job
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public boolean clearJob(K id, Instant now) {
        boolean cleared = markCleared(id, now);
        if (cleared) {
            onUpdated(id);
        }
        return cleared;
    }

    /**
     * Asks a job to stop ({@link #requestCancel}), tells running jobs in this process at once
     * (others learn it at their next heartbeat) and tells the update listeners.
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return what happened
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public CancelResult cancelJob(K id, Instant now) {
        CancelResult result = requestCancel(id, now);
        if (result == CancelResult.REQUESTED) {
            Runnable watcher = cancelWatchers.get(id);
            if (watcher != null) {
                watcher.run();
            }
            for (Consumer<K> listener : cancelListeners) {
                try {
                    listener.accept(id);
                } catch (RuntimeException e) {
                    LOG.warn("Cancel listener {} failed for job {}", listener, id, e);
                }
            }
        }
        if (result == CancelResult.REQUESTED || result == CancelResult.CANCELLED) {
            onUpdated(id);
        }
        return result;
    }

    /**
     * Registers a callback told, in this process, when {@link #cancelJob} flags a running job;
     * {@link BackgroundJobBase} uses it to stop its jobs without waiting for a heartbeat.
     *
     * @param listener called with the job id; must be quick
     * @return a handle that removes it
     */
    public final Registration addCancelListener(Consumer<K> listener) {
        Objects.requireNonNull(listener, "'listener' cannot be null.");
        cancelListeners.add(listener);
        return () -> cancelListeners.remove(listener);
    }

    /**
     * Watches one running job for {@link #cancelJob} in this process, for as long as it runs:
     * {@link BackgroundJobBase} uses it so that a cancel reaches its running job at once rather
     * than at the next heartbeat. One watcher per job; a new one replaces the old.
     *
     * @param id the running job
     * @param onCancel called on the cancelling thread; must be quick
     * @return a handle that ends the watch
     */
    public final Registration watchCancellation(K id, Runnable onCancel) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(onCancel, "'onCancel' cannot be null.");
        cancelWatchers.put(id, onCancel);
        return () -> cancelWatchers.remove(id, onCancel);
    }
}
