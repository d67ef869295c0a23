package io.github.aobackgroundjobs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes "sent" marks behind the callers that queued the jobs, off their critical path: one
 * daemon thread takes every mark waiting and writes them with one
 * {@link io.github.aobackgroundjobs.spi.JobRepositoryBase#markAllSent} call (in chunks of
 * {@value #MAX_PER_WRITE}), then the next lot. There is no timer: a lone mark is written at once,
 * and under load the lots grow by themselves while the previous write runs.
 *
 * <p>A mark that is never written (the process dies first, the store is down) leaves the job
 * PENDING with no sent time, so the sweeper sends its message again after its grace; the claim
 * makes that duplicate harmless. When more than {@value #MAX_WAITING} marks wait (the store is
 * slower than the producers), or after {@link #close}, callers write their own mark at once, so
 * the backlog stays bounded. Thread-safe.
 *
 * @param <K> the key type
 */
public final class SentMarkWriter<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SentMarkWriter.class);

    /** Most ids in one write. */
    static final int MAX_PER_WRITE = 1000;

    /** Most marks waiting before callers write their own. */
    static final int MAX_WAITING = 20_000;

    private final JobStore<K> store;
    private final Object lock = new Object();
    private List<K> waiting = new ArrayList<>();
    private boolean writing;
    private boolean closed;
    private Thread thread;

    /** @param store where the marks go */
    public SentMarkWriter(JobStore<K> store) {
        this.store = store;
    }

    /**
     * Marks a job sent, now or shortly.
     *
     * @param id the job whose message the queue accepted
     * @param queueName its queue, for the log if the mark is written at once and fails
     */
    public void mark(K id, String queueName) {
        synchronized (lock) {
            if (!closed && waiting.size() < MAX_WAITING) {
                waiting.add(id);
                start();
                lock.notifyAll();
                return;
            }
        }
        store.markSent(id, queueName);
    }

    /**
     * Marks jobs sent, now or shortly.
     *
     * @param ids the jobs whose messages the queue accepted
     * @param queueName their queue, for the log if the marks are written at once and fail
     */
    public void markAll(List<K> ids, String queueName) {
        if (ids.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (!closed && waiting.size() + ids.size() <= MAX_WAITING) {
                waiting.addAll(ids);
                start();
                lock.notifyAll();
                return;
            }
        }
        store.markAllSent(ids, queueName);
    }

    /**
     * Waits until every mark handed in before the call is written (or its write failed).
     *
     * @param timeout the longest wait
     * @return true if all were written in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!waiting.isEmpty() || writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Writes the marks still waiting (for at most 10 s), then writes later marks at once.
     * Idempotent.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            running = thread;
        }
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.warn("Sent marks still being written after 10 s; the sweeper re-sends what stays unmarked");
        }
    }

    private void start() {
        if (thread == null) {
            thread = new Thread(this::run, "backgroundjobs-sent-marks");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (true) {
            List<K> lot;
            synchronized (lock) {
                writing = false;
                lock.notifyAll();
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Only close() ends this thread, after the last lot.
                        Thread.interrupted();
                    }
                }
                if (waiting.isEmpty()) {
                    thread = null;
                    return;
                }
                lot = waiting;
                waiting = new ArrayList<>();
                writing = true;
            }
            for (int from = 0; from < lot.size(); from += MAX_PER_WRITE) {
                List<K> chunk = lot.subList(from, Math.min(lot.size(), from + MAX_PER_WRITE));
                try {
                    store.markAllSent(chunk, "their queues");
                } catch (RuntimeException e) {
                    // JobStore logs store failures itself; anything else must not end the thread.
                    LOG.warn("{} jobs: messages sent but not recorded as sent", chunk.size(), e);
                }
            }
        }
    }
}
