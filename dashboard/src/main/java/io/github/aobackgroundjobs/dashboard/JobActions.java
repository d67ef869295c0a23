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
 * ({@link JobRepositoryBase#onUpdated}) so open pages update. To refuse an action for a reason of
 * the application's own (a per-user quota), a method throws {@link JobActionRefusedException}: the
 * dashboard answers its status and message; wrap {@link #of(QueueJobClient)} to add such a rule.
 *
 * @param <K> the key type
 */
public interface JobActions<K> {

    /**
     * Runs a job that nobody is running again with a fresh attempt budget: a FAILED, ABORTED or
     * CANCELLED job, a RUNNING job whose lease has expired (its worker is gone), or a PENDING job
     * whose message was never sent. The dashboard offers the last two to the admin only. Of
     * retries of one job at once, from any number of dashboards on one store, exactly one may
     * answer true and send its message ({@link QueueJobClient#requeue} does so on a repository
     * whose {@link JobRepositoryBase#requeuesAtomically()} is true); the dashboard answers the
     * others 409 with the reason.
     *
     * @param id the job
     * @return true if it was requeued; false if it is missing, SUCCEEDED, RUNNING under a live
     *     lease, PENDING with its message sent (waiting in the queue) or held by another retry
     *     sending its message, or was changed by someone else (another retry) while being requeued
     * @throws io.github.aobackgroundjobs.JobQueueingException if the message could not be sent
     * @throws JobActionRefusedException if the application refuses it (answered with its status)
     */
    boolean retry(K id);

    /**
     * Asks a PENDING or RUNNING job to stop; one nobody is running (PENDING, or RUNNING under an
     * expired lease) ends CANCELLED at once.
     *
     * @param id the job
     * @return what happened
     * @throws JobActionRefusedException if the application refuses it (answered with its status)
     */
    CancelResult cancel(K id);

    /**
     * Dismisses a job's notification.
     *
     * @param id the job
     * @return true if cleared; false if missing
     * @throws JobActionRefusedException if the application refuses it (answered with its status)
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
                // The requeue refuses SUCCEEDED, PENDING marked sent or held, RUNNING under a live lease,
                // and a job another requeue changed first.
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
