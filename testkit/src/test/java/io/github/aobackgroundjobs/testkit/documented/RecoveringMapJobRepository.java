package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@link MapJobRepository} with {@code findUnfinishedJobs} overridden as docs/custom-repository.md
 * describes it, and {@code findSweepCandidates} with a cut-off per kind either overridden too or
 * left to the base class's default: what {@code RecoveryQueriesContractTest} checks.
 */
class RecoveringMapJobRepository extends MapJobRepository {

    private final boolean ownSweepQuery;

    /**
     * @param ownSweepQuery whether to answer {@code findSweepCandidates} with a cut-off per kind
     *     itself, or keep the base class's default
     */
    RecoveringMapJobRepository(boolean ownSweepQuery) {
        this.ownSweepQuery = ownSweepQuery;
    }

    @Override
    public synchronized List<BackgroundJobInfo<Long>> findSweepCandidates(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore, int limit) {
        if (!ownSweepQuery) {
            return super.findSweepCandidates(unsentBefore, sentBefore, leaseExpiredBefore, limit);
        }
        requireLimit(limit);
        return select(
                job -> since(job, unsentBefore, sentBefore, leaseExpiredBefore) != null,
                Comparator.comparing((BackgroundJobInfo<Long> job) ->
                                since(job, unsentBefore, sentBefore, leaseExpiredBefore))
                        .thenComparing(BackgroundJobInfo::getId),
                limit);
    }

    private static Instant since(
            BackgroundJobInfo<Long> job, Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore) {
        if (job.getStatus() == JobStatus.PENDING && job.getSentAt() != null && sentBefore == null) {
            return null;
        }
        if (job.getStatus() == JobStatus.RUNNING) {
            return job.getLeaseExpiresAt().isBefore(leaseExpiredBefore) ? job.getLeaseExpiresAt() : null;
        }
        return candidateSince(job, unsentBefore, sentBefore);
    }

    @Override
    public synchronized List<BackgroundJobInfo<Long>> findUnfinishedJobs(
            Set<String> queueNames, Long after, int limit) {
        if (queueNames.isEmpty()) {
            throw new IllegalArgumentException("'queueNames' must name at least one queue.");
        }
        requireLimit(limit);
        return select(
                job -> !job.isCompleted()
                        && queueNames.contains(job.getQueueName())
                        && (after == null || job.getId() > after),
                Comparator.comparing(BackgroundJobInfo::getId),
                limit);
    }
}
