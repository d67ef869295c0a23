package io.github.aobackgroundjobs.memory;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.internal.JobOrder;
import io.github.aobackgroundjobs.internal.JobStatisticsCalculator;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.LeaseState;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A job repository held in the process's memory: for tests, demos and single-process
 * applications that can afford to lose their jobs on restart.
 *
 * <p>Thread-safe and lock-free for readers. Each record is stored as an instance that is never
 * changed after it is stored: a write copies the stored record, changes the copy and swaps it
 * in atomically ({@link ConcurrentHashMap#compute}), so writes to different jobs never block
 * each other and a reader always sees a whole version. Callers only ever get copies.
 *
 * <p>The queries ({@link JobQueryRepository}, {@link #findActiveJobs}, the sweeper's and the
 * restart recovery's) scan every record: fine for the sizes memory can hold, not meant for millions of jobs.
 * Records stay until purged: call {@link #purge} now and then (say, finished jobs older than a
 * day) to keep memory bounded.
 *
 * @param <K> the key type ({@link Long} or {@link UUID})
 */
public final class InMemoryJobRepository<K> extends JobRepositoryBase<K> implements JobQueryRepository<K> {

    private final JobKeyType<K> keyType;
    private final Supplier<K> idGenerator;
    private final ConcurrentHashMap<K, BackgroundJobInfo<K>> records = new ConcurrentHashMap<>();

    private InMemoryJobRepository(JobKeyType<K> keyType, Supplier<K> idGenerator) {
        this.keyType = keyType;
        this.idGenerator = idGenerator;
    }

    /**
     * A repository with {@link Long} keys assigned 1, 2, 3, ... as a database identity would.
     *
     * @return an empty repository
     */
    public static InMemoryJobRepository<Long> withLongKeys() {
        AtomicLong sequence = new AtomicLong();
        return new InMemoryJobRepository<>(JobKeyType.LONG, sequence::incrementAndGet);
    }

    /**
     * A repository with random {@link UUID} keys; a record inserted with a UUID keeps it.
     *
     * @return an empty repository
     */
    public static InMemoryJobRepository<UUID> withUuidKeys() {
        return new InMemoryJobRepository<>(JobKeyType.UUID, UUID::randomUUID);
    }

    @Override
    public JobKeyType<K> keyType() {
        return keyType;
    }

    /**
     * The number of records held.
     *
     * @return the count
     */
    public int size() {
        return records.size();
    }

    @Override
    public Optional<BackgroundJobInfo<K>> findJob(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        BackgroundJobInfo<K> stored = records.get(id);
        return stored == null ? Optional.empty() : Optional.of(stored.copy());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A {@code LONG} record always gets the next number of this repository's sequence; a
     * {@code UUID} record keeps an id it already has. {@code updatedAt} is set to
     * {@code created} if the record has none.
     *
     * @throws IllegalArgumentException if a record with the record's UUID already exists
     */
    @Override
    protected BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job) {
        BackgroundJobInfo<K> stored = job.copy();
        if (keyType == JobKeyType.LONG || stored.getId() == null) {
            stored.setId(idGenerator.get());
        }
        if (stored.getUpdatedAt() == null) {
            stored.setUpdatedAt(stored.getCreated());
        }
        stored.setProgressMessage(JobValidation.storableProgressMessage(stored.getProgressMessage()));
        if (records.putIfAbsent(stored.getId(), stored) != null) {
            throw new IllegalArgumentException("'id' " + stored.getId() + " is already taken by another job.");
        }
        return stored.copy();
    }

    /**
     * {@inheritDoc}
     *
     * <p>All or none: when a record is refused, the records of this call stored before it are
     * removed again before the exception is thrown. Another thread may have seen them in between.
     *
     * @throws IllegalArgumentException if a record's {@code UUID} is another stored record's (the
     *     message names its index and {@code 'id'}); nothing of this call is kept
     */
    @Override
    protected List<BackgroundJobInfo<K>> insertAllValidated(List<BackgroundJobInfo<K>> jobs) {
        List<BackgroundJobInfo<K>> saved = new ArrayList<>(jobs.size());
        try {
            for (BackgroundJobInfo<K> job : jobs) {
                saved.add(insertValidated(job));
            }
        } catch (IllegalArgumentException e) {
            for (BackgroundJobInfo<K> stored : saved) {
                records.remove(stored.getId());
            }
            throw new IllegalArgumentException("'jobs[" + saved.size() + "]': " + e.getMessage(), e);
        }
        return saved;
    }

    @Override
    public ClaimResult<K> claim(ClaimRequest<K> request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        Instant now = request.now();
        // The lambda runs under the record's bin lock: the check and the write are one step.
        ClaimResult<K>[] result = newResultHolder();
        records.computeIfPresent(request.id(), (id, current) -> {
            if (!request.acceptsType(current.getRequestType())) {
                result[0] = ClaimResult.otherType(current.copy());
                return current;
            }
            if (current.getStatus().isTerminal()) {
                result[0] = ClaimResult.alreadyDone(current.copy());
                return current;
            }
            Instant claimableAt = claimableAt(current);
            if (claimableAt.isAfter(now)) {
                result[0] = ClaimResult.busy(current.copy(), claimableAt);
                return current;
            }
            BackgroundJobInfo<K> next = nextVersion(current, now);
            ClaimResult.Type type;
            if (current.isCancelRequested()) {
                next.setStatus(JobStatus.CANCELLED);
                finish(next, now);
                type = ClaimResult.Type.CANCELLED;
            } else if (current.getAttempts() >= request.maxAttempts()) {
                next.setStatus(JobStatus.ABORTED);
                next.setExceptionData(request.gaveUpErrorData());
                finish(next, now);
                type = ClaimResult.Type.GAVE_UP;
            } else {
                Instant due = current.getNextAttemptAt() != null ? current.getNextAttemptAt() : current.getCreated();
                next.setStatus(JobStatus.RUNNING);
                next.setLeaseOwner(request.owner());
                next.setLeaseExpiresAt(request.leaseExpiresAt());
                next.setAttempts(current.getAttempts() + 1);
                next.setStarted(now);
                next.setQueueLatencyMillis(
                        due == null
                                ? null
                                : Math.max(0, Duration.between(due, now).toMillis()));
                next.setExceptionData(null);
                next.setResultData(null);
                next.setCompleted(null);
                next.setDurationMillis(null);
                next.setProgressPercent(null);
                next.setProgressMessage(null);
                type = ClaimResult.Type.CLAIMED;
            }
            result[0] = new ClaimResult<>(type, next.copy(), null);
            return next;
        });
        return result[0] == null ? ClaimResult.notFound() : result[0];
    }

    @Override
    public LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt) {
        Objects.requireNonNull(owner, "'owner' cannot be null.");
        Objects.requireNonNull(leaseExpiresAt, "'leaseExpiresAt' cannot be null.");
        return updateHeld(id, owner, now, next -> {
            next.setLeaseExpiresAt(leaseExpiresAt);
            return next;
        });
    }

    @Override
    public LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
        Objects.requireNonNull(owner, "'owner' cannot be null.");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("'percent' must be between 0 and 100, not " + percent + ".");
        }
        String cut = JobValidation.storableProgressMessage(message);
        return updateHeld(id, owner, now, next -> {
            next.setProgressPercent(percent);
            next.setProgressMessage(cut);
            return next;
        });
    }

    @Override
    public boolean complete(JobCompletion<K> completion) {
        Objects.requireNonNull(completion, "'completion' cannot be null.");
        LeaseState state = updateHeld(completion.id(), completion.owner(), completion.now(), next -> {
            next.setStatus(completion.status());
            next.setCompleted(completion.now());
            next.setDurationMillis(completion.durationMillis());
            next.setResultData(completion.resultData());
            next.setExceptionData(completion.exceptionData());
            next.setLeaseOwner(null);
            next.setLeaseExpiresAt(null);
            if (completion.status() == JobStatus.PENDING) {
                next.setNextAttemptAt(completion.nextAttemptAt());
                next.setSentAt(null);
            }
            return next;
        });
        return state != LeaseState.LOST;
    }

    @Override
    public boolean markSent(K id, Instant now) {
        return update(id, now, current -> current.getStatus() == JobStatus.PENDING, next -> {
            next.setSentAt(now);
            next.setSendCount(next.getSendCount() + 1);
        });
    }

    @Override
    public boolean markAborted(K id, String exceptionData, Instant now) {
        return update(id, now, current -> isUnattended(current, now), next -> {
            next.setStatus(JobStatus.ABORTED);
            next.setExceptionData(exceptionData);
            finish(next, now);
        });
    }

    /** PENDING, or RUNNING under a lease that has expired: nobody is working on it. */
    private static boolean isUnattended(BackgroundJobInfo<?> job, Instant now) {
        return job.getStatus() == JobStatus.PENDING
                || (job.getStatus() == JobStatus.RUNNING
                        && (job.getLeaseExpiresAt() == null
                                || !job.getLeaseExpiresAt().isAfter(now)));
    }

    @Override
    public CancelResult requestCancel(K id, Instant now) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(now, "'now' cannot be null.");
        CancelResult[] result = {CancelResult.NOT_FOUND};
        records.computeIfPresent(id, (key, current) -> {
            switch (current.getStatus()) {
                case PENDING -> {
                    BackgroundJobInfo<K> next = nextVersion(current, now);
                    next.setStatus(JobStatus.CANCELLED);
                    next.setCancelRequested(true);
                    finish(next, now);
                    result[0] = CancelResult.CANCELLED;
                    return next;
                }
                case RUNNING -> {
                    if (isUnattended(current, now)) {
                        BackgroundJobInfo<K> next = nextVersion(current, now);
                        next.setStatus(JobStatus.CANCELLED);
                        next.setCancelRequested(true);
                        finish(next, now);
                        result[0] = CancelResult.CANCELLED;
                        return next;
                    }
                    result[0] = CancelResult.REQUESTED;
                    if (current.isCancelRequested()) {
                        return current;
                    }
                    BackgroundJobInfo<K> next = nextVersion(current, now);
                    next.setCancelRequested(true);
                    return next;
                }
                default -> {
                    result[0] = CancelResult.ALREADY_DONE;
                    return current;
                }
            }
        });
        return result[0];
    }

    @Override
    public boolean requeue(K id, Instant now, Instant nextAttemptAt) {
        Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' cannot be null.");
        return update(
                id,
                now,
                current -> current.getStatus() != JobStatus.SUCCEEDED
                        && (current.getStatus() != JobStatus.RUNNING || isUnattended(current, now)),
                next -> startAfresh(next, nextAttemptAt, null));
    }

    @Override
    public boolean requeueIfUnchanged(
            K id, long expectedVersion, Instant now, Instant nextAttemptAt, Instant heldUntil) {
        Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' cannot be null.");
        Objects.requireNonNull(heldUntil, "'heldUntil' cannot be null.");
        return update(
                id,
                now,
                current -> current.getVersion() == expectedVersion && isRequeueable(current, now),
                next -> startAfresh(next, nextAttemptAt, heldUntil));
    }

    /** @return true: {@link #requeueIfUnchanged} checks and writes under the record's entry lock */
    @Override
    public boolean requeuesAtomically() {
        return true;
    }

    private static void startAfresh(BackgroundJobInfo<?> next, Instant nextAttemptAt, Instant heldUntil) {
        next.setStatus(JobStatus.PENDING);
        next.setAttempts(0);
        next.setSendCount(0);
        next.setNextAttemptAt(nextAttemptAt);
        next.setSentAt(null);
        next.setCompleted(null);
        next.setResultData(null);
        next.setLeaseOwner(null);
        next.setLeaseExpiresAt(heldUntil);
        next.setCancelRequested(false);
        next.setCleared(false);
    }

    @Override
    public boolean markCleared(K id, Instant now) {
        return update(id, now, current -> true, next -> next.setCleared(true));
    }

    @Override
    public List<BackgroundJobInfo<K>> findActiveJobs(String userName, int limit) {
        Objects.requireNonNull(userName, "'userName' cannot be null.");
        requireLimit(limit);
        return select(job -> userName.equals(job.getUserName()) && !job.isCleared(), JobOrder.newestFirst(), limit);
    }

    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(Instant unsentBefore, Instant staleBefore, int limit) {
        Objects.requireNonNull(unsentBefore, "'unsentBefore' cannot be null.");
        Objects.requireNonNull(staleBefore, "'staleBefore' cannot be null.");
        requireLimit(limit);
        return select(
                job -> JobOrder.sweepDue(job, unsentBefore, staleBefore) != null,
                JobOrder.sweepOrder(unsentBefore, staleBefore),
                limit);
    }

    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore, int limit) {
        Objects.requireNonNull(unsentBefore, "'unsentBefore' cannot be null.");
        Objects.requireNonNull(leaseExpiredBefore, "'leaseExpiredBefore' cannot be null.");
        requireLimit(limit);
        return select(
                job -> JobOrder.sweepDue(job, unsentBefore, sentBefore, leaseExpiredBefore) != null,
                JobOrder.sweepOrder(unsentBefore, sentBefore, leaseExpiredBefore),
                limit);
    }

    @Override
    public List<BackgroundJobInfo<K>> findUnfinishedJobs(Set<String> queueNames, K after, int limit) {
        Objects.requireNonNull(queueNames, "'queueNames' cannot be null.");
        if (queueNames.isEmpty()) {
            throw new IllegalArgumentException("'queueNames' must name at least one queue.");
        }
        requireLimit(limit);
        return select(
                job -> !job.getStatus().isTerminal()
                        && queueNames.contains(job.getQueueName())
                        && (after == null || JobOrder.compareIds(job.getId(), after) > 0),
                JobOrder.byId(),
                limit);
    }

    @Override
    public JobPage<K> findJobs(JobQuery query) {
        Objects.requireNonNull(query, "'query' cannot be null.");
        List<BackgroundJobInfo<K>> matching = new ArrayList<>();
        for (BackgroundJobInfo<K> job : records.values()) {
            if (query.matches(job)) {
                matching.add(job);
            }
        }
        matching.sort(JobOrder.newestFirst());
        List<BackgroundJobInfo<K>> page = new ArrayList<>();
        long end = Math.min(matching.size(), query.offset() + query.pageSize());
        for (long i = query.offset(); i < end; i++) {
            page.add(matching.get((int) i).copy());
        }
        long total = Math.min(matching.size(), query.countCap());
        return new JobPage<>(page, query.page(), query.pageSize(), total, matching.size() > query.countCap());
    }

    @Override
    public List<BackgroundJobInfo<K>> findUpdatedSince(Instant since, String userName, int limit) {
        Objects.requireNonNull(since, "'since' cannot be null.");
        requireLimit(limit);
        return select(
                job -> job.getUpdatedAt().isAfter(since) && (userName == null || userName.equals(job.getUserName())),
                JobOrder.oldestWriteFirst(),
                limit);
    }

    @Override
    public JobStatistics<K> statistics(StatisticsQuery query) {
        Objects.requireNonNull(query, "'query' cannot be null.");
        JobStatisticsCalculator<K> calculator = new JobStatisticsCalculator<>(query);
        for (BackgroundJobInfo<K> job : records.values()) {
            calculator.add(job);
        }
        return calculator.result();
    }

    @Override
    public int purge(Instant completedBefore, Set<JobStatus> statuses) {
        Objects.requireNonNull(completedBefore, "'completedBefore' cannot be null.");
        Set<JobStatus> purgeable = JobStatisticsCalculator.requirePurgeable(statuses);
        int[] deleted = {0};
        for (K id : records.keySet()) {
            records.computeIfPresent(id, (key, current) -> {
                if (purgeable.contains(current.getStatus())
                        && current.getCompleted() != null
                        && current.getCompleted().isBefore(completedBefore)) {
                    deleted[0]++;
                    return null;
                }
                return current;
            });
        }
        return deleted[0];
    }

    /**
     * Deletes at most {@code limit} finished jobs in the given states completed before a time,
     * the earliest completed first: {@link #purge(Instant, Set)} in bounded batches, as the
     * scheduler's retention deletes in a database. PENDING and RUNNING jobs are never deleted.
     * Safe to call concurrently with any other method; a record that changes meanwhile is
     * checked again before it is deleted.
     *
     * @param completedBefore exclusive upper bound on completed
     * @param statuses only jobs in these states; not empty, each terminal
     * @param limit at most this many, at least 1
     * @return how many records were deleted (0 when none match)
     * @throws IllegalArgumentException if {@code statuses} is empty or holds PENDING or RUNNING
     *     (the message names {@code 'statuses'}), or {@code limit} is below 1 (the message names
     *     {@code 'limit'}); nothing is deleted
     */
    @Override
    public int purge(Instant completedBefore, Set<JobStatus> statuses, int limit) {
        Objects.requireNonNull(completedBefore, "'completedBefore' cannot be null.");
        Set<JobStatus> purgeable = JobStatisticsCalculator.requirePurgeable(statuses);
        if (limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1, not " + limit + ".");
        }
        Predicate<BackgroundJobInfo<K>> old = job -> purgeable.contains(job.getStatus())
                && job.getCompleted() != null
                && job.getCompleted().isBefore(completedBefore);
        List<K> oldest = records.values().stream()
                .filter(old)
                .sorted(Comparator.comparing(BackgroundJobInfo<K>::getCompleted))
                .limit(limit)
                .map(BackgroundJobInfo::getId)
                .toList();
        int[] deleted = {0};
        for (K id : oldest) {
            records.computeIfPresent(id, (key, current) -> {
                if (old.test(current)) {
                    deleted[0]++;
                    return null;
                }
                return current;
            });
        }
        return deleted[0];
    }

    /**
     * Whether {@link #purge(Instant, Set)} with the same arguments would delete any record: what
     * the scheduler's retention asks when a run ends at its batch limit. Writes nothing; safe to
     * call concurrently with any other method.
     *
     * @param completedBefore exclusive upper bound on completed
     * @param statuses only jobs in these states; not empty, each terminal
     * @return true if at least one finished job in those states completed before that time
     * @throws IllegalArgumentException if {@code statuses} is empty or holds PENDING or RUNNING
     *     (the message names {@code 'statuses'})
     */
    public boolean hasPurgeable(Instant completedBefore, Set<JobStatus> statuses) {
        Objects.requireNonNull(completedBefore, "'completedBefore' cannot be null.");
        Set<JobStatus> purgeable = JobStatisticsCalculator.requirePurgeable(statuses);
        return records.values().stream()
                .anyMatch(job -> purgeable.contains(job.getStatus())
                        && job.getCompleted() != null
                        && job.getCompleted().isBefore(completedBefore));
    }

    private static Instant claimableAt(BackgroundJobInfo<?> job) {
        Instant at = job.getStatus() == JobStatus.RUNNING ? job.getLeaseExpiresAt() : job.getNextAttemptAt();
        return at == null ? Instant.MIN : at;
    }

    private static void finish(BackgroundJobInfo<?> job, Instant now) {
        job.setCompleted(now);
        job.setLeaseOwner(null);
        job.setLeaseExpiresAt(null);
    }

    private static <K> BackgroundJobInfo<K> nextVersion(BackgroundJobInfo<K> current, Instant now) {
        BackgroundJobInfo<K> next = current.copy();
        next.setUpdatedAt(now);
        next.setVersion(current.getVersion() + 1);
        return next;
    }

    /** Writes a RUNNING job held by {@code owner}; LOST (and nothing written) otherwise. */
    private LeaseState updateHeld(K id, String owner, Instant now, UnaryOperator<BackgroundJobInfo<K>> change) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(now, "'now' cannot be null.");
        LeaseState[] result = {LeaseState.LOST};
        records.computeIfPresent(id, (key, current) -> {
            if (current.getStatus() != JobStatus.RUNNING || !owner.equals(current.getLeaseOwner())) {
                return current;
            }
            result[0] = current.isCancelRequested() ? LeaseState.CANCEL_REQUESTED : LeaseState.HELD;
            return change.apply(nextVersion(current, now));
        });
        return result[0];
    }

    private boolean update(
            K id, Instant now, Predicate<BackgroundJobInfo<K>> condition, Consumer<BackgroundJobInfo<K>> change) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(now, "'now' cannot be null.");
        boolean[] written = {false};
        records.computeIfPresent(id, (key, current) -> {
            if (!condition.test(current)) {
                return current;
            }
            BackgroundJobInfo<K> next = nextVersion(current, now);
            change.accept(next);
            written[0] = true;
            return next;
        });
        return written[0];
    }

    private List<BackgroundJobInfo<K>> select(
            Predicate<BackgroundJobInfo<K>> filter, Comparator<BackgroundJobInfo<?>> order, int limit) {
        List<BackgroundJobInfo<K>> matching = new ArrayList<>();
        for (BackgroundJobInfo<K> job : records.values()) {
            if (filter.test(job)) {
                matching.add(job);
            }
        }
        matching.sort(order);
        List<BackgroundJobInfo<K>> out = new ArrayList<>(Math.min(limit, matching.size()));
        for (int i = 0; i < matching.size() && out.size() < limit; i++) {
            out.add(matching.get(i).copy());
        }
        return out;
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1, not " + limit + ".");
        }
    }

    @SuppressWarnings("unchecked")
    private static <K> ClaimResult<K>[] newResultHolder() {
        return (ClaimResult<K>[]) new ClaimResult<?>[1];
    }
}
