package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A repository written from docs/custom-repository.md alone, as a user would: a plain map, only
 * the abstract methods, every default of the SPI left as it is, for either key type. One lock
 * makes each check and write one step.
 */
class KeyedMapJobRepository<K> extends JobRepositoryBase<K> {

    private final Map<K, BackgroundJobInfo<K>> records = new HashMap<>();
    private final JobKeyType<K> keyType;
    private final Comparator<K> idOrder;
    private long lastId;

    /**
     * @param keyType the keys: LONG ones counted up by the store, UUID ones kept as given or random
     * @param idOrder the store's order of its keys
     */
    KeyedMapJobRepository(JobKeyType<K> keyType, Comparator<K> idOrder) {
        this.keyType = keyType;
        this.idOrder = idOrder;
    }

    @Override
    public JobKeyType<K> keyType() {
        return keyType;
    }

    @Override
    public synchronized Optional<BackgroundJobInfo<K>> findJob(K id) {
        return Optional.ofNullable(records.get(id)).map(BackgroundJobInfo::copy);
    }

    @Override
    protected synchronized BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job) {
        BackgroundJobInfo<K> stored = job.copy();
        if (keyType == JobKeyType.LONG) {
            stored.setId(keyType.cast(++lastId));
        } else if (stored.getId() == null) {
            stored.setId(keyType.cast(UUID.randomUUID()));
        }
        if (stored.getUpdatedAt() == null) {
            stored.setUpdatedAt(stored.getCreated());
        }
        stored.setProgressMessage(JobValidation.storableProgressMessage(stored.getProgressMessage()));
        if (records.putIfAbsent(stored.getId(), stored) != null) {
            throw new IllegalArgumentException("'id' " + stored.getId() + " is already taken.");
        }
        return stored.copy();
    }

    @Override
    public synchronized ClaimResult<K> claim(ClaimRequest<K> request) {
        BackgroundJobInfo<K> job = records.get(request.id());
        Instant now = request.now();
        if (job == null) {
            return ClaimResult.notFound();
        }
        if (!request.acceptsType(job.getRequestType())) {
            return ClaimResult.otherType(job.copy());
        }
        if (job.isCompleted()) {
            return ClaimResult.alreadyDone(job.copy());
        }
        if (job.getStatus() == JobStatus.PENDING
                && job.getNextAttemptAt() != null
                && job.getNextAttemptAt().isAfter(now)) {
            return ClaimResult.busy(job.copy(), job.getNextAttemptAt());
        }
        if (job.getStatus() == JobStatus.RUNNING && job.getLeaseExpiresAt().isAfter(now)) {
            return ClaimResult.busy(job.copy(), job.getLeaseExpiresAt());
        }
        if (job.isCancelRequested()) {
            end(job, JobStatus.CANCELLED, now);
            return ClaimResult.cancelled(job.copy());
        }
        if (job.getAttempts() >= request.maxAttempts()) {
            end(job, JobStatus.ABORTED, now);
            job.setExceptionData(request.gaveUpErrorData());
            return ClaimResult.gaveUp(job.copy());
        }
        Instant due = job.getNextAttemptAt() != null ? job.getNextAttemptAt() : job.getCreated();
        job.setStatus(JobStatus.RUNNING);
        job.setLeaseOwner(request.owner());
        job.setLeaseExpiresAt(request.leaseExpiresAt());
        job.setAttempts(job.getAttempts() + 1);
        job.setStarted(now);
        job.setQueueLatencyMillis(Math.max(0, now.toEpochMilli() - due.toEpochMilli()));
        job.setExceptionData(null);
        job.setResultData(null);
        job.setCompleted(null);
        job.setDurationMillis(null);
        job.setProgressPercent(null);
        job.setProgressMessage(null);
        written(job, now);
        return ClaimResult.claimed(job.copy());
    }

    @Override
    public synchronized LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt) {
        BackgroundJobInfo<K> job = held(id, owner);
        if (job == null) {
            return LeaseState.LOST;
        }
        job.setLeaseExpiresAt(leaseExpiresAt);
        written(job, now);
        return job.isCancelRequested() ? LeaseState.CANCEL_REQUESTED : LeaseState.HELD;
    }

    @Override
    public synchronized LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("'percent' must be between 0 and 100, not " + percent + ".");
        }
        BackgroundJobInfo<K> job = held(id, owner);
        if (job == null) {
            return LeaseState.LOST;
        }
        job.setProgressPercent(percent);
        job.setProgressMessage(JobValidation.storableProgressMessage(message));
        written(job, now);
        return job.isCancelRequested() ? LeaseState.CANCEL_REQUESTED : LeaseState.HELD;
    }

    @Override
    public synchronized boolean complete(JobCompletion<K> completion) {
        BackgroundJobInfo<K> job = held(completion.id(), completion.owner());
        if (job == null) {
            return false;
        }
        job.setStatus(completion.status());
        job.setCompleted(completion.now());
        job.setDurationMillis(completion.durationMillis());
        job.setResultData(completion.resultData());
        job.setExceptionData(completion.exceptionData());
        job.setLeaseOwner(null);
        job.setLeaseExpiresAt(null);
        if (completion.status() == JobStatus.PENDING) {
            job.setNextAttemptAt(completion.nextAttemptAt());
            job.setSentAt(null);
        }
        written(job, completion.now());
        return true;
    }

    @Override
    public synchronized boolean markSent(K id, Instant now) {
        BackgroundJobInfo<K> job = records.get(id);
        if (job == null || job.getStatus() != JobStatus.PENDING) {
            return false;
        }
        job.setSentAt(now);
        job.setSendCount(job.getSendCount() + 1);
        written(job, now);
        return true;
    }

    @Override
    public synchronized boolean markAborted(K id, String exceptionData, Instant now) {
        BackgroundJobInfo<K> job = records.get(id);
        if (job == null || !(job.getStatus() == JobStatus.PENDING || leaseExpired(job, now))) {
            return false;
        }
        end(job, JobStatus.ABORTED, now);
        job.setExceptionData(exceptionData);
        return true;
    }

    @Override
    public synchronized CancelResult requestCancel(K id, Instant now) {
        BackgroundJobInfo<K> job = records.get(id);
        if (job == null) {
            return CancelResult.NOT_FOUND;
        }
        if (job.isCompleted()) {
            return CancelResult.ALREADY_DONE;
        }
        job.setCancelRequested(true);
        if (job.getStatus() == JobStatus.PENDING || leaseExpired(job, now)) {
            end(job, JobStatus.CANCELLED, now);
            return CancelResult.CANCELLED;
        }
        written(job, now);
        return CancelResult.REQUESTED;
    }

    @Override
    public synchronized boolean requeue(K id, Instant now, Instant nextAttemptAt) {
        BackgroundJobInfo<K> job = records.get(id);
        if (job == null
                || job.getStatus() == JobStatus.SUCCEEDED
                || (job.getStatus() == JobStatus.RUNNING && !leaseExpired(job, now))) {
            return false;
        }
        job.setStatus(JobStatus.PENDING);
        job.setAttempts(0);
        job.setSendCount(0);
        job.setNextAttemptAt(nextAttemptAt);
        job.setSentAt(null);
        job.setCompleted(null);
        job.setResultData(null);
        job.setLeaseOwner(null);
        job.setLeaseExpiresAt(null);
        job.setCancelRequested(false);
        job.setCleared(false);
        written(job, now);
        return true;
    }

    @Override
    public synchronized boolean markCleared(K id, Instant now) {
        BackgroundJobInfo<K> job = records.get(id);
        if (job == null) {
            return false;
        }
        job.setCleared(true);
        written(job, now);
        return true;
    }

    @Override
    public synchronized List<BackgroundJobInfo<K>> findActiveJobs(String userName, int limit) {
        requireLimit(limit);
        return select(
                job -> job.getUserName().equals(userName) && !job.isCleared(),
                Comparator.comparing((BackgroundJobInfo<K> job) -> job.getCreated())
                        .thenComparing(BackgroundJobInfo::getId, idOrder)
                        .reversed(),
                limit);
    }

    @Override
    public synchronized List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant staleBefore, int limit) {
        requireLimit(limit);
        return select(
                job -> candidateSince(job, unsentBefore, staleBefore) != null,
                Comparator.comparing((BackgroundJobInfo<K> job) -> candidateSince(job, unsentBefore, staleBefore))
                        .thenComparing(BackgroundJobInfo::getId, idOrder),
                limit);
    }

    /** When the job became a sweep candidate, or null if it is none. */
    static Instant candidateSince(BackgroundJobInfo<?> job, Instant unsentBefore, Instant staleBefore) {
        if (job.getStatus() == JobStatus.PENDING && job.getSentAt() == null) {
            return job.getUpdatedAt().isBefore(unsentBefore) ? job.getUpdatedAt() : null;
        }
        if (job.getStatus() == JobStatus.PENDING) {
            Instant due = job.getNextAttemptAt() != null ? job.getNextAttemptAt() : job.getCreated();
            Instant later = due.isAfter(job.getSentAt()) ? due : job.getSentAt();
            return later.isBefore(staleBefore) ? later : null;
        }
        if (job.getStatus() == JobStatus.RUNNING) {
            return job.getLeaseExpiresAt().isBefore(staleBefore) ? job.getLeaseExpiresAt() : null;
        }
        return null;
    }

    /** Sets a stored version, for a test's deliberately broken repository. */
    synchronized void setVersion(K id, long version) {
        records.get(id).setVersion(version);
    }

    synchronized void remove(K id) {
        records.remove(id);
    }

    List<BackgroundJobInfo<K>> select(
            Predicate<BackgroundJobInfo<K>> filter, Comparator<BackgroundJobInfo<K>> order, int limit) {
        List<BackgroundJobInfo<K>> found = new ArrayList<>();
        records.values().stream().filter(filter).sorted(order).limit(limit).forEach(job -> found.add(job.copy()));
        return found;
    }

    private BackgroundJobInfo<K> held(K id, String owner) {
        BackgroundJobInfo<K> job = records.get(id);
        return job != null && job.getStatus() == JobStatus.RUNNING && owner.equals(job.getLeaseOwner()) ? job : null;
    }

    private static boolean leaseExpired(BackgroundJobInfo<?> job, Instant now) {
        return job.getStatus() == JobStatus.RUNNING && !job.getLeaseExpiresAt().isAfter(now);
    }

    private static void end(BackgroundJobInfo<?> job, JobStatus status, Instant now) {
        job.setStatus(status);
        job.setCompleted(now);
        job.setLeaseOwner(null);
        job.setLeaseExpiresAt(null);
        written(job, now);
    }

    private static void written(BackgroundJobInfo<?> job, Instant now) {
        job.setUpdatedAt(now);
        job.setVersion(job.getVersion() + 1);
    }

    static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1, not " + limit + ".");
        }
    }
}
