package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a job whose code threw gets another attempt, and when. Also bounds the
 * attempts a job may have in all, failures and lost workers together ({@link #maxAttempts()}):
 * a claim past it gives the job up as ABORTED.
 *
 * <p>Stock policies: {@link #none()} (the original: never retry a failure), {@link #fixed},
 * {@link #exponential}; each can be narrowed with {@link StandardRetryPolicy#neverRetryOn}.
 * Implementations must be immutable and thread-safe.
 */
public interface RetryPolicy {

    /** Attempts allowed by {@link #none()}: failures never retry, but a lost worker's job is re-run. */
    int DEFAULT_MAX_ATTEMPTS = 3;

    /**
     * Attempts allowed in all, the first included.
     *
     * @return at least 1
     */
    int maxAttempts();

    /**
     * Whether to retry after attempt number {@code attempt} threw {@code error}, and after
     * how long.
     *
     * @param attempt the attempt that failed, 1-based
     * @param error what it threw
     * @return the delay before the next attempt, or empty to fail the job now
     */
    Optional<Duration> retryDelay(int attempt, Throwable error);

    /**
     * Never retries a failure, as the original. A job whose worker is lost is still re-run, up
     * to {@value #DEFAULT_MAX_ATTEMPTS} attempts in all.
     *
     * @return the policy
     */
    static StandardRetryPolicy none() {
        return new StandardRetryPolicy(
                DEFAULT_MAX_ATTEMPTS, false, Duration.ZERO, Duration.ZERO, 0.0, java.util.List.of());
    }

    /**
     * Retries after the same delay each time.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param delay the delay between attempts, 0 to 7 days
     * @return the policy
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if an argument is out of range (the message names it)
     */
    static StandardRetryPolicy fixed(int maxAttempts, Duration delay) {
        java.util.Objects.requireNonNull(delay, "'delay' cannot be null.");
        // Checked here, under the caller's name: the shared checks name initialDelay and maxDelay.
        if (delay.isNegative() || delay.compareTo(JobQueue.MAX_VISIBILITY_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "'delay' must be between 0 and " + JobQueue.MAX_VISIBILITY_TIMEOUT + ", not " + delay + ".");
        }
        return new StandardRetryPolicy(maxAttempts, true, delay, delay, 0.0, java.util.List.of());
    }

    /**
     * Retries after a delay that doubles each attempt, from {@code initialDelay} up to
     * {@code maxDelay}, each randomly shortened by up to half so that jobs failing together
     * do not retry together.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param initialDelay the delay after the first failure, not negative
     * @param maxDelay the cap, from {@code initialDelay} to 7 days
     * @return the policy
     * @throws NullPointerException if a delay is null
     * @throws IllegalArgumentException if an argument is out of range (the message names it)
     */
    static StandardRetryPolicy exponential(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        return new StandardRetryPolicy(maxAttempts, true, initialDelay, maxDelay, 0.5, java.util.List.of());
    }
}
