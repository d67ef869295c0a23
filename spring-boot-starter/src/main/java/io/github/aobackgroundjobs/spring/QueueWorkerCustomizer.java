package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueWorker;

/**
 * Adds to the starter's {@link QueueWorker} before it is built: a bean of this type is applied to
 * the worker's builder after the {@code backgroundjobs.worker.*} settings and the job bindings, in
 * the beans' order. The starter's recurring scheduler registers its timers this way; an
 * application adds its own periodic tasks ({@link QueueWorker.Builder#periodicTask}) or listeners.
 * Not applied to a {@code QueueWorker} the application builds itself.
 */
@FunctionalInterface
public interface QueueWorkerCustomizer {

    /**
     * Called once, on the thread that creates the worker bean.
     *
     * @param worker the worker's builder, not yet built
     */
    void customize(QueueWorker.Builder worker);
}
