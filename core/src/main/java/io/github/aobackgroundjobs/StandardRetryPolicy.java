package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stock {@link RetryPolicy}: none, fixed or exponential with jitter and a cap, plus a
 * list of exception types that never retry. Immutable and thread-safe; the {@code with…}
 * methods return new policies.
 */
public final class StandardRetryPolicy implements RetryPolicy {

    private final int maxAttempts;
    private final boolean retries;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final List<Class<? extends Throwable>> neverRetry;

    StandardRetryPolicy(
            int maxAttempts,
            boolean retries,
            Duration initialDelay,
            Duration maxDelay,
            double jitter,
            List<Class<? extends Throwable>> neverRetry) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("'maxAttempts' must be at least 1, not " + maxAttempts + ".");
        }
        Objects.requireNonNull(initialDelay, "'initialDelay' cannot be null.");
        Objects.requireNonNull(maxDelay, "'maxDelay' cannot be null.");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("'initialDelay' cannot be negative, not " + initialDelay + ".");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "'maxDelay' " + maxDelay + " is shorter than 'initialDelay' " + initialDelay + ".");
        }
        if (maxDelay.compareTo(JobQueue.MAX_VISIBILITY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("'maxDelay' cannot exceed " + JobQueue.MAX_VISIBILITY_TIMEOUT
                    + " (the longest a queue message can be delayed).");
        }
        this.maxAttempts = maxAttempts;
        this.retries = retries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
        this.neverRetry = List.copyOf(neverRetry);
    }

    /**
     * A policy like this one that fails at once when the error, or any of its causes (each looked
     * at once, even in a chain that loops), is an instance of one of {@code types} (in addition to
     * the types already listed). This policy is unchanged.
     *
     * @param types exception types that will not go away by trying again
     * @return the new policy
     * @throws NullPointerException if {@code types} is or holds null (the message names {@code 'types'})
     */
    @SafeVarargs
    public final StandardRetryPolicy neverRetryOn(Class<? extends Throwable>... types) {
        List<Class<? extends Throwable>> all = new ArrayList<>(neverRetry);
        for (Class<? extends Throwable> type : types) {
            all.add(Objects.requireNonNull(type, "'types' cannot contain null."));
        }
        return new StandardRetryPolicy(maxAttempts, retries, initialDelay, maxDelay, jitter, all);
    }

    /**
     * A policy like this one with another attempt budget.
     *
     * @param maxAttempts attempts in all, at least 1
     * @return the new policy
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1 (the message names it)
     */
    public StandardRetryPolicy withMaxAttempts(int maxAttempts) {
        return new StandardRetryPolicy(maxAttempts, retries, initialDelay, maxDelay, jitter, neverRetry);
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public Optional<Duration> retryDelay(int attempt, Throwable error) {
        if (!retries || attempt >= maxAttempts || isNeverRetry(error)) {
            return Optional.empty();
        }
        return Optional.of(delayAfter(attempt));
    }

    /**
     * The delay after a failed attempt, before jitter is applied by {@link #retryDelay}.
     *
     * @param attempt the failed attempt, 1-based
     * @return the nominal delay
     */
    public Duration nominalDelayAfter(int attempt) {
        if (initialDelay.equals(maxDelay)) {
            return initialDelay;
        }
        int doublings = Math.min(Math.max(attempt - 1, 0), 40);
        long millis = initialDelay.toMillis();
        for (int i = 0; i < doublings && millis < maxDelay.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    private Duration delayAfter(int attempt) {
        Duration nominal = nominalDelayAfter(attempt);
        if (jitter <= 0 || nominal.isZero()) {
            return nominal;
        }
        long millis = nominal.toMillis();
        long cut = (long) (millis * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(millis - cut);
    }

    private boolean isNeverRetry(Throwable error) {
        // Each cause once: a chain may loop (a caused by b caused by a), which would never end.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            for (Class<? extends Throwable> type : neverRetry) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "StandardRetryPolicy[maxAttempts=" + maxAttempts + ", retries=" + retries + ", initialDelay="
                + initialDelay + ", maxDelay=" + maxDelay + ", jitter=" + jitter + ", neverRetryOn=" + neverRetry + "]";
    }
}
