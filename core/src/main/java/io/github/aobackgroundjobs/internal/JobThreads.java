package io.github.aobackgroundjobs.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pool a worker runs its jobs on: a fixed number of threads, the one idle most recently
 * taking the next job. A first-in first-out pool would pass the jobs of a light load round all
 * its threads, and each thread keeps its own database connection in pools such as HikariCP,
 * so every pickup would meet a connection (and a server process) idle for the longest time.
 * Taken last-in first-out, a light load keeps to one thread, one connection and a warm server
 * process.
 *
 * <p>The caller hands over no more jobs than there are idle threads (the worker's permits
 * count them); a job handed over while its thread is still on its way back to idle waits for
 * it, briefly, instead of being refused.
 */
public final class JobThreads {

    private JobThreads() {}

    /**
     * @param threads the number of threads, at least 1
     * @param factory makes the threads
     * @return a new pool; shut it down when done
     */
    public static ThreadPoolExecutor lastIdleFirst(int threads, ThreadFactory factory) {
        // A non-fair SynchronousQueue matches a job with the thread that began waiting last.
        return new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(false), factory, JobThreads::await);
    }

    /** Every thread is busy or on its way back: waits for the first to take the job. */
    private static void await(Runnable job, ThreadPoolExecutor pool) {
        try {
            while (!pool.isShutdown()) {
                if (pool.getQueue().offer(job, 10, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for an idle job thread", e);
        }
        throw new RejectedExecutionException("the job threads are shut down");
    }
}
