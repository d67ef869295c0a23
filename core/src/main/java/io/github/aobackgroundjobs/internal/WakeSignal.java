package io.github.aobackgroundjobs.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Lets one waiting thread (a worker's poller) be woken early, cheaply: a signal costs one
 * volatile read when the poller is already awake, and a signal sent just before it parks is
 * not lost.
 */
public final class WakeSignal {

    private volatile Thread waiter;
    private volatile boolean pending;

    /** Wakes the waiter, or makes its next {@link #await} return at once. */
    public void signal() {
        if (!pending) {
            pending = true;
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Waits until signalled or {@code nanos} pass; consumes the signal.
     *
     * @param nanos the longest wait
     */
    public void await(long nanos) {
        if (pending) {
            pending = false;
            return;
        }
        waiter = Thread.currentThread();
        try {
            if (!pending) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waiter = null;
            pending = false;
        }
    }
}
