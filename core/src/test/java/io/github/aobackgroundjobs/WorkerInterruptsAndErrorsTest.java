package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a job does with interrupts and errors against what its worker does: a job's own
 * InterruptedException or StackOverflowError is its failure (stored, run once under no retries);
 * a shutdown interrupt, whatever the job wraps it in, is not; a flag the job leaves set is not
 * carried into the outcome's write; close with the longest timeouts and from two threads.
 */
class WorkerInterruptsAndErrorsTest {

    private static final String QUEUE = "probe";

    public record Req(String text) {}

    /** A job whose body the test sets. */
    static final class BodyJob extends BackgroundJobBase<Long, Req, String> {
        interface Body {
            String run(JobContext<Long> context) throws Exception;
        }

        private final Body body;
        final AtomicInteger runs = new AtomicInteger();
        final List<JobStatus> hooks = new CopyOnWriteArrayList<>();

        BodyJob(InMemoryJobRepository<Long> repository, Body body) {
            super(
                    repository,
                    Req.class,
                    String.class,
                    JobOptions.builder()
                            .retryPolicy(RetryPolicy.none())
                            .leaseDuration(Duration.ofSeconds(1))
                            .build());
            this.body = body;
        }

        @Override
        protected String onExecute(Req request, JobContext<Long> context) throws Exception {
            runs.incrementAndGet();
            return body.run(context);
        }

        @Override
        protected void onStatusUpdated(Long id, JobStatus status) {
            hooks.add(status);
        }
    }

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();
    private QueueWorker worker;

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
    }

    private BodyJob start(BodyJob.Body body) {
        BodyJob job = new BodyJob(repository, body);
        worker = QueueWorker.builder(queue)
                .name("interrupts")
                .job(QUEUE, job)
                .maxPollInterval(Duration.ofMillis(20))
                .build()
                .start();
        return job;
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }

    @Test
    void aJobsOwnInterruptedExceptionIsItsFailureNotAShutdown() throws Exception {
        BodyJob job = start(context -> {
            throw new InterruptedException("the job's own");
        });
        Long id = client.queueJob(QUEUE, "alice", new Req("x"));
        BackgroundJobInfo<Long> done = client.awaitCompletion(id, Duration.ofSeconds(10));
        assertThat(done.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.getExceptionData()).contains("the job's own");
        assertThat(job.runs).hasValue(1);
        // The hook runs after the outcome is saved, so after the wait above may return.
        Await.until(Duration.ofSeconds(5), "the FAILED hook", () -> job.hooks.size() == 2);
        assertThat(job.hooks).containsExactly(JobStatus.RUNNING, JobStatus.FAILED);
    }

    @Test
    void aStackOverflowErrorIsStoredAsTheJobsFailureAndRunOnce() throws Exception {
        BodyJob job = start(context -> String.valueOf(depth(0)));
        Long id = client.queueJob(QUEUE, "alice", new Req("x"));
        BackgroundJobInfo<Long> done = client.awaitCompletion(id, Duration.ofSeconds(10));
        assertThat(done.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.getExceptionData()).contains("StackOverflowError");
        assertThat(job.runs).hasValue(1);
        assertThat(worker.stats().unexpectedErrors()).isZero();
    }

    @Test
    void aFlagTheJobLeavesSetDoesNotReachTheOutcomesWrite() throws Exception {
        start(context -> {
            Thread.currentThread().interrupt();
            context.reportProgress(50, "half");
            return "done";
        });
        Long id = client.queueJob(QUEUE, "alice", new Req("x"));
        assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                .isEqualTo(JobStatus.SUCCEEDED);
        Long next = client.queueJob(QUEUE, "alice", new Req("y"));
        assertThat(client.awaitCompletion(next, Duration.ofSeconds(10)).getStatus())
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aShutdownInterruptTheJobWrapsIsNotMarkedFailed() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        BodyJob job = start(context -> {
            running.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException("wrapped", e);
            }
            return "slept";
        });
        Long id = client.queueJob(QUEUE, "alice", new Req("x"));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.close(Duration.ofMillis(200))).isFalse();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.hooks).containsExactly(JobStatus.RUNNING);
    }

    @Test
    void closeWithTheLongestTimeoutStopsEverything() {
        start(context -> "quick");
        Long id = client.queueJob(QUEUE, "alice", new Req("x"));
        assertThat(client.awaitCompletion(id, ChronoUnit.FOREVER.getDuration()).getStatus())
                .isEqualTo(JobStatus.SUCCEEDED);
        assertThat(client.awaitCompletion(id, Duration.ofSeconds(Long.MAX_VALUE))
                        .getStatus())
                .isEqualTo(JobStatus.SUCCEEDED);
        assertThat(worker.close(ChronoUnit.FOREVER.getDuration())).isTrue();
        Await.until(
                Duration.ofSeconds(5),
                "the worker's threads to end",
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("interrupts-")));
    }

    @Test
    void aSecondCloseWaitsForTheFirstAndAnswersAsItDid() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        start(context -> {
            running.countDown();
            Thread.sleep(1_500);
            return "slept";
        });
        client.queueJob(QUEUE, "alice", new Req("x"));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = callers.submit(() -> worker.close(Duration.ofSeconds(10)));
            Thread.sleep(100);
            long before = System.nanoTime();
            Future<Boolean> second = callers.submit(() -> worker.close(Duration.ofSeconds(10)));
            assertThat(second.get(15, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.runningCount()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before))
                    .isGreaterThan(500);
            assertThat(first.get(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            callers.shutdownNow();
        }
        // After a close that had to interrupt, a later call answers false as well.
        CountDownLatch stuck = new CountDownLatch(1);
        start(context -> {
            stuck.countDown();
            Thread.sleep(20_000);
            return "never";
        });
        client.queueJob(QUEUE, "alice", new Req("y"));
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.close(Duration.ofMillis(100))).isFalse();
        assertThat(worker.close(Duration.ofMillis(100))).isFalse();
    }
}
