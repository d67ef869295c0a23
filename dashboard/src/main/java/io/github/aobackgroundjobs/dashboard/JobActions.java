package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.Objects;

/**
 * What the dashboard's Retry, Cancel and Clear buttons do. The stock implementation
 * ({@link #of(QueueJobClient)}) delegates to the application's {@link QueueJobClient}.
 * Implementations must be thread-safe and must tell the repository's listeners of each change
 * ({@link JobRepositoryBase#onUpdated}) so open pages update.
 *
 * @param <K> the key type
 */
public interface JobActions<K> {

    /**
     * Runs a FAILED, ABORTED or CANCELLED job again with a fresh attempt budget.
     *
     * @param id the job
     * @return true if it was requeued; false if it is missing, PENDING, RUNNING or SUCCEEDED
     * @throws io.github.aobackgroundjobs.JobQueueingException if the message could not be sent
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
     * The stock actions: {@link QueueJobClient#requeue}, {@link QueueJobClient#cancel} and
     * {@link QueueJobClient#clear}, each of which tells the repository's listeners.
     *
     * @param client the application's client
     * @param <K> the key type
     * @return the actions
     */
    static <K> JobActions<K> of(QueueJobClient<K> client) {
        Objects.requireNonNull(client, "'client' cannot be null.");
        return new JobActions<>() {
            @Override
            public boolean retry(K id) {
                // Only finished-but-not-succeeded jobs: a PENDING one would just be re-sent.
                var job = client.repository().findJob(id);
                if (job.isEmpty() || !job.get().getStatus().isTerminal()) {
                    return false;
                }
                try {
                    client.requeue(id);
                    return true;
                } catch (IllegalStateException | JobNotFoundException e) {
                    return false;
                }
            }

            @Override
            public CancelResult cancel(K id) {
                return client.cancel(id);
            }

            @Override
            public boolean clear(K id) {
                return client.clear(id);
            }
        };
    }
}
