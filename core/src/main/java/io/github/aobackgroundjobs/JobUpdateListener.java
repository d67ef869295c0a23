package io.github.aobackgroundjobs;

/**
 * Told when a job record changed: the original's {@code Updated} event. Called on the thread
 * that reported the change; must be quick and must not block (hand work to another thread).
 * An exception thrown here is logged and changes nothing.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface JobUpdateListener<K> {
    /**
     * @param job a copy of the record as it is after the change
     */
    void onJobUpdated(BackgroundJobInfo<K> job);
}
