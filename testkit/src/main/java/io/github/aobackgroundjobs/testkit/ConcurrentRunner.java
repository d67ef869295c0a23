package io.github.aobackgroundjobs.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Runs the same work on several threads released at the same moment, for race tests.
 */
public final class ConcurrentRunner {

    private ConcurrentRunner() {}

    /**
     * Runs {@code work} on {@code threads} threads at once and waits for all of them.
     *
     * @param threads how many threads
     * @param timeout the longest the whole run may take
     * @param work called with the thread's number, 0-based
     * @throws AssertionError if a thread threw or the run took longer than {@code timeout}
     */
    public static void run(int threads, Duration timeout, IntConsumer work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int worker = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    work.accept(worker);
                    return null;
                }));
            }
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The threads did not start within " + timeout);
            }
            start.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> future : futures) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the threads", e);
        } catch (ExecutionException e) {
            throw new AssertionError("A thread failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("The threads did not finish within " + timeout, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
