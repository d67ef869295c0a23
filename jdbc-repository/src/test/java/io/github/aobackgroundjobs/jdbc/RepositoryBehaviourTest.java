package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repository's own behaviour on a real database, beyond the shared contract suite: exact
 * round trips of every field, the statement budget, and the claim's edge cases.
 */
abstract class RepositoryBehaviourTest<K> {

    static final String OWNER = "worker-1";
    static final Duration LEASE = Duration.ofMinutes(5);
    /** Microseconds on purpose: both databases must keep them. */
    static final Instant START = Instant.parse("2026-03-29T01:30:00.123456Z");

    protected final SettableClock clock = new SettableClock(START, ZoneOffset.UTC);
    protected RepositoryFixture<K> fixture;
    protected JdbiJobRepository<K> repo;

    protected abstract RepositoryFixture<K> createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        repo = fixture.repository;
    }

    protected BackgroundJobInfo<K> newJob(String user, String type) {
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setUserName(user);
        job.setRequestType(type);
        job.setRequestData("{\"text\":\"h\u00e9llo \u2603 'quoted'\"}");
        job.setQueueName("zip-builder");
        job.setCreated(clock.instant());
        job.setNextAttemptAt(clock.instant());
        return job;
    }

    protected ClaimRequest<K> claimRequest(K id, String owner, int maxAttempts) {
        return new ClaimRequest<>(id, owner, clock.instant(), LEASE, maxAttempts, "{\"message\":\"gave up\"}");
    }

    @Test
    void insertAssignsAnIdAndEveryFieldRoundTripsExactly() {
        BackgroundJobInfo<K> job = newJob("alice", "ZipRequest");
        job.setProgressPercent(7);
        job.setProgressMessage("starting");
        job.setSentAt(START.plusNanos(1_000));
        job.setSendCount(2);
        job.setResultData("{\"r\":1}");
        job.setExceptionData("{\"e\":2}");
        job.setQueueLatencyMillis(12L);
        job.setDurationMillis(34L);
        job.setStarted(START.plusSeconds(1));
        job.setCompleted(START.plusSeconds(2));
        job.setLeaseOwner("w");
        job.setLeaseExpiresAt(START.plusSeconds(3));
        job.setCleared(true);
        job.setCancelRequested(true);
        job.setAttempts(1);

        BackgroundJobInfo<K> saved = repo.insert(job);

        assertThat(saved.getId()).isNotNull();
        assertThat(job.getId()).as("the caller's record is not changed").isNull();
        BackgroundJobInfo<K> read = repo.getJob(saved.getId());
        assertThat(read).usingRecursiveComparison().isEqualTo(saved);
        assertThat(read.getCreated()).isEqualTo(START);
        assertThat(read.getUpdatedAt()).as("updated-at defaults to created").isEqualTo(START);
        assertThat(read.getSentAt()).isEqualTo(START.plusNanos(1_000));
        assertThat(read.getRequestData()).isEqualTo(job.getRequestData());
        assertThat(read.getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void nanosecondsAreCutToTheMicrosecondsTheDatabasesKeep() {
        BackgroundJobInfo<K> job = newJob("alice", "ZipRequest");
        job.setCreated(START.plusNanos(789));

        BackgroundJobInfo<K> saved = repo.insert(job);

        assertThat(saved.getCreated()).isEqualTo(START);
        assertThat(repo.getJob(saved.getId()).getCreated()).isEqualTo(START);
    }

    @Test
    void aJobCycleTakesTwoStatementsToQueueAndTwoToRun() {
        fixture.resetStatements();
        K id = repo.insert(newJob("alice", "ZipRequest")).getId();
        assertThat(repo.markSent(id, clock.instant())).isTrue();
        assertThat(fixture.statements()).as("statements to queue a job").isEqualTo(2);

        fixture.resetStatements();
        clock.advance(Duration.ofMillis(1500));
        ClaimResult<K> claim = repo.claim(claimRequest(id, OWNER, 3));
        assertThat(claim.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        clock.advance(Duration.ofMillis(250));
        assertThat(repo.complete(new JobCompletion<>(
                        id, OWNER, JobStatus.SUCCEEDED, clock.instant(), 250, "{\"url\":\"x\"}", null, null)))
                .isTrue();
        assertThat(fixture.statements()).as("statements to run a job").isEqualTo(2);

        BackgroundJobInfo<K> done = repo.getJob(id);
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getStarted()).isEqualTo(START.plusMillis(1500));
        assertThat(done.getCompleted()).isEqualTo(START.plusMillis(1750));
        assertThat(done.getDurationMillis()).isEqualTo(250L);
        assertThat(done.getQueueLatencyMillis()).isEqualTo(1500L);
        assertThat(done.getResultData()).isEqualTo("{\"url\":\"x\"}");
        assertThat(done.getLeaseOwner()).isNull();
        assertThat(done.getLeaseExpiresAt()).isNull();
        assertThat(done.getAttempts()).isEqualTo(1);
        assertThat(done.getSendCount()).isEqualTo(1);
        assertThat(done.getVersion()).isEqualTo(3);
        assertThat(done.getUpdatedAt()).isEqualTo(START.plusMillis(1750));
    }

    @Test
    void heartbeatsAndProgressAreOneStatementEachAndSeeTheCancelRequest() {
        K id = repo.insert(newJob("alice", "ZipRequest")).getId();
        repo.claim(claimRequest(id, OWNER, 3));
        fixture.resetStatements();

        clock.advance(Duration.ofSeconds(30));
        assertThat(repo.renewLease(id, OWNER, clock.instant(), clock.instant().plus(LEASE)))
                .isEqualTo(LeaseState.HELD);
        assertThat(repo.saveProgress(id, OWNER, 40, "x".repeat(300), clock.instant()))
                .isEqualTo(LeaseState.HELD);
        assertThat(fixture.statements()).isEqualTo(2);

        BackgroundJobInfo<K> running = repo.getJob(id);
        assertThat(running.getLeaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(running.getProgressPercent()).isEqualTo(40);
        assertThat(running.getProgressMessage()).hasSize(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH);

        assertThat(repo.requestCancel(id, clock.instant())).isEqualTo(CancelResult.REQUESTED);
        assertThat(repo.renewLease(id, OWNER, clock.instant(), clock.instant().plus(LEASE)))
                .isEqualTo(LeaseState.CANCEL_REQUESTED);
        assertThat(repo.saveProgress(id, "someone-else", 50, null, clock.instant()))
                .isEqualTo(LeaseState.LOST);
        assertThat(repo.renewLease(
                        id, "someone-else", clock.instant(), clock.instant().plus(LEASE)))
                .isEqualTo(LeaseState.LOST);
    }

    @Test
    void claimTellsWhyItDidNotClaim() {
        assertThat(repo.claim(claimRequest(missingId(), OWNER, 3)).type()).isEqualTo(ClaimResult.Type.NOT_FOUND);

        BackgroundJobInfo<K> later = newJob("alice", "ZipRequest");
        later.setNextAttemptAt(START.plusSeconds(60));
        K laterId = repo.insert(later).getId();
        ClaimResult<K> notDue = repo.claim(claimRequest(laterId, OWNER, 3));
        assertThat(notDue.type()).isEqualTo(ClaimResult.Type.BUSY);
        assertThat(notDue.retryAt()).isEqualTo(START.plusSeconds(60));

        K id = repo.insert(newJob("alice", "ZipRequest")).getId();
        assertThat(repo.claim(claimRequest(id, OWNER, 3)).type()).isEqualTo(ClaimResult.Type.CLAIMED);
        ClaimResult<K> held = repo.claim(claimRequest(id, "worker-2", 3));
        assertThat(held.type()).isEqualTo(ClaimResult.Type.BUSY);
        assertThat(held.retryAt()).isEqualTo(START.plus(LEASE));

        clock.advance(LEASE);
        ClaimResult<K> takeover = repo.claim(claimRequest(id, "worker-2", 3));
        assertThat(takeover.type()).as("an expired lease can be taken over").isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(takeover.job().getLeaseOwner()).isEqualTo("worker-2");
        assertThat(takeover.job().getAttempts()).isEqualTo(2);
        assertThat(repo.complete(
                        new JobCompletion<>(id, OWNER, JobStatus.FAILED, clock.instant(), 1, null, "{}", null)))
                .as("the old owner lost the lease")
                .isFalse();
        assertThat(repo.complete(new JobCompletion<>(
                        id, "worker-2", JobStatus.FAILED, clock.instant(), 1, null, "{\"e\":1}", null)))
                .isTrue();
        ClaimResult<K> done = repo.claim(claimRequest(id, OWNER, 3));
        assertThat(done.type()).isEqualTo(ClaimResult.Type.ALREADY_DONE);
        assertThat(done.job().getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.job().getExceptionData()).isEqualTo("{\"e\":1}");
    }

    @Test
    void claimGivesUpAfterMaxAttemptsAndHonoursAPendingCancel() {
        K id = repo.insert(newJob("alice", "ZipRequest")).getId();
        repo.claim(claimRequest(id, OWNER, 1));
        clock.advance(LEASE.plusSeconds(1));
        ClaimResult<K> gaveUp = repo.claim(claimRequest(id, "worker-2", 1));
        assertThat(gaveUp.type()).isEqualTo(ClaimResult.Type.GAVE_UP);
        assertThat(gaveUp.job().getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(gaveUp.job().getExceptionData()).isEqualTo("{\"message\":\"gave up\"}");
        assertThat(gaveUp.job().getCompleted()).isEqualTo(clock.instant());
        assertThat(gaveUp.job().getLeaseOwner()).isNull();

        K other = repo.insert(newJob("alice", "ZipRequest")).getId();
        repo.claim(claimRequest(other, OWNER, 3));
        assertThat(repo.requestCancel(other, clock.instant())).isEqualTo(CancelResult.REQUESTED);
        clock.advance(LEASE.plusSeconds(1));
        ClaimResult<K> cancelled = repo.claim(claimRequest(other, "worker-2", 3));
        assertThat(cancelled.type()).isEqualTo(ClaimResult.Type.CANCELLED);
        assertThat(cancelled.job().getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aRetryMakesTheJobPendingAgainWithItsNextAttemptTime() {
        K id = repo.insert(newJob("alice", "ZipRequest")).getId();
        repo.markSent(id, clock.instant());
        repo.claim(claimRequest(id, OWNER, 3));
        Instant retryAt = clock.instant().plusSeconds(30);
        assertThat(repo.complete(new JobCompletion<>(
                        id, OWNER, JobStatus.PENDING, clock.instant(), 5, null, "{\"e\":\"boom\"}", retryAt)))
                .isTrue();

        BackgroundJobInfo<K> pending = repo.getJob(id);
        assertThat(pending.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.getNextAttemptAt()).isEqualTo(retryAt);
        assertThat(pending.getSentAt()).isNull();
        assertThat(pending.getExceptionData()).isEqualTo("{\"e\":\"boom\"}");
        assertThat(repo.claim(claimRequest(id, OWNER, 3)).type()).isEqualTo(ClaimResult.Type.BUSY);
        clock.set(retryAt);
        ClaimResult<K> second = repo.claim(claimRequest(id, OWNER, 3));
        assertThat(second.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(second.job().getAttempts()).isEqualTo(2);
        assertThat(second.job().getExceptionData()).isNull();
        assertThat(second.job().getQueueLatencyMillis()).isZero();
    }

    @Test
    void cancelRequeueAbortAndClear() {
        K pending = repo.insert(newJob("alice", "ZipRequest")).getId();
        assertThat(repo.requestCancel(pending, clock.instant())).isEqualTo(CancelResult.CANCELLED);
        assertThat(repo.getJob(pending).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(repo.getJob(pending).getCompleted()).isEqualTo(clock.instant());
        assertThat(repo.requestCancel(pending, clock.instant())).isEqualTo(CancelResult.ALREADY_DONE);
        assertThat(repo.requestCancel(missingId(), clock.instant())).isEqualTo(CancelResult.NOT_FOUND);
        assertThat(repo.markSent(pending, clock.instant()))
                .as("only PENDING jobs are marked sent")
                .isFalse();

        Instant next = clock.instant().plusSeconds(5);
        assertThat(repo.requeue(pending, clock.instant(), next)).isTrue();
        BackgroundJobInfo<K> requeued = repo.getJob(pending);
        assertThat(requeued.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getNextAttemptAt()).isEqualTo(next);
        assertThat(requeued.getCompleted()).isNull();
        assertThat(requeued.isCancelRequested()).isFalse();
        assertThat(requeued.getAttempts()).isZero();

        assertThat(repo.markAborted(pending, "{\"r\":\"never sent\"}", clock.instant()))
                .isTrue();
        assertThat(repo.getJob(pending).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(repo.markAborted(pending, "{}", clock.instant())).isFalse();
        assertThat(repo.markAborted(missingId(), "{}", clock.instant())).isFalse();

        assertThat(repo.findActiveJobs("alice", 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(pending);
        assertThat(repo.markCleared(pending, clock.instant())).isTrue();
        assertThat(repo.findActiveJobs("alice", 10)).isEmpty();
        assertThat(repo.markCleared(missingId(), clock.instant())).isFalse();

        K succeeded = repo.insert(newJob("alice", "ZipRequest")).getId();
        repo.claim(claimRequest(succeeded, OWNER, 3));
        repo.complete(new JobCompletion<>(succeeded, OWNER, JobStatus.SUCCEEDED, clock.instant(), 1, "{}", null, null));
        assertThat(repo.requeue(succeeded, clock.instant(), clock.instant())).isFalse();
    }

    @Test
    void activeJobsAreTheUsersUnclearedJobsNewestFirst() {
        K first = repo.insert(newJob("alice", "A")).getId();
        clock.advance(Duration.ofSeconds(1));
        K second = repo.insert(newJob("alice", "B")).getId();
        repo.insert(newJob("bob", "A"));
        clock.advance(Duration.ofSeconds(1));
        K third = repo.insert(newJob("alice", "C")).getId();

        assertThat(repo.findActiveJobs("alice", 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(third, second, first);
        assertThat(repo.findActiveJobs("alice", 2))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(third, second);
        assertThat(repo.findActiveJobs("alice' OR '1'='1", 10)).isEmpty();
    }

    @Test
    void sweepCandidatesAreUnsentStaleAndLeaseExpiredJobsOldestDueFirst() {
        K unsent = repo.insert(newJob("alice", "A")).getId();
        clock.advance(Duration.ofSeconds(1));
        K sent = repo.insert(newJob("alice", "A")).getId();
        repo.markSent(sent, clock.instant());
        clock.advance(Duration.ofSeconds(1));
        K running = repo.insert(newJob("alice", "A")).getId();
        repo.claim(new ClaimRequest<>(running, OWNER, clock.instant(), Duration.ofSeconds(10), 3, "{}"));
        K fresh = repo.insert(newJob("alice", "A")).getId();

        Instant now = clock.advance(Duration.ofMinutes(1));
        repo.markSent(fresh, now.minusSeconds(1));
        List<BackgroundJobInfo<K>> due = repo.findSweepCandidates(now.minusSeconds(30), now.minusSeconds(30), 10);
        assertThat(due).extracting(BackgroundJobInfo::getId).containsExactly(unsent, sent, running);
        assertThat(repo.findSweepCandidates(now.minusSeconds(30), now.minusSeconds(30), 1))
                .hasSize(1);
        assertThat(repo.findSweepCandidates(START, START, 10)).isEmpty();
    }

    @Test
    void updatedSinceListsWritesAfterTheGivenTimeOldestFirst() {
        K a = repo.insert(newJob("alice", "A")).getId();
        K b = repo.insert(newJob("bob", "A")).getId();
        Instant mark = clock.instant();
        clock.advance(Duration.ofMillis(1));
        repo.markSent(b, clock.instant());
        clock.advance(Duration.ofMillis(1));
        repo.markSent(a, clock.instant());

        assertThat(repo.findUpdatedSince(mark, null, 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(b, a);
        assertThat(repo.findUpdatedSince(mark, "alice", 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(a);
        assertThat(repo.findUpdatedSince(clock.instant(), null, 10)).isEmpty();
    }

    @Test
    void badInputIsRejectedNamingTheFieldBeforeAnySqlRuns() {
        fixture.resetStatements();
        assertThatThrownBy(() -> repo.insert(newJob("u".repeat(51), "A")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> repo.insert(newJob("alice", "T".repeat(51))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> repo.findActiveJobs("u".repeat(51), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> repo.findUpdatedSince(START, "u".repeat(51), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> repo.claim(claimRequest(missingId(), "o".repeat(101), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'owner'");
        assertThatThrownBy(() -> repo.findActiveJobs("alice", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit'");
        assertThatThrownBy(() -> repo.saveProgress(missingId(), OWNER, 101, null, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'percent'");
        assertThatThrownBy(() -> repo.purge(START, java.util.Set.of(JobStatus.RUNNING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThat(fixture.statements()).isZero();
    }

    protected abstract K missingId();
}
