package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.LeaseState;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A repository of an application's own, as a retention store sees it: not an
 * {@link InMemoryJobRepository}, and keeping the SPI's default
 * {@link JobQueryRepository#purge(Instant, Set, int)}. Its records live in an in-memory one.
 */
class CustomQueryRepository extends JobRepositoryBase<Long> implements JobQueryRepository<Long> {

    final InMemoryJobRepository<Long> records = InMemoryJobRepository.withLongKeys();

    @Override
    public JobKeyType<Long> keyType() {
        return records.keyType();
    }

    @Override
    public Optional<BackgroundJobInfo<Long>> findJob(Long id) {
        return records.findJob(id);
    }

    @Override
    protected BackgroundJobInfo<Long> insertValidated(BackgroundJobInfo<Long> job) {
        return records.insert(job);
    }

    @Override
    public ClaimResult<Long> claim(ClaimRequest<Long> request) {
        return records.claim(request);
    }

    @Override
    public LeaseState renewLease(Long id, String owner, Instant now, Instant leaseExpiresAt) {
        return records.renewLease(id, owner, now, leaseExpiresAt);
    }

    @Override
    public LeaseState saveProgress(Long id, String owner, int percent, String message, Instant now) {
        return records.saveProgress(id, owner, percent, message, now);
    }

    @Override
    public boolean complete(JobCompletion<Long> completion) {
        return records.complete(completion);
    }

    @Override
    public boolean markSent(Long id, Instant now) {
        return records.markSent(id, now);
    }

    @Override
    public boolean markAborted(Long id, String exceptionData, Instant now) {
        return records.markAborted(id, exceptionData, now);
    }

    @Override
    public CancelResult requestCancel(Long id, Instant now) {
        return records.requestCancel(id, now);
    }

    @Override
    public boolean requeue(Long id, Instant now, Instant nextAttemptAt) {
        return records.requeue(id, now, nextAttemptAt);
    }

    @Override
    public boolean markCleared(Long id, Instant now) {
        return records.markCleared(id, now);
    }

    @Override
    public List<BackgroundJobInfo<Long>> findActiveJobs(String userName, int limit) {
        return records.findActiveJobs(userName, limit);
    }

    @Override
    public List<BackgroundJobInfo<Long>> findSweepCandidates(Instant unsentBefore, Instant staleBefore, int limit) {
        return records.findSweepCandidates(unsentBefore, staleBefore, limit);
    }

    @Override
    public JobPage<Long> findJobs(JobQuery query) {
        return records.findJobs(query);
    }

    @Override
    public List<BackgroundJobInfo<Long>> findUpdatedSince(Instant since, String userName, int limit) {
        return records.findUpdatedSince(since, userName, limit);
    }

    @Override
    public JobStatistics<Long> statistics(StatisticsQuery query) {
        return records.statistics(query);
    }

    @Override
    public int purge(Instant completedBefore, Set<JobStatus> statuses) {
        return records.purge(completedBefore, statuses);
    }

    /** The same, with a bounded {@link JobQueryRepository#purge(Instant, Set, int)} of its own. */
    static final class Bounded extends CustomQueryRepository {
        @Override
        public int purge(Instant completedBefore, Set<JobStatus> statuses, int limit) {
            return records.purge(completedBefore, statuses, limit);
        }
    }
}
