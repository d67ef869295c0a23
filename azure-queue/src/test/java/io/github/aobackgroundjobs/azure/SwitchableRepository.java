package io.github.aobackgroundjobs.azure;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A real repository behind a switch that makes it unreachable: every call throws
 * {@link JobStoreUnavailableException} while {@link #down} is set, as a database that went
 * away would. Fault injection for the "nothing decided" row of the outcome table.
 */
final class SwitchableRepository<K> extends JobRepositoryBase<K> {

    private final JobRepositoryBase<K> store;
    volatile boolean down;

    SwitchableRepository(JobRepositoryBase<K> store) {
        this.store = store;
    }

    private void check() {
        if (down) {
            throw new JobStoreUnavailableException("The job store is down (switched off by the test).", null);
        }
    }

    @Override
    public JobKeyType<K> keyType() {
        return store.keyType();
    }

    @Override
    public Optional<BackgroundJobInfo<K>> findJob(K id) {
        check();
        return store.findJob(id);
    }

    @Override
    protected BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job) {
        check();
        return store.insert(job);
    }

    @Override
    public ClaimResult<K> claim(ClaimRequest<K> request) {
        check();
        return store.claim(request);
    }

    @Override
    public LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt) {
        check();
        return store.renewLease(id, owner, now, leaseExpiresAt);
    }

    @Override
    public LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
        check();
        return store.saveProgress(id, owner, percent, message, now);
    }

    @Override
    public boolean complete(JobCompletion<K> completion) {
        check();
        return store.complete(completion);
    }

    @Override
    public boolean markSent(K id, Instant now) {
        check();
        return store.markSent(id, now);
    }

    @Override
    public boolean markAborted(K id, String exceptionData, Instant now) {
        check();
        return store.markAborted(id, exceptionData, now);
    }

    @Override
    public CancelResult requestCancel(K id, Instant now) {
        check();
        return store.requestCancel(id, now);
    }

    @Override
    public boolean requeue(K id, Instant now, Instant nextAttemptAt) {
        check();
        return store.requeue(id, now, nextAttemptAt);
    }

    @Override
    public boolean markCleared(K id, Instant now) {
        check();
        return store.markCleared(id, now);
    }

    @Override
    public List<BackgroundJobInfo<K>> findActiveJobs(String userName, int limit) {
        check();
        return store.findActiveJobs(userName, limit);
    }

    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(Instant unsentBefore, Instant staleBefore, int limit) {
        check();
        return store.findSweepCandidates(unsentBefore, staleBefore, limit);
    }

    @Override
    public void checkAvailable() {
        check();
        store.checkAvailable();
    }
}
