package io.github.aobackgroundjobs;

/**
 * Told when a job record changed: the original's {@code Updated} event. Called on the thread
 * that reported the change; must be quick and must not block (hand work to another thread).
 * Anything thrown here is logged and changes nothing: a runtime exception, a checked one thrown
 * unchecked, or an {@link Error} such as an {@code AssertionError}, a {@code NoClassDefFoundError}
 * or a {@code StackOverflowError}; only a {@link VirtualMachineError} the JVM cannot go on after
 * (such as {@code OutOfMemoryError}) reaches the code that made the change.
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
