package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.support.CountingQueue;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requeues of one job through several clients: of those made at once exactly one succeeds and
 * sends; one made while another's message is on its way is refused; a job whose requeuer died
 * before sending can be requeued once its hold has ended, and a job never sent at once.
 */
class RequeueRaceTest {

    private static final int ROUNDS = 200;

    record Report(String name) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-08T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    // Durable, as the queue this test stood in for said it was: no restart recovery is involved.
    private final CountingQueue queue = new CountingQueue(new InMemoryJobQueue(clock), true);
    private final CountDownLatch sendEntered = new CountDownLatch(1);
    private final CountDownLatch sendRelease = new CountDownLatch(1);
    private final QueueJobClient<Long> first =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    private final QueueJobClient<Long> second =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        sendRelease.countDown();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        first.close();
        second.close();
    }

    @Test
    void twoClientsRetryingOneFailedJobTogetherRequeueItOncePerRound() throws Exception {
        long id = first.queueJob("reports", "alice", new Report("race"));
        CyclicBarrier together = new CyclicBarrier(2);
        for (int round = 0; round < ROUNDS; round++) {
            fail(id);
            int sendsBefore = queue.sends.get();
            List<Future<Boolean>> answers = new ArrayList<>();
            for (QueueJobClient<Long> client : List.of(first, second)) {
                answers.add(threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    try {
                        client.requeue(id);
                        return true;
                    } catch (IllegalStateException refused) {
                        return false;
                    }
                }));
            }
            int requeued = 0;
            for (Future<Boolean> answer : answers) {
                requeued += answer.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(requeued)
                    .as("round %d: exactly one requeue succeeds", round)
                    .isEqualTo(1);
            assertThat(queue.sends.get() - sendsBefore)
                    .as("round %d: exactly one message", round)
                    .isEqualTo(1);
        }
    }

    @Test
    void aRetryWhileAnotherRetrySendsItsMessageIsRefusedAndSendsNothing() throws Exception {
        long id = first.queueJob("reports", "alice", new Report("slow send"));
        fail(id);
        queue.beforeSend = this::holdSend;
        Future<?> sending = threads.submit(() -> first.requeue(id));
        assertThat(sendEntered.await(10, TimeUnit.SECONDS))
                .as("the first requeue is sending")
                .isTrue();

        assertThatThrownBy(() -> second.requeue(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requeued")
                .hasMessageContaining("duplicate");
        assertThat(queue.sends.get()).as("the queueing's message only").isEqualTo(1);

        sendRelease.countDown();
        sending.get(10, TimeUnit.SECONDS);
        assertThat(queue.sends.get()).as("and the first requeue's").isEqualTo(2);
        assertThatThrownBy(() -> second.requeue(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was sent at");
        assertThat(queue.sends.get()).isEqualTo(2);
    }

    @Test
    void aJobWhoseRequeuerDiedBeforeSendingIsRequeuedOnceItsHoldHasEnded() {
        long id = first.queueJob("reports", "alice", new Report("requeuer died"));
        fail(id);
        BackgroundJobInfo<Long> failed = repository.getJob(id);
        Instant now = clock.instant();
        assertThat(repository.requeueIfUnchanged(
                        id, failed.getVersion(), now, now, now.plus(QueueJobClient.REQUEUE_HOLD)))
                .as("a requeue whose client died before sending")
                .isTrue();

        clock.advance(QueueJobClient.REQUEUE_HOLD.minusMillis(1));
        assertThatThrownBy(() -> second.requeue(id)).isInstanceOf(IllegalStateException.class);
        clock.advance(Duration.ofMillis(1));
        second.requeue(id);

        assertThat(queue.sends.get())
                .as("the queueing's message and the second requeue's")
                .isEqualTo(2);
        assertThat(repository.getJob(id).getSentAt()).isNotNull();
    }

    @Test
    void aPendingJobNeverSentIsRequeuedAtOnce() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("report");
        job.setRequestData("{}");
        job.setQueueName("reports");
        job.setCreated(clock.instant());
        long id = repository.insert(job).getId();

        second.requeue(id);

        assertThat(queue.sends.get()).isEqualTo(1);
        assertThat(repository.getJob(id).getSentAt()).isNotNull();
        assertThatThrownBy(() -> first.requeue(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRequeueWritesTheTimeAfterItsReadSoNoWriteBetweenGoesBackInTime() throws Exception {
        FaultyRepository<Long> slowRead = new FaultyRepository<>(repository);
        QueueJobClient<Long> client =
                QueueJobClient.builder(slowRead, queue).clock(clock).build();
        long id = client.queueJob("reports", "alice", new Report("written while read"));
        fail(id);
        Instant[] cleared = new Instant[1];
        // Another process writes while this one's read is on its way; the read returns that version.
        slowRead.beforeNextFindJob.set(() -> {
            cleared[0] = clock.advance(Duration.ofSeconds(1));
            assertThat(repository.markCleared(id, cleared[0])).isTrue();
        });
        queue.beforeSend = this::holdSend;

        Future<?> requeue = threads.submit(() -> client.requeue(id));
        assertThat(sendEntered.await(10, TimeUnit.SECONDS))
                .as("the requeue is sending")
                .isTrue();

        // What every reader sees while the message is on its way (and for good if this process dies now).
        BackgroundJobInfo<Long> requeued = repository.getJob(id);
        assertThat(requeued.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getUpdatedAt())
                .as("the requeue came after the write it read: its updatedAt must not be earlier")
                .isAfterOrEqualTo(cleared[0]);
        assertThat(repository.findUpdatedSince(cleared[0].minusNanos(1), null, 10))
                .as("a reader that saw the earlier write finds the requeue after it")
                .extracting(BackgroundJobInfo::getId)
                .contains(id);
        assertThat(requeued.getLeaseExpiresAt())
                .as("the hold runs from the requeue's write")
                .isEqualTo(cleared[0].plus(QueueJobClient.REQUEUE_HOLD));
        sendRelease.countDown();
        requeue.get(10, TimeUnit.SECONDS);
        client.close();
    }

    /** Runs the job to a failure as a worker would: claimed, then completed FAILED. */
    private void fail(long id) {
        ClaimResult<Long> claim =
                repository.claim(new ClaimRequest<>(id, "worker", clock.instant(), Duration.ofSeconds(30), 3, "{}"));
        assertThat(claim.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(repository.complete(
                        new JobCompletion<>(id, "worker", JobStatus.FAILED, clock.instant(), 1, null, "{}", null)))
                .isTrue();
    }

    /** Holds a send until the test releases it. */
    private void holdSend() {
        sendEntered.countDown();
        try {
            if (!sendRelease.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the send");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
