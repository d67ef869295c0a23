package io.github.aobackgroundjobs.dashboard.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many password checks run at once. Each check costs a core for a fraction of a
 * second, so without a bound a burst of sign-ins, each on its own request thread, takes every
 * core; past the bound a caller waits a little for a permit and is then turned away unchecked.
 *
 * <p>Thread-safe.
 */
public final class PasswordCheckPermits {

    private final Semaphore permits;
    private final long maxWaitNanos;

    /**
     * @param permits checks that may run at once, at least 1
     * @param maxWait how long a caller waits for a permit before it is turned away
     * @throws IllegalArgumentException if permits is below 1 or maxWait is negative
     */
    public PasswordCheckPermits(int permits, Duration maxWait) {
        if (permits < 1) {
            throw new IllegalArgumentException("'permits' must be at least 1, was " + permits + ".");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("'maxWait' cannot be negative, was " + maxWait + ".");
        }
        this.permits = new Semaphore(permits);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Takes a permit, waiting at most the configured time. A caller that gets one must hand it
     * back with {@link #release()}.
     *
     * @return true if a permit was taken; false if none came free in time or the thread was
     *     interrupted (its interrupt status is kept)
     */
    public boolean tryAcquire() {
        try {
            return permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Hands back a permit taken with {@link #tryAcquire()}. */
    public void release() {
        permits.release();
    }

    /** @return permits free at this moment (for tests and monitoring) */
    public int available() {
        return permits.availablePermits();
    }
}
