package io.github.aobackgroundjobs.internal;

/**
 * What may be caught from code the library calls back (an application's listener or periodic
 * task, a custom store under a timer): anything it throws, an {@link Error} or a checked
 * exception thrown unchecked included, is that code's own failure, to be logged while the
 * library goes on. Catching only {@link RuntimeException} let an {@code AssertionError} or a
 * {@code NoClassDefFoundError} of a listener fail the job that reported progress, reach a
 * {@code queueJob} caller after the record was saved but before its message was sent, or end a
 * timer's periodic task for good.
 *
 * <p>Two cases, one rule: on a caller's thread (a listener told during {@code queueJob}, a send
 * listener) a {@link VirtualMachineError} is thrown on to that caller through
 * {@link #rethrowIfFatal}; on the library's own long-lived threads (the heartbeat ticker, the
 * sweeper and periodic-task timers, the sent-mark writer, the poller, the webhook sender, the
 * dashboard's dispatcher) there is no caller to tell, and a throwable leaving the loop would end
 * the thread without a word (a timer's future keeps it), so those catch everything, an
 * {@code OutOfMemoryError} included, log it and run again at their next turn.
 */
public final class CalledBack {

    private CalledBack() {}

    /**
     * Rethrows what a caller should see rather than have logged: a {@link VirtualMachineError}
     * (out of memory, an internal error), after which nothing the process does can be trusted.
     * A {@link StackOverflowError} is the callback's own recursion, unwound by the time it is
     * caught, and is not rethrown. Not for a long-lived thread's loop, which has no caller.
     *
     * @param failure what a callback threw
     */
    public static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
            throw fatal;
        }
    }
}
