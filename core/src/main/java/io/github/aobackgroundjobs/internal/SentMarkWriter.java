package io.github.aobackgroundjobs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes "sent" marks behind the callers that queued the jobs, off their critical path: one
 * daemon thread wakes when the oldest mark has waited the delay (default
 * {@link #DEFAULT_DELAY}), takes every mark that has waited at least the delay less a slack
 * (a fifth of the delay, at most {@value #SLACK_MILLIS} ms) and writes them with
 * {@link io.github.aobackgroundjobs.spi.JobRepositoryBase#markAllSent} (in chunks of
 * {@value #MAX_PER_WRITE}, each its own write, so that no write holds many row locks for long),
 * then sleeps until the next lot is due. The slack makes the lots: under a steady stream of
 * jobs, taking only the marks due at that instant would write one or two marks at a time, one
 * write per few milliseconds. The delay is what makes the marks cheap: a job a worker claimed
 * meanwhile is no longer PENDING, so its mark matches no row and writes nothing, and a mark
 * never holds a row lock a claim of that job waits for. Each lot is written with the time its
 * youngest mark was handed in, so a job's sent time is never before its send. {@link #flush}
 * and {@link #close} write at once.
 *
 * <p>A mark that is never written (the process dies first, the store is down) leaves the job
 * PENDING with no sent time, so the sweeper sends its message again after its grace; the claim
 * makes that duplicate harmless. When more than {@value #EARLY_AT} marks wait, the oldest are
 * written before their delay, at least {@value #MAX_PER_WRITE} at a time, so the memory held
 * stays bounded; when more than
 * {@value #MAX_WAITING} wait (the store is slower than the producers), or after {@link #close},
 * callers write their own mark at once. Thread-safe.
 *
 * @param <K> the key type
 */
public final class SentMarkWriter<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SentMarkWriter.class);

    /** Most ids in one write. */
    static final int MAX_PER_WRITE = 100;

    /** How long a mark waits before it is written, unless flushed, when not configured. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

    /** The longest delay: the sweeper's default grace for a job never marked sent. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(1);

    /** Most slack: how much younger than the delay a mark may be to join the lot being written. */
    static final long SLACK_MILLIS = 100;

    /** Marks waiting beyond which the oldest are written before their delay. */
    static final int EARLY_AT = 20_000;

    /** Most marks waiting before callers write their own. */
    static final int MAX_WAITING = 50_000;

    private final JobStore<K> store;
    private final Clock clock;
    private final long delayNanos;
    private final long slackNanos;
    private final Object lock = new Object();
    private final ArrayDeque<Waiting<K>> waiting = new ArrayDeque<>();
    private boolean writing;
    private int hurry;
    private boolean closed;
    private Thread thread;

    /**
     * @param store where the marks go
     * @param clock the clock of the sent times written
     * @param delay how long a mark waits before it is written, between 1 ms and {@link #MAX_DELAY}
     * @throws IllegalArgumentException if the delay is out of range
     */
    public SentMarkWriter(JobStore<K> store, Clock clock, Duration delay) {
        this.store = store;
        this.clock = clock;
        this.delayNanos = checkedDelay(delay).toNanos();
        this.slackNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(SLACK_MILLIS), delayNanos / 5);
    }

    /**
     * Checks a delay for the marks.
     *
     * @param delay the delay
     * @return the delay
     * @throws IllegalArgumentException naming the range, if it is below 1 ms or above {@link #MAX_DELAY}
     */
    public static Duration checkedDelay(Duration delay) {
        if (delay.compareTo(Duration.ofMillis(1)) < 0 || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("'sentMarkDelay' must be between 1 ms and " + MAX_DELAY.toSeconds()
                    + " s (the sweeper's default grace for unsent jobs), was " + delay + ".");
        }
        return delay;
    }

    /**
     * Marks a job sent, now or shortly.
     *
     * @param id the job whose message the queue accepted
     * @param queueName its queue, for the log if the mark is written at once and fails
     */
    public void mark(K id, String queueName) {
        Instant at = clock.instant();
        synchronized (lock) {
            if (!closed && waiting.size() < MAX_WAITING) {
                boolean wake = waiting.isEmpty() || waiting.size() == EARLY_AT;
                waiting.add(new Waiting<>(id, System.nanoTime(), at));
                start();
                if (wake) {
                    // Otherwise the writer already sleeps until the oldest mark is due.
                    lock.notifyAll();
                }
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
        Instant at = clock.instant();
        synchronized (lock) {
            if (!closed && waiting.size() + ids.size() <= MAX_WAITING) {
                boolean wake =
                        waiting.isEmpty() || (waiting.size() <= EARLY_AT && waiting.size() + ids.size() > EARLY_AT);
                long now = System.nanoTime();
                for (K id : ids) {
                    waiting.add(new Waiting<>(id, now, at));
                }
                start();
                if (wake) {
                    lock.notifyAll();
                }
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
        long deadline = System.nanoTime() + Waits.nanos(timeout);
        synchronized (lock) {
            hurry++;
            lock.notifyAll();
            try {
                while (!waiting.isEmpty() || writing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return true;
            } finally {
                hurry--;
            }
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

    /**
     * A mark and when it was handed in: {@link System#nanoTime()} for its delay, and the
     * client's clock for the sent time written, so that an injected clock is the only source of
     * the times stored.
     */
    private record Waiting<K>(K id, long since, Instant at) {}

    private void start() {
        if (thread == null) {
            thread = new Thread(this::run, "backgroundjobs-sent-marks");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (true) {
            List<K> lot = new ArrayList<>();
            Instant youngest = null;
            synchronized (lock) {
                writing = false;
                lock.notifyAll();
                while (true) {
                    if (waiting.isEmpty() && closed) {
                        thread = null;
                        return;
                    }
                    long wait = waiting.isEmpty()
                            ? 0
                            : closed || hurry > 0 || waiting.size() > EARLY_AT
                                    ? -1
                                    : waiting.peekFirst().since() + delayNanos - System.nanoTime();
                    if (!waiting.isEmpty() && wait <= 0) {
                        break;
                    }
                    try {
                        if (wait == 0) {
                            lock.wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(lock, wait);
                        }
                    } catch (InterruptedException e) {
                        // Only close() ends this thread, after the last lot.
                        Thread.interrupted();
                    }
                }
                boolean all = closed || hurry > 0;
                // Early writes take a full write's worth, not the one or two marks above the limit.
                int keep = waiting.size() > EARLY_AT ? EARLY_AT - MAX_PER_WRITE : Integer.MAX_VALUE;
                long due = System.nanoTime() - delayNanos + slackNanos;
                while (!waiting.isEmpty()
                        && (all || waiting.size() > keep || waiting.peekFirst().since() - due <= 0)) {
                    Waiting<K> next = waiting.pollFirst();
                    lot.add(next.id());
                    // Clock readings taken outside the lock may join the queue a little out of order.
                    youngest = youngest == null || next.at().isAfter(youngest) ? next.at() : youngest;
                }
                writing = true;
            }
            // Every send of the lot happened by the time its youngest mark was handed in.
            Instant sentAt = youngest;
            for (int from = 0; from < lot.size(); from += MAX_PER_WRITE) {
                List<K> chunk = lot.subList(from, Math.min(lot.size(), from + MAX_PER_WRITE));
                try {
                    store.markAllSent(chunk, "their queues", sentAt);
                } catch (Throwable e) {
                    // JobStore logs store failures itself; anything else, an OutOfMemoryError
                    // included, must not end the thread: no mark would be written again.
                    LOG.warn("{} jobs: messages sent but not recorded as sent", chunk.size(), e);
                }
            }
        }
    }
}
