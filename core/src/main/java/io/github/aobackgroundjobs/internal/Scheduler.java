package io.github.aobackgroundjobs.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide timer for lease heartbeats, throttled progress writes and message
 * visibility renewals. Two daemon threads: a renewal blocked on an unreachable store does not
 * hold up every other one, and the threads never keep the JVM alive.
 */
public final class Scheduler {

    private static final ScheduledThreadPoolExecutor SHARED = create("backgroundjobs-timer", 2);

    private Scheduler() {}

    /** @return the shared timer; never shut it down */
    public static ScheduledThreadPoolExecutor shared() {
        return SHARED;
    }

    /**
     * @param prefix thread name prefix
     * @param threads core threads
     * @return a new daemon timer whose cancelled tasks leave its queue at once
     */
    public static ScheduledThreadPoolExecutor create(String prefix, int threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, daemonThreads(prefix));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /**
     * @param prefix thread name prefix
     * @return a factory of named daemon threads
     */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
