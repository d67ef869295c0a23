package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Recovery without configuration" and the crash table of "What queueing
 * and running cost": what the sweeper does to each kind of job, and when.
 */
class SweeperDocumentedTest {

    record Parcel(String to) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();

    /** The worker's default sweeper: the stock settings, stale sent messages left alone. */
    private JobSweeper<Long> workersDefault() {
        return JobSweeper.builder(repository, queue)
                .clock(clock)
                .resendStaleSent(false)
                .build();
    }

    /** A record whose client died between the insert and the send. */
    private long insertedNeverSent() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Parcel");
        job.setRequestData("{\"to\":\"bob\"}");
        job.setQueueName("parcels");
        job.setCreated(clock.instant());
        job.setNextAttemptAt(clock.instant());
        return repository.insert(job).getId();
    }

    private long queueLength() {
        return queue.approximateLength("parcels").orElse(-1);
    }

    @Test
    void aJobNeverSentIsSentAndMarkedAfterTheUnsentGrace() {
        long id = insertedNeverSent();
        JobSweeper<Long> sweeper = workersDefault();
        clock.advance(Duration.ofSeconds(59));
        assertThat(sweeper.sweepOnce().resent()).as("within the grace").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
        assertThat(queueLength()).isEqualTo(1);
        BackgroundJobInfo<Long> job = repository.getJob(id);
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.getSentAt()).isEqualTo(clock.instant());
        assertThat(job.getSendCount()).isEqualTo(1);
    }

    @Test
    void aPendingJobWaitingInABacklogIsNeverTouchedByTheWorkersSweeper() {
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        clock.advance(Duration.ofDays(2));
        JobSweeper.SweepReport report = workersDefault().sweepOnce();
        assertThat(report.found()).isZero();
        assertThat(queueLength()).isEqualTo(1);
        assertThat(repository.getJob(id).getSendCount()).isEqualTo(1);
    }

    @Test
    void aSweeperYouBuildResendsStaleSentJobsAndGivesUpAfterMaxSends() {
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        JobSweeper<Long> sweeper =
                JobSweeper.builder(repository, queue).clock(clock).maxSends(2).build();
        clock.advance(Duration.ofMinutes(14));
        assertThat(sweeper.sweepOnce().resent())
                .as("sent less than staleAfter ago")
                .isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
        assertThat(repository.getJob(id).getSendCount()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(16));
        assertThat(sweeper.sweepOnce().abandoned()).isEqualTo(1);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
    }

    @Test
    void aRunningJobIsResentOnlyStaleAfterPastItsLeaseAndNeverUnderALiveOne() {
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        queue.receive("parcels", 1, Duration.ofDays(1));
        repository.claim(new ClaimRequest<>(id, "dead", clock.instant(), Duration.ofSeconds(30), 5, null, "Parcel"));
        JobSweeper<Long> sweeper = workersDefault();
        assertThat(sweeper.sweepOnce().found()).as("a live lease").isZero();
        clock.advance(Duration.ofSeconds(30).plus(Duration.ofMinutes(14)));
        assertThat(sweeper.sweepOnce().resent())
                .as("lease expired less than staleAfter ago")
                .isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(queue.receive("parcels", 1, Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void aRunningJobWhoseCancelWasRequestedEndsCancelledOnceItsLeaseHasExpired() {
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        repository.claim(new ClaimRequest<>(id, "dead", clock.instant(), Duration.ofSeconds(30), 5, null, "Parcel"));
        client.cancel(id);
        JobSweeper<Long> sweeper = workersDefault();
        assertThat(sweeper.sweepOnce().cancelled()).as("a live lease").isZero();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.RUNNING);
        clock.advance(Duration.ofSeconds(31));
        assertThat(sweeper.sweepOnce().cancelled()).isEqualTo(1);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aSweepHandlesAtMostItsBatchSizeAndTheSettingsAreChecked() {
        assertThat(JobSweeper.DEFAULT_BATCH_SIZE).isEqualTo(200);
        for (int i = 0; i < 250; i++) {
            insertedNeverSent();
        }
        clock.advance(Duration.ofMinutes(2));
        JobSweeper<Long> sweeper = workersDefault();
        assertThat(sweeper.sweepOnce().resent()).isEqualTo(200);
        assertThat(sweeper.sweepOnce().resent()).isEqualTo(50);
        assertThat(queueLength()).isEqualTo(250);

        JobSweeper.Builder<Long> builder = JobSweeper.builder(repository, queue);
        assertThatThrownBy(() -> builder.unsentGrace(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'unsentGrace'");
        assertThatThrownBy(() -> builder.staleAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'staleAfter'");
        assertThatThrownBy(() -> builder.maxSends(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxSends'");
        assertThatThrownBy(() -> builder.batchSize(10_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'batchSize'");
        builder.batchSize(10_000).maxSends(1).unsentGrace(Duration.ofMillis(1));
    }
}
