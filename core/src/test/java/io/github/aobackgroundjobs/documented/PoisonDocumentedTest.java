package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.documented.ParcelJob.Parcel;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md on what reaches {@code <queue>-poison}: text that is no job id, a request
 * that does not fit, and a message delivered more than {@code maxDequeueCount} times. Driven
 * by {@link QueueWorker#runOnce()} on the in-memory queue.
 */
class PoisonDocumentedTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    private QueueWorker worker() {
        return QueueWorker.builder(queue)
                .job(
                        "parcels",
                        new ParcelJob(
                                repository, JobOptions.builder().clock(clock).build()))
                .noSweeper()
                .build();
    }

    private List<String> poison() {
        return queue.receive("parcels-poison", 32, Duration.ofMinutes(1)).stream()
                .map(QueueMessage::text)
                .toList();
    }

    @Test
    void textThatIsNoJobIdIsCopiedUnchangedToThePoisonQueueAndTheWorkerCarriesOn() {
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        queue.send("parcels", "  not a job id \u00e9", Duration.ZERO);
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        try (QueueWorker worker = worker()) {
            assertThat(worker.runOnce()).isEqualTo(2);
            assertThat(worker.stats().outcomes(Outcome.Type.REJECTED)).isEqualTo(1);
            assertThat(worker.stats().deadLettered()).isEqualTo(1);
        }
        assertThat(poison()).containsExactly("  not a job id \u00e9");
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(queue.approximateLength("parcels").orElse(-1)).isZero();
    }

    @Test
    void aRequestThatDoesNotFitIsAbortedWithTheReasonAndItsMessagePoisoned() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Parcel");
        job.setRequestData("[1, 2]");
        job.setQueueName("parcels");
        job.setCreated(clock.instant());
        job.setNextAttemptAt(clock.instant());
        long id = repository.insert(job).getId();
        queue.send("parcels", Long.toString(id), Duration.ZERO);
        try (QueueWorker worker = worker()) {
            worker.runOnce();
            assertThat(worker.stats().outcomes(Outcome.Type.REJECTED)).isEqualTo(1);
        }
        BackgroundJobInfo<Long> aborted = repository.getJob(id);
        assertThat(aborted.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(JobSerializer.defaults().readError(aborted).orElseThrow().message())
                .contains("cannot be read");
        assertThat(poison()).containsExactly(Long.toString(id));
    }

    @Test
    void aMessageDeliveredMoreThanMaxDequeueCountTimesIsPoisonedAndItsJobAborted() {
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        // Five deliveries that a dying consumer never settled.
        String text = null;
        for (int i = 0; i < QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT; i++) {
            List<QueueMessage> received = queue.receive("parcels", 1, Duration.ofSeconds(10));
            assertThat(received).hasSize(1);
            text = received.get(0).text();
            clock.advance(Duration.ofSeconds(11));
        }
        try (QueueWorker worker = worker()) {
            worker.runOnce();
            assertThat(worker.stats().deadLettered()).isEqualTo(1);
        }
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(JobSerializer.defaults().readError(repository.getJob(id))).isPresent();
        assertThat(poison()).as("copied byte-identical").containsExactly(text);
        assertThat(queue.approximateLength("parcels").orElse(-1)).isZero();
    }

    @Test
    void busyDeferralsNeverPushAMessageToThePoisonQueue() {
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        Duration lease = Duration.ofMinutes(10);
        repository.claim(new io.github.aobackgroundjobs.spi.ClaimRequest<>(
                id, "other-worker", clock.instant(), lease, 5, null, "Parcel"));
        try (QueueWorker worker = worker()) {
            for (int delivery = 0; delivery < 2 * QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT; delivery++) {
                Instant leaseEnd = repository.getJob(id).getLeaseExpiresAt();
                assertThat(worker.runOnce()).as("delivery %d", delivery).isEqualTo(1);
                // The other worker is alive: it renews its lease before the message comes back.
                clock.set(leaseEnd.minusSeconds(1));
                repository.renewLease(
                        id, "other-worker", clock.instant(), clock.instant().plus(lease));
                clock.set(leaseEnd.plusSeconds(1));
            }
            assertThat(worker.stats().outcomes(Outcome.Type.BUSY))
                    .isEqualTo(2L * QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT);
            assertThat(worker.stats().deadLettered()).isZero();
        }
        assertThat(poison()).isEmpty();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(queue.approximateLength("parcels").orElse(-1)).isEqualTo(1);
    }
}
