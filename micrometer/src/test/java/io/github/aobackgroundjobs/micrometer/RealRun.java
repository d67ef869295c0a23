package io.github.aobackgroundjobs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One real run of a worker with metrics on the in-memory queue and a given repository: jobs that
 * succeed, fail and are cancelled, run one at a time so that each waits behind the ones before it.
 * Keeps what ran, read back from the records, to check the meters against.
 */
final class RealRun<K> implements AutoCloseable {

    static final String QUEUE = "scripted";
    static final int SUCCEEDING = 5;
    static final int FAILING = 2;
    static final long SLEEP_MILLIS = 40;

    final InMemoryJobQueue queue = new InMemoryJobQueue();
    final QueueJobClient<K> client;
    final ScriptedJob<K> job;
    final QueueWorker worker;
    final BackgroundJobsMetrics metrics;
    final List<K> succeeded = new ArrayList<>();
    final List<K> failed = new ArrayList<>();
    /** Cancelled before it ran: its message finds it finished (ALREADY_DONE). */
    K cancelledEarly;
    /** Blocks until {@link #cancelBlocked()}: cancelled while it runs (CANCELLED). */
    K blocked;
    /**
     * How long queueing took, rounded up: the worker receives meanwhile, so the first jobs run
     * while the later ones are still being queued.
     */
    long queueingMillis;

    RealRun(JobRepositoryBase<K> repository, MeterRegistry registry) {
        client = QueueJobClient.builder(repository, queue).build();
        job = new ScriptedJob<>(
                repository, JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        metrics = new BackgroundJobsMetrics(registry, Duration.ofMillis(50));
        worker = QueueWorker.builder(queue)
                .name("metrics-test")
                .job(QUEUE, job)
                .concurrency(1)
                .maxPollInterval(Duration.ofMillis(50))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
    }

    /**
     * Starts the worker, queues the jobs once it is receiving (jobs queued before would get a
     * second message from its start-up recovery, the in-memory queue keeping none), cancels one
     * before it runs, and waits for every job but the blocked one, which is running when this
     * returns.
     */
    RealRun<K> run() throws InterruptedException {
        worker.start();
        awaitTrue("the worker's start-up recovery is over", () -> !worker.isRecovering());
        long queueingStart = System.nanoTime();
        for (int i = 0; i < SUCCEEDING; i++) {
            succeeded.add(client.queueJob(QUEUE, "alice", ScriptedJob.Script.ok(SLEEP_MILLIS)));
        }
        for (int i = 0; i < FAILING; i++) {
            failed.add(client.queueJob(QUEUE, "bob", ScriptedJob.Script.fail()));
        }
        cancelledEarly = client.queueJob(QUEUE, "carol", ScriptedJob.Script.ok(0));
        assertThat(client.cancel(cancelledEarly)).isEqualTo(CancelResult.CANCELLED);
        blocked = client.queueJob(QUEUE, "dave", ScriptedJob.Script.block());
        queueingMillis = (System.nanoTime() - queueingStart + 999_999) / 1_000_000;
        for (K id : succeeded) {
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(20)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
        }
        for (K id : failed) {
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(20)).getStatus())
                    .isEqualTo(JobStatus.FAILED);
        }
        assertThat(job.blocked.await(20, java.util.concurrent.TimeUnit.SECONDS))
                .as("the blocking job started")
                .isTrue();
        return this;
    }

    /** Cancels the blocked job while it runs and waits for it to end CANCELLED. */
    void cancelBlocked() {
        assertThat(client.cancel(blocked)).isEqualTo(CancelResult.REQUESTED);
        assertThat(client.awaitCompletion(blocked, Duration.ofSeconds(20)).getStatus())
                .isEqualTo(JobStatus.CANCELLED);
    }

    /** The records of the jobs that ran, as the store kept them. */
    List<BackgroundJobInfo<K>> ranRecords() {
        List<BackgroundJobInfo<K>> records = new ArrayList<>();
        for (K id : succeeded) {
            records.add(client.repository().getJob(id));
        }
        for (K id : failed) {
            records.add(client.repository().getJob(id));
        }
        records.add(client.repository().getJob(blocked));
        return records;
    }

    /** Waits, at most 10 s, for something the worker reports after the record is saved. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not true within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        job.release.countDown();
        worker.close(Duration.ofSeconds(10));
    }
}
