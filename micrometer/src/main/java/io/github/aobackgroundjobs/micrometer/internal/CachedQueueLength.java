package io.github.aobackgroundjobs.micrometer.internal;

import io.github.aobackgroundjobs.QueueWorker;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue's approximate length for a gauge: a read returns the last value at once and, when it
 * is older than the refresh interval, asks the queue service again in the background. A scrape
 * therefore never waits on the service and never calls it more than once per interval, however
 * often it reads. Thread-safe.
 *
 * <p>Holds the worker weakly, as the worker's other gauges do: the registry, often longer-lived
 * than the workers, must not keep a discarded worker (and its jobs and repository) in memory.
 */
public final class CachedQueueLength {

    private static final Logger LOG = LoggerFactory.getLogger(CachedQueueLength.class);

    private final WeakReference<QueueWorker> worker;
    private final String queueName;
    private final long refreshNanos;
    private final Executor executor;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile double value = Double.NaN;
    private volatile long readAt;
    private volatile boolean everRead;

    /**
     * @param worker the worker whose queue is read
     * @param queueName one of its queues
     * @param refresh how long a value is kept
     * @param executor where the service is asked
     */
    public CachedQueueLength(QueueWorker worker, String queueName, Duration refresh, Executor executor) {
        this.worker = new WeakReference<>(worker);
        this.queueName = queueName;
        // Saturated: an interval beyond about 292 years has no nanosecond count and means "never again".
        this.refreshNanos =
                refresh.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : refresh.toNanos();
        this.executor = executor;
    }

    /**
     * @return the last length read, NaN before the first answer, while the queue cannot tell or be
     *     reached, and once the worker is garbage
     */
    public double value() {
        long now = System.nanoTime();
        if ((!everRead || now - readAt >= refreshNanos) && refreshing.compareAndSet(false, true)) {
            try {
                executor.execute(this::refresh);
            } catch (RuntimeException e) {
                refreshing.set(false);
                LOG.debug("Queue '{}': length refresh not started", queueName, e);
            }
        }
        return value;
    }

    private void refresh() {
        try {
            QueueWorker w = worker.get();
            OptionalLong length = w == null ? OptionalLong.empty() : w.approximateQueueLength(queueName);
            value = length.isPresent() ? length.getAsLong() : Double.NaN;
        } catch (RuntimeException e) {
            // A read cut short by closing the metrics says nothing about the queue: the gauge keeps
            // its last value, as BackgroundJobsMetrics.close promises.
            if (!(executor instanceof ExecutorService service && service.isShutdown())) {
                value = Double.NaN;
            }
            LOG.debug("Queue '{}': length unknown: {}", queueName, e.toString());
        } finally {
            readAt = System.nanoTime();
            everRead = true;
            refreshing.set(false);
        }
    }
}
