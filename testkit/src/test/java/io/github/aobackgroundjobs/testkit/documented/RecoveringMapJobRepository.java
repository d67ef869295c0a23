package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@link MapJobRepository} with the two recovery queries overridden as the rows of
 * docs/custom-repository.md describe them, which is when the document says to opt into
 * {@code RecoveryQueriesContractTest}.
 */
class RecoveringMapJobRepository extends MapJobRepository {

    @Override
    public synchronized List<BackgroundJobInfo<Long>> findSweepCandidates(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore, int limit) {
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
