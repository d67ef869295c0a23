package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.UnsentJob;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Sends a job queued in a Spring transaction once that transaction has committed, from a thread
 * of its own. Spring runs {@code afterCommit} before it gives the transaction's connection back
 * to the pool, and the send needs connections of its own (it reads the record back and marks it
 * sent): sent there, as many transactions at once as the pool has connections would each hold
 * one and wait for another until the pool's timeout.
 */
final class SendAfterCommit implements TransactionSynchronization {

    private static final Logger LOG = LoggerFactory.getLogger(SendAfterCommit.class);

    /** Threads sending after commits, per client; they end after 10 s without work. */
    static final int SEND_THREADS = 4;

    private final UnsentJob<?> job;
    private final Executor sends;

    SendAfterCommit(UnsentJob<?> job, Executor sends) {
        this.job = job;
        this.sends = sends;
    }

    /**
     * @return the executor a client's after-commit sends run on: up to {@link #SEND_THREADS}
     *     daemon threads, each ended after 10 s idle, the sends beyond them waiting in turn
     */
    static Executor newSendThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                SEND_THREADS, SEND_THREADS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "backgroundjobs-send-after-commit-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void afterCommit() {
        try {
            sends.execute(this::send);
        } catch (RejectedExecutionException e) {
            LOG.warn(
                    "Job {} on queue '{}' was committed but its message could not be handed to a sending thread;"
                            + " the sweeper sends it later.",
                    job.id(),
                    job.queueName(),
                    e);
        }
    }

    /** The send itself; never throws. */
    void send() {
        try {
            job.send();
        } catch (RuntimeException e) {
            // The transaction has committed: failing the caller now would report committed work as
            // failed (and a caller retrying would do it twice). Whatever stopped the send (the queue,
            // the store unreachable for the send's read of the record), the record stays PENDING and
            // unsent, and the sweeper sends it.
            LOG.warn(
                    "Job {} on queue '{}' was committed but its message was not sent; the sweeper sends it later.",
                    job.id(),
                    job.queueName(),
                    e);
        }
    }
}
