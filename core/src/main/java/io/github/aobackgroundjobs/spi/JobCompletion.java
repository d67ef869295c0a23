package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * Arguments of {@link JobRepositoryBase#complete}: how an attempt ended. The repository stores
 * the status, duration, result data and exception data as given (a null stores null).
 *
 * @param <K> the key type
 * @param id the job
 * @param owner the worker that holds the lease
 * @param status SUCCEEDED, FAILED, CANCELLED, ABORTED, or PENDING for a retry
 * @param now when the attempt ended, from the caller's clock
 * @param durationMillis the attempt's run time in milliseconds
 * @param resultData the result as JSON (SUCCEEDED), else null
 * @param exceptionData the error as JSON ({@link ErrorInfo}), or null
 * @param nextAttemptAt for PENDING: when the retry is due; else null
 */
public record JobCompletion<K>(
        K id,
        String owner,
        JobStatus status,
        Instant now,
        long durationMillis,
        String resultData,
        String exceptionData,
        Instant nextAttemptAt) {
    /**
     * Validates the arguments.
     *
     * @throws NullPointerException if {@code id}, {@code owner}, {@code status} or {@code now} is
     *     null, or {@code nextAttemptAt} is null for a retry (PENDING); the message names it
     * @throws IllegalArgumentException if {@code status} is not a way for a RUNNING job to end
     *     ({@link JobStatus#canTransitionTo}), or {@code durationMillis} is negative; the message
     *     names it
     * @param id see {@link #id()}
     * @param owner see {@link #owner()}
     * @param status see {@link #status()}
     * @param now see {@link #now()}
     * @param durationMillis see {@link #durationMillis()}
     * @param resultData see {@link #resultData()}
     * @param exceptionData see {@link #exceptionData()}
     * @param nextAttemptAt see {@link #nextAttemptAt()}
     */
    public JobCompletion {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(owner, "'owner' cannot be null.");
        Objects.requireNonNull(status, "'status' cannot be null.");
        Objects.requireNonNull(now, "'now' cannot be null.");
        if (!JobStatus.RUNNING.canTransitionTo(status)) {
            throw new IllegalArgumentException("'status' " + status + " is not a way for a running job to end.");
        }
        if (status == JobStatus.PENDING) {
            Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' cannot be null for a retry.");
        }
        if (durationMillis < 0) {
            throw new IllegalArgumentException("'durationMillis' cannot be negative.");
        }
    }
}
