package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobQueue;
import io.github.aobackgroundjobs.JobRepositoryBase;
import io.github.aobackgroundjobs.dashboard.internal.RepositoryJobActions;
import java.time.Clock;
import java.util.Objects;

/**
 * What the dashboard's Retry, Cancel and Clear buttons do. The stock implementation
 * ({@link #of(JobRepositoryBase, JobQueue, Clock)}) works on the repository and sends the
 * retry message to the job's queue. Implementations must be thread-safe and must tell the
 * repository's listeners of each change ({@link JobRepositoryBase#onUpdated}) so open pages
 * update.
 *
 * @param <K> the key type
 */
public interface JobActions<K> {

    /**
     * Runs a FAILED, ABORTED or CANCELLED job again with a fresh attempt budget.
     *
     * @param id the job
     * @return true if it was requeued; false if it is missing, RUNNING or SUCCEEDED
     */
    boolean retry(K id);

    /**
     * Asks a PENDING or RUNNING job to stop.
     *
     * @param id the job
     * @return what happened
     */
    CancelResult cancel(K id);

    /**
     * Dismisses a job's notification.
     *
     * @param id the job
     * @return true if cleared; false if missing
     */
    boolean clear(K id);

    /**
     * The stock actions: repository writes, plus a message to the job's queue on retry.
     *
     * @param repository the repository
     * @param queue the queue retried jobs are sent to
     * @param clock the clock times are read from
     * @param <K> the key type
     * @return the actions
     */
    static <K> JobActions<K> of(JobRepositoryBase<K> repository, JobQueue queue, Clock clock) {
        return new RepositoryJobActions<>(Objects.requireNonNull(repository, "'repository' cannot be null."),
                Objects.requireNonNull(queue, "'queue' cannot be null."),
                Objects.requireNonNull(clock, "'clock' cannot be null."));
    }
}
