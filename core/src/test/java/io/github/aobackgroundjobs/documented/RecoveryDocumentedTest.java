package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.documented.ParcelJob.Parcel;
import io.github.aobackgroundjobs.documented.ParcelJob.Receipt;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.support.Await;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Recovery without configuration" on a queue that keeps no messages (the
 * restart of a process), and the health checks of a worker whose jobs use two repositories.
 */
class RecoveryDocumentedTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();

    /** A record left by a process that died: inserted, its message gone with the process. */
    private long leftPending() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Parcel");
        job.setRequestData("{\"to\":\"bob\"}");
        job.setQueueName("parcels");
        Instant twoMinutesAgo = Instant.now().minusSeconds(120);
        job.setCreated(twoMinutesAgo);
        job.setNextAttemptAt(twoMinutesAgo);
        return repository.insert(job).getId();
    }

    /** A RUNNING record whose worker died a minute ago: its 30 s lease has expired. */
    private long leftRunning() {
        long id = leftPending();
        assertThat(repository
                        .claim(new ClaimRequest<>(
                                id,
                                "dead-worker",
                                Instant.now().minusSeconds(60),
                                Duration.ofSeconds(30),
                                5,
                                null,
                                "Parcel"))
                        .job())
                .isNotNull();
        assertThat(status(id)).isEqualTo(JobStatus.RUNNING);
        return id;
    }

    private JobStatus status(long id) {
        return repository.getJob(id).getStatus();
    }

    @Test
    void onStartEveryPendingAndRunningJobWithoutAMessageIsSentAgainAndRuns() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        assertThat(queue.isDurable()).isFalse();
        long pending = leftPending();
        long running = leftRunning();
        long queuedHere =
                QueueJobClient.builder(repository, queue).build().queueJob("parcels", "alice", new Parcel("x"));
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .noSweeper()
                .build()) {
            worker.start();
            Await.until(
                    Duration.ofSeconds(10),
                    "every job to succeed",
                    () -> status(pending) == JobStatus.SUCCEEDED
                            && status(running) == JobStatus.SUCCEEDED
                            && status(queuedHere) == JobStatus.SUCCEEDED);
            assertThat(worker.isRecovering()).isFalse();
            assertThat(worker.stats().recoveredMessages())
                    .as("the job whose message the queue still held is skipped")
                    .isEqualTo(2);
        }
        assertThat(repository.getJob(running).getAttempts())
                .as("one more attempt")
                .isEqualTo(2);
    }

    @Test
    void aRunningJobWhoseLeaseExpiredAndWhoseCancelWasRequestedEndsCancelledOnStart() {
        long id = leftPending();
        Instant minuteAgo = Instant.now().minusSeconds(60);
        repository.claim(new ClaimRequest<>(id, "dead-worker", minuteAgo, Duration.ofSeconds(30), 5, null, "Parcel"));
        assertThat(repository.requestCancel(id, minuteAgo.plusSeconds(1))).isEqualTo(CancelResult.REQUESTED);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .noSweeper()
                .build()) {
            worker.start();
            Await.until(Duration.ofSeconds(10), "the job to be cancelled", () -> status(id) == JobStatus.CANCELLED);
        }
    }

    @Test
    void jobsOnTwoRepositoriesGetOneRepositoryCheckEachNamedByItsFirstQueue() {
        InMemoryJobRepository<Long> other = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .job("letters", new LetterJob(other))
                .job("packets", new PacketJob(other))
                .build()) {
            assertThat(worker.checkHealth().checks())
                    .extracting(check -> check.name())
                    .contains("repository:parcels", "repository:letters")
                    .doesNotContain("repository", "repository:packets")
                    .contains("queue:parcels", "queue:letters", "queue:packets");
        }
    }

    record Letter(String to) {}

    record Packet(String to) {}

    static final class LetterJob extends BackgroundJobBase<Long, Letter, Receipt> {
        LetterJob(JobRepositoryBase<Long> repository) {
            super(repository, Letter.class, Receipt.class);
        }

        @Override
        protected Receipt onExecute(Letter request, JobContext<Long> context) {
            return new Receipt(request.to());
        }
    }

    static final class PacketJob extends BackgroundJobBase<Long, Packet, Receipt> {
        PacketJob(JobRepositoryBase<Long> repository) {
            super(repository, Packet.class, Receipt.class);
        }

        @Override
        protected Receipt onExecute(Packet request, JobContext<Long> context) {
            return new Receipt(request.to());
        }
    }
}
