package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobBase;
import java.util.function.Function;

/**
 * Lets the delivery code reach a job kind's {@link JobRunner} without making it public API on
 * {@link BackgroundJobBase}: the base class hands over its accessor when it is loaded. Thread-safe.
 */
public final class RunnerAccess {

    private static volatile Function<BackgroundJobBase<?, ?, ?>, JobRunner<?, ?, ?>> accessor;

    private RunnerAccess() {}

    /**
     * Called once, by {@link BackgroundJobBase}'s static initializer.
     *
     * @param runners the accessor
     */
    public static void install(Function<BackgroundJobBase<?, ?, ?>, JobRunner<?, ?, ?>> runners) {
        accessor = runners;
    }

    /**
     * @param job a job kind
     * @param <K> its key type
     * @return its runner
     */
    @SuppressWarnings("unchecked")
    public static <K> JobRunner<K, ?, ?> runner(BackgroundJobBase<K, ?, ?> job) {
        // An instance exists, so its class, and with it the accessor, has been initialized.
        return (JobRunner<K, ?, ?>) accessor.apply(job);
    }
}
