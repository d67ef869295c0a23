package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobMessageCodec;
import io.github.aobackgroundjobs.JobQueue;
import io.github.aobackgroundjobs.JobRepositoryBase;
import io.github.aobackgroundjobs.dashboard.JobActions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link JobActions} on a repository and a queue: retry = requeue, send the id message, mark
 * it sent; each change is published to the repository's listeners.
 *
 * @param <K> the key type
 */
public final class RepositoryJobActions<K> implements JobActions<K> {

    private final JobRepositoryBase<K> repository;
    private final JobQueue queue;
    private final Clock clock;
    private final JobMessageCodec<K> codec;

    /**
     * @param repository the repository
     * @param queue the queue
     * @param clock the clock
     */
    public RepositoryJobActions(JobRepositoryBase<K> repository, JobQueue queue, Clock clock) {
        this.repository = repository;
        this.queue = queue;
        this.clock = clock;
        this.codec = new JobMessageCodec<>(repository.keyType());
    }

    @Override
    public boolean retry(K id) {
        Optional<BackgroundJobInfo<K>> job = repository.findJob(id);
        if (job.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        if (!repository.requeue(id, now, now)) {
            return false;
        }
        repository.onUpdated(id);
        // A failed send leaves the job PENDING and unsent: the sweeper sends it again later.
        queue.send(job.get().getQueueName(), codec.encode(id), Duration.ZERO);
        repository.markSent(id, clock.instant());
        return true;
    }

    @Override
    public CancelResult cancel(K id) {
        CancelResult result = repository.requestCancel(id, clock.instant());
        if (result == CancelResult.CANCELLED || result == CancelResult.REQUESTED) {
            repository.onUpdated(id);
        }
        return result;
    }

    @Override
    public boolean clear(K id) {
        return repository.clearJob(id, clock.instant());
    }
}
