package io.github.aobackgroundjobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job pool: the thread idle most recently takes the next job, and a job is waited for, not refused. */
class JobThreadsTest {

    private final ThreadPoolExecutor pool = JobThreads.lastIdleFirst(4, Scheduler.daemonThreads("job-threads-test"));

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** The name of the thread that runs the next job. */
    private String threadOfNextJob() throws InterruptedException, ExecutionException, TimeoutException {
        return pool.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }

    /** Gives every one of the four threads a job that runs until {@code release}, and waits until all run. */
    private void occupyAll(CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                running.countDown();
                awaitQuietly(release);
            });
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Until every thread has started and is idle. */
    private void startAll() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        occupyAll(release);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(pool.getActiveCount()).as("threads busy").isZero();
    }

    @Test
    void oneJobAtATimeKeepsToTheThreadIdleMostRecently() throws Exception {
        startAll();
        String first = threadOfNextJob();
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // A pause, so that the thread is back waiting before the next job comes.
            Thread.sleep(2);
            threads.add(threadOfNextJob());
        }
        assertThat(pool.getPoolSize()).isEqualTo(4);
        assertThat(threads).as("jobs one at a time, four idle threads").containsOnly(first);
    }

    @Test
    void aJobHandedOverWhileEveryThreadIsBusyWaitsForTheFirstThreadFreed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        occupyAll(release);
        CountDownLatch fifthRan = new CountDownLatch(1);
        Thread releaser = new Thread(() -> {
            sleepQuietly(100);
            release.countDown();
        });
        releaser.start();
        long start = System.nanoTime();
        pool.execute(fifthRan::countDown);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("execute waited for a thread")
                .isGreaterThanOrEqualTo(50);
        assertThat(fifthRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.getPoolSize()).as("no thread beyond the four").isEqualTo(4);
        releaser.join();
    }

    @Test
    void aShutDownPoolRefusesJobs() {
        pool.shutdown();
        assertThatThrownBy(() -> pool.execute(() -> {}))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void aPoolShutDownWhileAJobWaitsRefusesThatJob() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        occupyAll(release);
        Thread closer = new Thread(() -> {
            sleepQuietly(50);
            pool.shutdown();
        });
        closer.start();
        try {
            assertThatThrownBy(() -> pool.execute(() -> {}))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("shut down");
        } finally {
            release.countDown();
            closer.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
