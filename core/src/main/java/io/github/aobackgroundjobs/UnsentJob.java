package io.github.aobackgroundjobs;

import java.time.Duration;
import java.util.Objects;

/**
 * A job saved inside the application's transaction by
 * {@link QueueJobClient#queueJobInTransaction} whose message is not sent yet. Call
 * {@link #send()} once the application's transaction has committed; after a rollback, drop it
 * (there is no record to run).
 *
 * <p>If the process dies between the commit and {@link #send()}, or the send fails, the
 * committed record stays PENDING and unsent; the {@link JobSweeper} finds it once it is older
 * than its unsent grace and sends it. That is a repair, not the normal path.
 *
 * <p>Thread-safe: {@link #send()} sends at most one message, however often and from however
 * many threads it is called.
 *
 * @param <K> the key type
 */
public final class UnsentJob<K> {

    /** Sends the message and marks it sent; throws {@link JobQueueingException} if the send failed. */
    @FunctionalInterface
    interface Sender {
        void send();
    }

    private final K id;
    private final String queueName;
    private final Duration delay;
    private final Sender sender;
    private volatile boolean sent;

    UnsentJob(K id, String queueName, Duration delay, Sender sender) {
        this.id = Objects.requireNonNull(id, "'id' cannot be null.");
        this.queueName = Objects.requireNonNull(queueName, "'queueName' cannot be null.");
        this.delay = Objects.requireNonNull(delay, "'delay' cannot be null.");
        this.sender = Objects.requireNonNull(sender, "'sender' cannot be null.");
    }

    /** @return the job's id, as the record was saved (visible to others once committed) */
    public K id() {
        return id;
    }

    /** @return the queue the message goes to */
    public String queueName() {
        return queueName;
    }

    /** @return how long after it is sent the message becomes visible to workers */
    public Duration delay() {
        return delay;
    }

    /** @return true once {@link #send()} has sent the message */
    public boolean isSent() {
        return sent;
    }

    /**
     * Sends the job's message and marks the record sent (on repositories that write the sent
     * marks behind, such as PostgreSQL's, the mark follows within the client's
     * {@code sentMarkDelay}). Call it after the application's transaction committed: it first
     * reads the record through the repository's own connection, and refuses while the record
     * cannot be seen there, so a worker never receives a message whose job it cannot find. A
     * second call after a successful one does nothing; a call after a failed one tries again.
     *
     * @throws IllegalStateException if the record cannot be seen outside the application's
     *     transaction (not committed yet, or rolled back); nothing was sent
     * @throws JobQueueingException if the message could not be sent; the record stays PENDING
     *     ({@link JobQueueingException#isAborted()} is false) and the failure is logged
     * @throws JobStoreUnavailableException if the store cannot be reached to read the record
     */
    public synchronized void send() {
        if (sent) {
            return;
        }
        sender.send();
        sent = true;
    }

    @Override
    public String toString() {
        return "UnsentJob[id=" + id + ", queue=" + queueName + ", sent=" + sent + "]";
    }
}
