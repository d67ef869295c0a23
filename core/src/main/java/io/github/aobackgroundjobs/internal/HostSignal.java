package io.github.aobackgroundjobs.internal;

import java.util.function.BooleanSupplier;

/**
 * Tells a job runner, on the thread running a job, whether its host is interrupting its jobs to
 * stop. A host that sets it ({@code QueueWorker}) lets the runner tell a shutdown interrupt apart
 * from an {@link InterruptedException} or interrupt flag of the job's own making: only the first
 * leaves the job under its lease to run again; the second is the job's failure like any other.
 * A host that does not set it (a direct {@code execute}, the Functions adapter) is judged by the
 * interrupt alone, as its shutdown is only visible that way.
 */
public final class HostSignal {

    private static final ThreadLocal<BooleanSupplier> CURRENT = new ThreadLocal<>();

    private HostSignal() {}

    /**
     * Runs an action with the host's signal set on this thread.
     *
     * @param interruptingJobs true once the host has begun interrupting its jobs to stop
     * @param action what to run
     */
    public static void during(BooleanSupplier interruptingJobs, Runnable action) {
        BooleanSupplier before = CURRENT.get();
        CURRENT.set(interruptingJobs);
        try {
            action.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** @return the host's signal on this thread, or null where the host set none */
    static BooleanSupplier current() {
        return CURRENT.get();
    }
}
