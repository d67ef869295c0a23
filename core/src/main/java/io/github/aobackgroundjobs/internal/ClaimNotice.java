package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import java.util.function.Consumer;

/**
 * Tells a host that the delivery it is handling on this thread claimed its job. The claim
 * happens deep inside {@link io.github.aobackgroundjobs.BackgroundJobBase#execute}, whose public
 * signature returns only the outcome; a host that wants to know (the worker, for its listeners)
 * opens a notice around the call instead of that API growing a callback parameter.
 */
public final class ClaimNotice implements AutoCloseable {

    private static final ThreadLocal<Consumer<BackgroundJobInfo<?>>> CURRENT = new ThreadLocal<>();

    private ClaimNotice() {}

    /**
     * @param onClaimed called on this thread with the claimed record, before the job's code runs
     * @return a scope to close when the delivery is handled
     */
    public static ClaimNotice open(Consumer<BackgroundJobInfo<?>> onClaimed) {
        CURRENT.set(onClaimed);
        return new ClaimNotice();
    }

    /**
     * Called by the runner after a successful claim.
     *
     * @param job the claimed record
     */
    static void claimed(BackgroundJobInfo<?> job) {
        Consumer<BackgroundJobInfo<?>> onClaimed = CURRENT.get();
        if (onClaimed != null) {
            onClaimed.accept(job);
        }
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
