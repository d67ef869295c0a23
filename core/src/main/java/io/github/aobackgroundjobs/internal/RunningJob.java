package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobCancelledException;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/**
 * The {@link JobContext} of one attempt: keeps the lease alive with heartbeats every third of
 * the lease, throttles progress writes, and learns of cancel requests from both.
 *
 * @param <K> the key type
 */
public final class RunningJob<K> implements JobContext<K> {

    private final BackgroundJobInfo<K> job;
    private final JobStore<K> store;
    private final Duration lease;
    private final long progressIntervalNanos;
    private final Logger logger;

    private volatile boolean cancelRequested;
    private volatile boolean leaseLost;
    private volatile boolean finished;

    private final Object progressLock = new Object();
    private Integer pendingPercent;
    private String pendingMessage;
    private boolean hasPending;
    private long lastSavedNanos;
    private boolean everSaved;
    private ScheduledFuture<?> flush;
    private final long heartbeatNanos;
    private volatile long lastHeartbeatNanos;
    private final LongConsumer heartbeat = this::heartbeatIfDue;
    private Registration cancelWatch;

    /**
     * @param job the claimed record
     * @param store where the lease and progress are written
     * @param lease the lease duration
     * @param progressInterval the minimum time between progress writes
     * @param logger the job's logger
     */
    public RunningJob(
            BackgroundJobInfo<K> job, JobStore<K> store, Duration lease, Duration progressInterval, Logger logger) {
        this.job = job;
        this.store = store;
        this.lease = lease;
        // Capped: the options take intervals too long to count in nanoseconds.
        this.progressIntervalNanos = Waits.nanos(progressInterval);
        this.logger = logger;
        this.cancelRequested = job.isCancelRequested();
        this.heartbeatNanos = Waits.nanos(lease) / 3;
    }

    /**
     * Starts the heartbeat (the lease is renewed every third of its duration) and the watch for
     * a cancel requested in this process.
     */
    public void start() {
        lastHeartbeatNanos = System.nanoTime();
        cancelWatch = store.repository().updates().watch(job.getId(), changed -> {
            if (changed.isCancelRequested()) {
                cancelRequested = true;
            }
        });
        Ticker.heartbeats().add(heartbeat);
    }

    private void heartbeatIfDue(long nowNanos) {
        if (nowNanos - lastHeartbeatNanos >= heartbeatNanos) {
            lastHeartbeatNanos = nowNanos;
            renew();
        }
    }

    /**
     * Stops the heartbeat; a progress value still held back by the throttle is saved now, so
     * the last value reported is the one stored. Later reports are ignored.
     */
    public void finish() {
        Ticker.heartbeats().remove(heartbeat);
        if (cancelWatch != null) {
            cancelWatch.close();
        }
        synchronized (progressLock) {
            if (flush != null) {
                flush.cancel(false);
                flush = null;
            }
        }
        flushPending();
        finished = true;
    }

    private void renew() {
        if (finished) {
            return;
        }
        try {
            apply(store.renewLease(job, lease));
        } catch (RuntimeException e) {
            logger.warn("Job {}: lease renewal failed; trying again in {} ms", job.getId(), lease.toMillis() / 3, e);
        }
    }

    private void apply(LeaseState state) {
        if (state == LeaseState.CANCEL_REQUESTED) {
            cancelRequested = true;
        } else if (state == LeaseState.LOST && !leaseLost) {
            leaseLost = true;
            logger.warn("Job {}: lease lost; another worker has taken the job over", job.getId());
        }
    }

    @Override
    public K id() {
        return job.getId();
    }

    @Override
    public BackgroundJobInfo<K> job() {
        return job.copy();
    }

    @Override
    public int attempt() {
        return job.getAttempts();
    }

    @Override
    public void reportProgress(int percent, String message) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("'percent' must be between 0 and 100, not " + percent + ".");
        }
        if (finished) {
            return;
        }
        String text = JobValidation.storableProgressMessage(message);
        boolean saveNow;
        synchronized (progressLock) {
            pendingPercent = percent;
            pendingMessage = text;
            hasPending = true;
            long sinceLast = System.nanoTime() - lastSavedNanos;
            saveNow = !everSaved || sinceLast >= progressIntervalNanos;
            if (!saveNow && flush == null) {
                flush = Scheduler.shared()
                        .schedule(this::flushPending, progressIntervalNanos - sinceLast, TimeUnit.NANOSECONDS);
            }
        }
        if (saveNow) {
            flushPending();
        }
    }

    private void flushPending() {
        int percent;
        String message;
        synchronized (progressLock) {
            flush = null;
            if (!hasPending || finished) {
                return;
            }
            percent = pendingPercent;
            message = pendingMessage;
            hasPending = false;
            lastSavedNanos = System.nanoTime();
            everSaved = true;
        }
        // Written with the thread's interrupt flag clear (and the flag put back): a job that
        // reports progress with it set would otherwise fail the write, and on H2's file store
        // close the database file for the whole process.
        boolean interrupted = Thread.interrupted();
        try {
            apply(store.saveProgress(job, percent, message, cancelRequested));
        } catch (RuntimeException e) {
            logger.warn("Job {}: progress {}% not saved", job.getId(), percent, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isCancellationRequested() {
        return cancelRequested;
    }

    @Override
    public void throwIfCancellationRequested() {
        if (cancelRequested) {
            throw new JobCancelledException(job.getId());
        }
    }

    @Override
    public boolean isLeaseLost() {
        return leaseLost;
    }

    @Override
    public Logger logger() {
        return logger;
    }
}
