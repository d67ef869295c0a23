package io.github.aobackgroundjobs.internal;

/**
 * What may be caught from code the library calls back (an application's listener or periodic
 * task, a custom store under a timer): anything it throws, an {@link Error} or a checked
 * exception thrown unchecked included, is that code's own failure, to be logged while the
 * library goes on. Catching only {@link RuntimeException} let an {@code AssertionError} or a
 * {@code NoClassDefFoundError} of a listener fail the job that reported progress, reach a
 * {@code queueJob} caller after the record was saved but before its message was sent, or end a
 * timer's periodic task for good.
 */
public final class CalledBack {

    private CalledBack() {}

    /**
     * Rethrows what no caller can contain: a {@link VirtualMachineError} (out of memory, an
     * internal error), after which nothing the process does can be trusted. A
     * {@link StackOverflowError} is the callback's own recursion, unwound by the time it is
     * caught, and is not rethrown.
     *
     * @param failure what a callback threw
     */
    public static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
            throw fatal;
        }
    }
}
