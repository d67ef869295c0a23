package io.github.aobackgroundjobs.support;

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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real repository behind a switch that makes it unreachable: injects a store outage (or the
 * network partition of a dead worker) without touching the data. Counts the statements that
 * reach the store.
 */
public final class FaultyRepository<K> extends JobRepositoryBase<K> {

    private final JobRepositoryBase<K> delegate;
    private volatile boolean down;
    public final AtomicInteger calls = new AtomicInteger();
    /** Runs (once) inside the next {@link #findJob}, before the record is read: a write of another process. */
    public final java.util.concurrent.atomic.AtomicReference<Runnable> beforeNextFindJob =
            new java.util.concurrent.atomic.AtomicReference<>();

    public FaultyRepository(JobRepositoryBase<K> delegate) {
        this.delegate = delegate;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    private <T> T call(Supplier<T> action) {
        if (down) {
            throw new JobStoreUnavailableException("store switched off by the test", null);
        }
        calls.incrementAndGet();
        return action.get();
    }

    @Override
    public JobKeyType<K> keyType() {
        return delegate.keyType();
    }

    @Override
    public Optional<BackgroundJobInfo<K>> findJob(K id) {
        Runnable before = beforeNextFindJob.getAndSet(null);
        if (before != null) {
            before.run();
        }
        return call(() -> delegate.findJob(id));
    }

    @Override
    protected BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job) {
        return call(() -> delegate.insert(job));
    }

    @Override
    public ClaimResult<K> claim(ClaimRequest<K> request) {
        return call(() -> delegate.claim(request));
    }

    /** Makes the next claimAll fail as an outage would. */
    public final java.util.concurrent.atomic.AtomicBoolean failNextClaimAll =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Sizes of the claimAll calls that reached the store. */
    public final java.util.List<Integer> claimAllSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Thrown once by the next {@link #findUnfinishedJobs}, if set: a custom store's bug. */
    public final java.util.concurrent.atomic.AtomicReference<Error> failNextFindUnfinishedJobsWith =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Thrown once by the next {@link #claimAll}, if set: a custom store's bug. */
    public final java.util.concurrent.atomic.AtomicReference<Error> failNextClaimAllWith =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** If set, the next claimAll counts it down on entry (once)... */
    public final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> claimAllEntered =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** ...and then waits, up to 30 s, until this one is counted down. */
    public final java.util.concurrent.CountDownLatch claimAllRelease = new java.util.concurrent.CountDownLatch(1);

    @Override
    public java.util.List<ClaimResult<K>> claimAll(java.util.List<ClaimRequest<K>> requests) {
        java.util.concurrent.CountDownLatch entered = claimAllEntered.getAndSet(null);
        if (entered != null) {
            entered.countDown();
            try {
                if (!claimAllRelease.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released claimAll");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Error failure = failNextClaimAllWith.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        if (failNextClaimAll.getAndSet(false)) {
            throw new JobStoreUnavailableException("claimAll switched off once by the test", null);
        }
        return call(() -> {
            claimAllSizes.add(requests.size());
            return delegate.claimAll(requests);
        });
    }

    @Override
    public LeaseState renewLease(K id, String owner, Instant now, Instant until) {
        return call(() -> delegate.renewLease(id, owner, now, until));
    }

    @Override
    public LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
        return call(() -> delegate.saveProgress(id, owner, percent, message, now));
    }

    @Override
    public boolean complete(JobCompletion<K> completion) {
        return call(() -> delegate.complete(completion));
    }

    /** Sizes of the markAllSent calls that reached the store. */
    public final java.util.List<Integer> markAllSentSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Thrown once by the next {@link #markAllSent}, if set: a custom store's bug. */
    public final java.util.concurrent.atomic.AtomicReference<Error> failNextMarkAllSentWith =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public int markAllSent(java.util.List<K> ids, Instant now) {
        Error failure = failNextMarkAllSentWith.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        return call(() -> {
            markAllSentSizes.add(ids.size());
            return delegate.markAllSent(ids, now);
        });
    }

    /** How many times {@link #markSent} was called. */
    public final java.util.concurrent.atomic.AtomicInteger markSentCalls =
            new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public boolean markSent(K id, Instant now) {
        markSentCalls.incrementAndGet();
        return call(() -> delegate.markSent(id, now));
    }

    @Override
    public boolean markAborted(K id, String data, Instant now) {
        return call(() -> delegate.markAborted(id, data, now));
    }

    @Override
    public CancelResult requestCancel(K id, Instant now) {
        return call(() -> delegate.requestCancel(id, now));
    }

    @Override
    public boolean requeue(K id, Instant now, Instant next) {
        return call(() -> delegate.requeue(id, now, next));
    }

    @Override
    public boolean requeueIfUnchanged(K id, long expectedVersion, Instant now, Instant next, Instant heldUntil) {
        return call(() -> delegate.requeueIfUnchanged(id, expectedVersion, now, next, heldUntil));
    }

    @Override
    public boolean requeuesAtomically() {
        return delegate.requeuesAtomically();
    }

    @Override
    public boolean markCleared(K id, Instant now) {
        return call(() -> delegate.markCleared(id, now));
    }

    @Override
    public List<BackgroundJobInfo<K>> findActiveJobs(String user, int limit) {
        return call(() -> delegate.findActiveJobs(user, limit));
    }

    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(Instant a, Instant b, int limit) {
        return call(() -> delegate.findSweepCandidates(a, b, limit));
    }

    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(Instant unsent, Instant sent, Instant lease, int limit) {
        return call(() -> delegate.findSweepCandidates(unsent, sent, lease, limit));
    }

    @Override
    public List<BackgroundJobInfo<K>> findUnfinishedJobs(Set<String> queueNames, K after, int limit) {
        Error failure = failNextFindUnfinishedJobsWith.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        return call(() -> delegate.findUnfinishedJobs(queueNames, after, limit));
    }

    @Override
    public void checkAvailable() {
        call(() -> {
            delegate.checkAvailable();
            return null;
        });
    }
}
