package io.github.aobackgroundjobs.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs the same work on several threads released at the same moment, for race tests.
 *
 * <p>Thread-safe: each call has threads of its own.
 */
public final class ConcurrentRunner {

    private ConcurrentRunner() {}

    /**
     * Runs {@code work} on {@code threads} threads at once and waits for all of them. The first
     * thread to throw fails the run at once, naming its number, even while other threads still
     * run (they may be waiting for the one that failed); threads still running when the run fails
     * are interrupted.
     *
     * @param threads how many threads, at least 1
     * @param timeout the longest the whole run may take, positive
     * @param work called with the thread's number, 0-based
     * @throws AssertionError if a thread threw (with what it threw as the cause) or the run took
     *     longer than {@code timeout}
     * @throws IllegalArgumentException if {@code threads} is below 1 or {@code timeout} is not
     *     positive, naming the argument
     * @throws NullPointerException if {@code timeout} or {@code work} is null, naming it
     */
    public static void run(int threads, Duration timeout, IntConsumer work) {
        if (threads < 1) {
            throw new IllegalArgumentException("'threads' must be at least 1: " + threads);
        }
        Objects.requireNonNull(timeout, "'timeout' cannot be null.");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be positive: " + timeout);
        }
        Objects.requireNonNull(work, "'work' cannot be null.");
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CompletionService<Void> done = new ExecutorCompletionService<>(pool);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        Map<Future<Void>, Integer> numbers = new HashMap<>();
        try {
            for (int i = 0; i < threads; i++) {
                int worker = i;
                numbers.put(
                        done.submit(() -> {
                            ready.countDown();
                            start.await();
                            work.accept(worker);
                            return null;
                        }),
                        worker);
            }
            if (!ready.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("The threads did not start within " + timeout);
            }
            start.countDown();
            // In the order they end, so that a failure is reported even while another thread waits for it.
            for (int finished = 0; finished < threads; finished++) {
                Future<Void> future = done.poll(remaining(deadline), TimeUnit.NANOSECONDS);
                if (future == null) {
                    throw new AssertionError("The threads did not finish within " + timeout + ": "
                            + (threads - finished) + " of " + threads + " still running");
                }
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new AssertionError(
                            "Thread " + numbers.get(future) + " failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the threads", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
