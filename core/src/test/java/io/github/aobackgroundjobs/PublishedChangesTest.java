package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every write a watcher cares about is published exactly once through the repository's
 * {@link JobUpdates}, whichever path made it; lease renewals and sent marks are not.
 */
class PublishedChangesTest {

    private static final String QUEUE = "published";

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final List<String> published = new CopyOnWriteArrayList<>();
    private QueueJobClient<Long> client;
    private QueueWorker worker;

    @BeforeEach
    void setUp() {
        repository
                .updates()
                .addListener(job -> published.add(job.getId() + ":" + job.getStatus()
                        + (job.getProgressPercent() == null ? "" : "@" + job.getProgressPercent())
                        + (job.isCancelRequested() ? ":cancel" : "")
                        + (job.isCleared() ? ":cleared" : "")));
        client = QueueJobClient.builder(repository, queue).clock(clock).build();
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .progressInterval(Duration.ZERO)
                .retryPolicy(RetryPolicy.fixed(2, Duration.ofSeconds(5)))
                .build();
        worker = QueueWorker.builder(queue)
                .job(QUEUE, new EchoJob<>(repository, options))
                .build();
    }

    @Test
    void queueRunAndFinishArePublishedOnceEach() {
        long id = client.queueJob(QUEUE, "alice", new EchoRequest("x", 0, 0, 2, false));
        worker.runOnce();
        assertThat(published)
                .containsExactly(
                        id + ":PENDING",
                        id + ":RUNNING",
                        id + ":RUNNING@50",
                        id + ":RUNNING@100",
                        id + ":SUCCEEDED@100");
    }

    @Test
    void aRetryIsPublishedAsPendingAgain() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 1));
        worker.runOnce();
        clock.advance(Duration.ofSeconds(6));
        worker.runOnce();
        assertThat(published)
                .containsExactly(id + ":PENDING", id + ":RUNNING", id + ":PENDING", id + ":RUNNING", id + ":SUCCEEDED");
    }

    @Test
    void cancelClearAndRequeueArePublishedOnceEach() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        client.cancel(id);
        client.clear(id);
        client.requeue(id);
        assertThat(published)
                .containsExactly(
                        id + ":PENDING", id + ":CANCELLED:cancel", id + ":CANCELLED:cancel:cleared", id + ":PENDING");
    }

    @Test
    void aFailedSendIsPublishedOnceAsAborted() {
        FaultyQueue broken = new FaultyQueue(queue);
        broken.setDown(true);
        QueueJobClient<Long> failing =
                QueueJobClient.builder(repository, broken).clock(clock).build();
        try {
            failing.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        } catch (JobQueueingException e) {
            assertThat(published).containsExactly(e.getJobId() + ":PENDING", e.getJobId() + ":ABORTED");
            return;
        }
        throw new AssertionError("the send should have failed");
    }

    @Test
    void aPoisonedMessageAbortsItsJobOnceAndSaysSo() {
        QueueWorker strict = QueueWorker.builder(queue)
                .maxDequeueCount(1)
                .job(
                        QUEUE,
                        new EchoJob<>(
                                repository, JobOptions.builder().clock(clock).build()))
                .build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        // Two deliveries without settling: the second is past maxDequeueCount 1.
        queue.receive(QUEUE, 1, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));

        strict.runOnce();

        assertThat(published).containsExactly(id + ":PENDING", id + ":ABORTED");
        assertThat(repository.getJob(id).getExceptionData()).contains("delivered 2 times");
    }
}
