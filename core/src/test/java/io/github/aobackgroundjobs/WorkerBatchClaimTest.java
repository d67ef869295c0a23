package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The running worker claims the jobs of a received batch in one repository call. */
class WorkerBatchClaimTest {

    private static final String QUEUE = "echo";

    private final FaultyRepository<Long> repository = new FaultyRepository<>(InMemoryJobRepository.withLongKeys());
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();
    private final JobMessageCodec<Long> codec = new JobMessageCodec<>(JobKeyType.LONG);
    private final EchoJob<Long> job = new EchoJob<>(
            repository,
            JobOptions.builder().leaseDuration(Duration.ofSeconds(1)).build());

    private QueueWorker worker() {
        return QueueWorker.builder(queue)
                .job(QUEUE, job)
                .concurrency(32)
                .batchSize(32)
                .maxPollInterval(Duration.ofMillis(200))
                .visibilityTimeout(Duration.ofSeconds(5))
                .build();
    }

    private List<Long> queueTwenty() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(client.queueJob(QUEUE, "alice", EchoRequest.ok("job " + i)));
        }
        return ids;
    }

    @Test
    void aBatchIsClaimedInOneCall_duplicatesRunOnce_garbageAndUnknownIdsAreDeadLettered() {
        List<Long> ids = queueTwenty();
        queue.send(QUEUE, codec.encode(ids.get(0)), Duration.ZERO);
        queue.send(QUEUE, "not a job id", Duration.ZERO);
        queue.send(QUEUE, codec.encode(Long.MAX_VALUE - 3), Duration.ZERO);

        try (QueueWorker worker = worker().start()) {
            Await.until(
                    Duration.ofSeconds(30),
                    "all 23 messages settled",
                    () -> queue.approximateLength(QUEUE).orElseThrow() == 0 && worker.runningCount() == 0);

            assertThat(repository.claimAllSizes)
                    .as("the 22 messages that carry an id were received together and claimed in one call")
                    .first()
                    .isEqualTo(22);
            for (long id : ids) {
                assertThat(repository.getJob(id).getStatus()).as("job %d", id).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(job.runsOf(id)).as("runs of job %d", id).isEqualTo(1);
            }
            assertThat(worker.stats().outcomes(Outcome.Type.BUSY))
                    .as("the duplicate in the same batch finds its job leased to this worker")
                    .isEqualTo(1);
            assertThat(worker.stats().outcomes(Outcome.Type.ALREADY_DONE))
                    .as("delivered again, the duplicate finds its job done")
                    .isEqualTo(1);
            assertThat(worker.stats().deadLettered())
                    .as("the text that is no id and the unknown id")
                    .isEqualTo(2);
        }
    }

    @Test
    void whenTheBatchClaimFails_eachMessageClaimsItsOwnJob_andNothingIsLost() {
        List<Long> ids = queueTwenty();
        repository.failNextClaimAll.set(true);

        try (QueueWorker worker = worker().start()) {
            // The saved status comes before the outcome is counted and the message settled: wait for both.
            Await.until(
                    Duration.ofSeconds(30),
                    "every job done and its message settled",
                    () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED)
                            && queue.approximateLength(QUEUE).orElseThrow() == 0
                            && worker.runningCount() == 0);
            assertThat(repository.failNextClaimAll)
                    .as("the batch claim was tried")
                    .isFalse();
            for (long id : ids) {
                assertThat(job.runsOf(id)).as("runs of job %d", id).isEqualTo(1);
            }
            assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isEqualTo(20);
        }
    }

    @Test
    void aBatchBeingClaimedWhenTheWorkerClosesRunsItsJobsBeforeTheCloseReturns() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(client.queueJob(QUEUE, "alice", EchoRequest.ok("job " + i)));
        }
        CountDownLatch entered = new CountDownLatch(1);
        repository.claimAllEntered.set(entered);
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .concurrency(4)
                .batchSize(3)
                .build()
                .start();
        assertThat(entered.await(30, TimeUnit.SECONDS))
                .as("the batch claim began")
                .isTrue();

        // close() stops the poller, then shuts the job threads and waits for them: the batch,
        // still claiming, can no longer hand its other messages to the pool.
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> worker.close(Duration.ofSeconds(30)));
        Await.until(Duration.ofSeconds(10), "close() waiting for the job threads", () -> waitingForTheJobThreads());
        repository.claimAllRelease.countDown();

        assertThat(closing.get(40, TimeUnit.SECONDS))
                .as("closed with every job finished")
                .isTrue();
        for (long id : ids) {
            assertThat(repository.getJob(id).getStatus()).as("job " + id).isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
    }

    /** Whether a thread is in {@code QueueWorker.close}, waiting for the job threads to end. */
    private static boolean waitingForTheJobThreads() {
        return Thread.getAllStackTraces().values().stream()
                .anyMatch(trace ->
                        Arrays.stream(trace).anyMatch(f -> f.getMethodName().equals("awaitTermination"))
                                && Arrays.stream(trace)
                                        .anyMatch(f -> f.getClassName().equals(QueueWorker.class.getName())
                                                && f.getMethodName().equals("close")));
    }

    @Test
    void whenTheBatchClaimThrowsAnError_eachMessageClaimsItsOwnJob_andTheWorkerKeepsItsCapacity() {
        List<Long> ids = queueTwenty();
        // A custom repository's bug (or its running out of memory) in the batch claim: thrown on, it
        // ended the batch before any message was processed, and the batch's permits were never given
        // back, so a worker whose whole capacity was in that batch never received again.
        repository.failNextClaimAllWith.set(new AssertionError("custom store bug in claimAll"));

        try (QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .concurrency(20)
                .batchSize(20)
                .maxPollInterval(Duration.ofMillis(200))
                .visibilityTimeout(Duration.ofSeconds(5))
                .build()
                .start()) {
            Await.until(
                    Duration.ofSeconds(30),
                    "every job done and its message settled",
                    () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED)
                            && queue.approximateLength(QUEUE).orElseThrow() == 0
                            && worker.runningCount() == 0);
            assertThat(repository.failNextClaimAllWith.get())
                    .as("the batch claim was tried")
                    .isNull();
            assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isEqualTo(20);
        }
    }
}
