package io.github.aobackgroundjobs;

import org.slf4j.Logger;

/**
 * What a running job can see and do: its record, progress reporting, cooperative
 * cancellation, a logger. Handed to {@link BackgroundJobBase#onExecute}; valid only while that
 * call runs. Thread-safe: a job may report progress from helper threads.
 *
 * @param <K> the key type
 */
public interface JobContext<K> {

    /** @return the job's id */
    K id();

    /** @return a copy of the record as claimed for this attempt */
    BackgroundJobInfo<K> job();

    /** @return this attempt's number, 1-based */
    int attempt();

    /**
     * Reports progress. Saved at most once per progress interval (default 1 s) per job; the
     * last value reported wins (a value held back by the throttle is saved when the interval
     * has passed). Never throws for store trouble: a failed save is logged.
     *
     * @param percent 0..100
     * @param message a short text, or null
     * @throws IllegalArgumentException if {@code percent} is out of range
     */
    void reportProgress(int percent, String message);

    /**
     * Whether a user or admin asked this job to stop. Learned from lease heartbeats and
     * progress saves, so it turns true within a third of the lease duration.
     *
     * @return true once cancellation was requested
     */
    boolean isCancellationRequested();

    /**
     * Throws if cancellation was requested: call it between steps.
     *
     * @throws JobCancelledException if cancellation was requested
     */
    void throwIfCancellationRequested();

    /**
     * Whether this worker lost its lease (it expired during a long store outage and another
     * worker took the job). The outcome of this attempt will not be saved.
     *
     * @return true once the lease is lost
     */
    boolean isLeaseLost();

    /** @return a logger for the job; the job id, type and queue are in the MDC while it runs */
    Logger logger();
}
