package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobUpdates;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of a job record that a watcher cares about, each followed by its publication
 * through the repository's {@link JobUpdates}: the client, the job runner, the message handler
 * and the sweeper write through here, so no write path can forget to publish and none
 * publishes twice. Lease renewals and sent marks are written without publishing: nobody
 * watches them. Immutable and thread-safe.
 *
 * @param <K> the key type
 */
public final class JobStore<K> {

    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);

    private final JobRepositoryBase<K> repository;
    private final JobUpdates<K> updates;
    private final Clock clock;
    private final JobSerializer serializer;

    /**
     * @param repository where records are kept
     * @param clock where every time written is read
     * @param serializer how error data is written
     */
    public JobStore(JobRepositoryBase<K> repository, Clock clock, JobSerializer serializer) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        this.updates = repository.updates();
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.serializer = Objects.requireNonNull(serializer, "'serializer' cannot be null.");
    }

    /** @return the repository */
    public JobRepositoryBase<K> repository() {
        return repository;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /** @return the serializer */
    public JobSerializer serializer() {
        return serializer;
    }

    /**
     * Inserts a new record and publishes it.
     *
     * @param job the validated new record
     * @return the saved copy with its id
     */
    public BackgroundJobInfo<K> insert(BackgroundJobInfo<K> job) {
        BackgroundJobInfo<K> saved = repository.insert(job);
        if (updates.hasListeners()) {
            updates.publish(saved);
        }
        return saved;
    }

    /**
     * Claims a job; publishes the record when the claim changed it (CLAIMED, GAVE_UP, CANCELLED).
     *
     * @param request the claim
     * @return the repository's answer
     */
    public ClaimResult<K> claim(ClaimRequest<K> request) {
        ClaimResult<K> result = repository.claim(request);
        switch (result.type()) {
            case CLAIMED, GAVE_UP, CANCELLED -> publish(result.job());
            default -> {}
        }
        return result;
    }

    /**
     * Claims several jobs in one repository call; publishes each record a claim changed.
     *
     * @param requests the claims
     * @return the repository's answers, in order
     * @throws IllegalStateException if the repository answered with the wrong number of results
     */
    public List<ClaimResult<K>> claimAll(List<ClaimRequest<K>> requests) {
        List<ClaimResult<K>> results = repository.claimAll(requests);
        if (results == null || results.size() != requests.size()) {
            throw new IllegalStateException(repository.getClass().getName() + ".claimAll answered "
                    + (results == null ? "null" : results.size() + " results") + " for " + requests.size()
                    + " claims.");
        }
        for (ClaimResult<K> result : results) {
            switch (result.type()) {
                case CLAIMED, GAVE_UP, CANCELLED -> publish(result.job());
                default -> {}
            }
        }
        return results;
    }

    /**
     * Saves a running job's progress and publishes it, built from the claimed record without a read.
     *
     * @param claimed the record as claimed
     * @param percent 0..100
     * @param message the text, or null
     * @param cancelRequested what the job knows of a cancel request
     * @return the repository's answer
     */
    public LeaseState saveProgress(BackgroundJobInfo<K> claimed, int percent, String message, boolean cancelRequested) {
        Instant now = clock.instant();
        LeaseState state = repository.saveProgress(claimed.getId(), claimed.getLeaseOwner(), percent, message, now);
        if (state != LeaseState.LOST && updates.isObserved(claimed.getId())) {
            BackgroundJobInfo<K> snapshot = claimed.copy();
            snapshot.setProgressPercent(percent);
            snapshot.setProgressMessage(message);
            snapshot.setUpdatedAt(now);
            snapshot.setCancelRequested(cancelRequested || state == LeaseState.CANCEL_REQUESTED);
            updates.publish(snapshot);
        }
        return state;
    }

    /**
     * Extends a running job's lease; not published.
     *
     * @param claimed the record as claimed
     * @param lease how long from now
     * @return the repository's answer
     */
    public LeaseState renewLease(BackgroundJobInfo<K> claimed, Duration lease) {
        Instant now = clock.instant();
        return repository.renewLease(claimed.getId(), claimed.getLeaseOwner(), now, now.plus(lease));
    }

    /**
     * Saves how an attempt ended, trying again while the store is briefly down, and publishes it.
     *
     * @param completion how it ended
     * @param retryTimeout how long to keep trying while the store is unreachable
     * @param logger the job's logger
     * @return false if the lease was lost (nothing saved)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store stayed unreachable
     */
    public boolean complete(JobCompletion<K> completion, Duration retryTimeout, Logger logger) {
        boolean saved = CompletionWriter.write(repository, completion, retryTimeout, logger);
        if (saved) {
            changed(completion.id());
        }
        return saved;
    }

    /**
     * Ends a job nobody is running as ABORTED with the reason, and publishes it: the one place a
     * job is aborted outside a claim (a failed send, a poisoned message, a job re-sent too often).
     *
     * @param id the job
     * @param error the reason
     * @return true if aborted; false if missing, finished, or running under a live lease
     */
    public boolean abort(K id, ErrorInfo error) {
        boolean aborted = repository.markAborted(id, serializer.errorJson(error), clock.instant());
        if (aborted) {
            changed(id);
        }
        return aborted;
    }

    /**
     * Asks a job to stop and publishes the change; a job running in this process learns it at
     * once through its watch of {@link JobUpdates}.
     *
     * @param id the job
     * @return the repository's answer
     */
    public CancelResult requestCancel(K id) {
        CancelResult result = repository.requestCancel(id, clock.instant());
        if (result == CancelResult.REQUESTED || result == CancelResult.CANCELLED) {
            changed(id);
        }
        return result;
    }

    /**
     * Makes a job PENDING again with a fresh budget if it is unchanged since the caller read it,
     * and publishes it.
     *
     * @param id the job
     * @param expectedVersion the version the caller read
     * @param now the time of the write, from this store's clock, taken after the caller read the job
     * @param nextAttemptAt when it may be claimed
     * @param heldUntil until when other requeues are refused while the caller sends
     * @return the repository's answer
     */
    public boolean requeueIfUnchanged(
            K id, long expectedVersion, Instant now, Instant nextAttemptAt, Instant heldUntil) {
        boolean requeued = repository.requeueIfUnchanged(id, expectedVersion, now, nextAttemptAt, heldUntil);
        if (requeued) {
            changed(id);
        }
        return requeued;
    }

    /**
     * Marks a job's notification dismissed and publishes it.
     *
     * @param id the job
     * @return the repository's answer
     */
    public boolean clear(K id) {
        boolean cleared = repository.markCleared(id, clock.instant());
        if (cleared) {
            changed(id);
        }
        return cleared;
    }

    /**
     * Records a confirmed send; not published. A failure is logged and swallowed: the message
     * is out, and an unmarked record only means the sweeper may send a harmless duplicate.
     *
     * @param id the job
     * @param queueName for the log
     */
    public void markSent(K id, String queueName) {
        try {
            repository.markSent(id, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Job {}: message sent to '{}' but not recorded as sent", id, queueName, e);
        }
    }

    private void publish(BackgroundJobInfo<K> job) {
        if (updates.isObserved(job.getId())) {
            updates.publish(job);
        }
    }

    /**
     * Inserts new records and publishes each.
     *
     * @param jobs the validated new records
     * @return the saved copies with their ids, in order
     */
    public List<BackgroundJobInfo<K>> insertAll(List<BackgroundJobInfo<K>> jobs) {
        List<BackgroundJobInfo<K>> saved = repository.insertAll(jobs);
        if (updates.hasListeners()) {
            for (BackgroundJobInfo<K> job : saved) {
                updates.publish(job);
            }
        }
        return saved;
    }

    /**
     * Marks jobs sent; a failure is logged, not thrown: the messages are out, and a missing mark
     * costs at most a duplicate message from the sweeper, which the claim makes harmless.
     *
     * @param ids the jobs whose messages the queue accepted
     * @param queueName their queue, for the log
     */
    public void markAllSent(List<K> ids, String queueName) {
        markAllSent(ids, queueName, clock.instant());
    }

    /**
     * {@link #markAllSent(List, String)} with the time the messages were sent by.
     *
     * @param ids the jobs whose messages the queue accepted
     * @param queueName their queue, for the log
     * @param sentAt when the last of them was sent
     */
    public void markAllSent(List<K> ids, String queueName, Instant sentAt) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            repository.markAllSent(ids, sentAt);
        } catch (RuntimeException e) {
            LOG.warn("{} jobs: messages sent to '{}' but not recorded as sent", ids.size(), queueName, e);
        }
    }

    /**
     * Inserts a new record through the application's connection, inside its transaction, and
     * publishes nothing: the record is not visible to anyone until the application commits
     * (see {@link #published}).
     *
     * @param connection the application's connection, left as it is
     * @param job the validated new record
     * @return the saved copy with its id
     */
    public BackgroundJobInfo<K> insert(java.sql.Connection connection, BackgroundJobInfo<K> job) {
        return repository.insert(connection, job);
    }

    /**
     * Publishes a record written earlier without publication (inserted in an application's
     * transaction that has committed since), by reading it back.
     *
     * @param id the job
     */
    public void published(K id) {
        if (updates.hasListeners()) {
            changed(id);
        }
    }

    /** Publishes a saved change by reading the record back; a failed read is logged, the write stands. */
    private void changed(K id) {
        try {
            updates.onUpdated(id);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: saved, but the update listeners could not be told", id, e);
        }
    }
}
