package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.LEASE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A claimed job's run in {@link JobRepositoryContractTest}: its lease and progress, its
 * completion, and the sent and aborted marks.
 *
 * @param <K> the key type
 */
abstract class RepositoryRunContract<K> extends RepositoryClaimContract<K> {

    /** For the suite. */
    RepositoryRunContract() {}

    // ---------------------------------------------------------------- lease and progress

    @Test
    void renewLeaseByTheHolderExtendsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofSeconds(20));

        LeaseState state = repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE));

        assertThat(state)
                .as("renewLease by the lease holder of a RUNNING job must answer HELD")
                .isEqualTo(LeaseState.HELD);
        BackgroundJobInfo<K> renewed = fixture.reload(running.getId());
        assertThat(renewed.getLeaseExpiresAt())
                .as("renewLease must set leaseExpiresAt to the value given")
                .isEqualTo(now.plus(LEASE));
        assertThat(renewed.getUpdatedAt())
                .as("renewLease must set updatedAt to now")
                .isEqualTo(now);
        assertThat(renewed.getVersion())
                .as("renewLease must add one to version")
                .isEqualTo(running.getVersion() + 1);
        fixture.advance(Duration.ofSeconds(29));
        assertThat(fixture.claim(running.getId(), "worker-2").type())
                .as("a claim before the renewed lease ends must answer BUSY")
                .isEqualTo(ClaimResult.Type.BUSY);
    }

    @Test
    void renewLeaseAfterExpiryButBeforeATakeoverStillHolds() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.plusSeconds(5));

        assertThat(repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE)))
                .as("renewLease checks the owner, not the expiry: an expired lease nobody took over must answer"
                        + " HELD")
                .isEqualTo(LeaseState.HELD);
        assertThat(fixture.claim(running.getId(), "worker-2").type())
                .as("a claim under a lease renewed after its expiry must answer BUSY")
                .isEqualTo(ClaimResult.Type.BUSY);
    }

    @Test
    void renewLeaseReportsACancelRequestAndStillExtends() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        Instant now = fixture.advance(Duration.ofSeconds(10));

        assertThat(repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE)))
                .as("renewLease by the holder of a job whose cancel was requested must answer CANCEL_REQUESTED")
                .isEqualTo(LeaseState.CANCEL_REQUESTED);
        assertThat(fixture.reload(running.getId()).getLeaseExpiresAt())
                .as("renewLease answering CANCEL_REQUESTED must still extend the lease")
                .isEqualTo(now.plus(LEASE));
    }

    @Test
    void renewLeaseOfAnotherOwnerAFinishedOrAMissingJobIsLost() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        Instant now = fixture.now();

        assertThat(repository.renewLease(running.getId(), "worker-2", now, now.plus(LEASE)))
                .as("renewLease by a worker that is not the leaseOwner must answer LOST")
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.renewLease(done.getId(), WORKER, now, now.plus(LEASE)))
                .as("renewLease of a finished job must answer LOST, even by its last owner")
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.renewLease(pending.getId(), WORKER, now, now.plus(LEASE)))
                .as("renewLease of a PENDING job must answer LOST")
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.renewLease(fixture.unknownId(), WORKER, now, now.plus(LEASE)))
                .as("renewLease of an id no record has must answer LOST, not throw")
                .isEqualTo(LeaseState.LOST);
        assertUnchanged("a renewLease answering LOST must write nothing", running);
        assertUnchanged("a renewLease answering LOST must write nothing", done);
        assertUnchanged("a renewLease answering LOST must write nothing", pending);
    }

    @Test
    void saveProgressStoresPercentAndCutsALongMessage() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofSeconds(3));

        LeaseState state = repository.saveProgress(running.getId(), WORKER, 55, "x".repeat(250), now);

        assertThat(state)
                .as("saveProgress by the lease holder of a RUNNING job must answer HELD")
                .isEqualTo(LeaseState.HELD);
        BackgroundJobInfo<K> saved = fixture.reload(running.getId());
        assertThat(saved.getProgressPercent())
                .as("saveProgress must store progressPercent")
                .isEqualTo(55);
        assertThat(saved.getProgressMessage())
                .as(
                        "saveProgress must cut a longer message to its first %d characters, not refuse it",
                        BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH)
                .isEqualTo("x".repeat(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH));
        assertThat(saved.getUpdatedAt())
                .as("saveProgress must set updatedAt to now")
                .isEqualTo(now);
        assertThat(saved.getVersion())
                .as("saveProgress must add one to version")
                .isEqualTo(running.getVersion() + 1);
        assertThat(saved.getLeaseExpiresAt())
                .as("saveProgress must not change the lease")
                .isEqualTo(running.getLeaseExpiresAt());
    }

    @Test
    void saveProgressReportsACancelRequestAndLosesForOthers() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());

        assertThat(repository.saveProgress(running.getId(), WORKER, 10, null, fixture.now()))
                .as("saveProgress by the holder of a job whose cancel was requested must answer CANCEL_REQUESTED")
                .isEqualTo(LeaseState.CANCEL_REQUESTED);
        assertThat(repository.saveProgress(running.getId(), "worker-2", 20, "no", fixture.now()))
                .as("saveProgress by a worker that is not the leaseOwner must answer LOST")
                .isEqualTo(LeaseState.LOST);
        assertThat(fixture.reload(running.getId()).getProgressPercent())
                .as("saveProgress answering CANCEL_REQUESTED must still save; one answering LOST must not")
                .isEqualTo(10);
    }

    @Test
    void saveProgressRejectsAPercentOutOfRange() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        assertThatThrownBy(() -> repository.saveProgress(running.getId(), WORKER, 101, null, fixture.now()))
                .as("saveProgress with percent above 100 must throw IllegalArgumentException naming 'percent'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'percent'");
        assertThatThrownBy(() -> repository.saveProgress(running.getId(), WORKER, -1, null, fixture.now()))
                .as("saveProgress with percent below 0 must throw IllegalArgumentException naming 'percent'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'percent'");
        assertUnchanged("a saveProgress refused for its percent must write nothing", running);
    }

    // ---------------------------------------------------------------- complete

    @Test
    void completeAsSucceededStoresTheResult() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofMillis(1_234));

        assertThat(repository.complete(new JobCompletion<>(
                        running.getId(),
                        WORKER,
                        JobStatus.SUCCEEDED,
                        now,
                        1_234,
                        "{\"url\":\"https://example.org/a.zip\"}",
                        null,
                        null)))
                .as("complete by the lease holder of a RUNNING job must answer true")
                .isTrue();

        BackgroundJobInfo<K> done = fixture.reload(running.getId());
        assertThat(done.getStatus())
                .as("complete must set status to the completion's status")
                .isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getCompleted()).as("complete must set completed to now").isEqualTo(now);
        assertThat(done.getDurationMillis())
                .as("complete must set durationMillis to the completion's")
                .isEqualTo(1_234L);
        assertThat(done.getResultData())
                .as("complete must set resultData to the completion's")
                .isEqualTo("{\"url\":\"https://example.org/a.zip\"}");
        assertThat(done.getExceptionData())
                .as("complete must set exceptionData to the completion's (null here)")
                .isNull();
        assertThat(done.getLeaseOwner()).as("complete must clear leaseOwner").isNull();
        assertThat(done.getLeaseExpiresAt())
                .as("complete must clear leaseExpiresAt")
                .isNull();
        assertThat(done.getUpdatedAt()).as("complete must set updatedAt to now").isEqualTo(now);
        assertThat(done.getVersion()).as("complete must add one to version").isEqualTo(running.getVersion() + 1);
        assertThat(done.isCompleted())
                .as("a SUCCEEDED record counts as completed")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"FAILED", "ABORTED", "CANCELLED"})
    void completeAsAnotherFinalStateStoresTheError(JobStatus status) {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofSeconds(2));

        assertThat(repository.complete(new JobCompletion<>(
                        running.getId(), WORKER, status, now, 2_000, null, "{\"message\":\"boom\"}", null)))
                .as("complete as %s by the lease holder must answer true", status)
                .isTrue();

        BackgroundJobInfo<K> done = fixture.reload(running.getId());
        assertThat(done.getStatus())
                .as("complete must set status to the completion's status")
                .isEqualTo(status);
        assertThat(done.getExceptionData())
                .as("complete must set exceptionData to the completion's")
                .isEqualTo("{\"message\":\"boom\"}");
        assertThat(done.getResultData())
                .as("complete must set resultData to the completion's (null here)")
                .isNull();
        assertThat(done.getCompleted()).as("complete must set completed to now").isEqualTo(now);
        assertThat(done.getDurationMillis())
                .as("complete must set durationMillis to the completion's")
                .isEqualTo(2_000L);
        assertThat(done.getLeaseOwner()).as("complete must clear leaseOwner").isNull();
    }

    @Test
    void completeAsARetryMakesThePendingJobDueLaterAndUnsent() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        repository.markSent(pending.getId(), fixture.now());
        fixture.claim(pending.getId(), WORKER);
        Instant now = fixture.advance(Duration.ofSeconds(1));
        Instant retryAt = now.plusSeconds(30);

        assertThat(repository.complete(new JobCompletion<>(
                        pending.getId(),
                        WORKER,
                        JobStatus.PENDING,
                        now,
                        1_000,
                        null,
                        "{\"message\":\"try again\"}",
                        retryAt)))
                .as("complete as PENDING (a retry) by the lease holder must answer true")
                .isTrue();

        BackgroundJobInfo<K> retry = fixture.reload(pending.getId());
        assertThat(retry.getStatus())
                .as("complete as a retry must set status PENDING")
                .isEqualTo(JobStatus.PENDING);
        assertThat(retry.getNextAttemptAt())
                .as("complete as a retry must set nextAttemptAt to the completion's")
                .isEqualTo(retryAt);
        assertThat(retry.getSentAt())
                .as("complete as a retry must clear sentAt (the retry's message is not sent yet)")
                .isNull();
        assertThat(retry.getExceptionData())
                .as("complete as a retry must store the attempt's exceptionData")
                .isEqualTo("{\"message\":\"try again\"}");
        assertThat(retry.getLeaseOwner())
                .as("complete as a retry must clear leaseOwner")
                .isNull();
        assertThat(retry.getLeaseExpiresAt())
                .as("complete as a retry must clear leaseExpiresAt")
                .isNull();
        assertThat(retry.getAttempts())
                .as("complete must not change attempts (only a claim adds one)")
                .isEqualTo(1);
        assertThat(retry.isCompleted())
                .as("a PENDING retry does not count as completed")
                .isFalse();
        fixture.advance(Duration.ofSeconds(29));
        ClaimResult<K> early = fixture.claim(pending.getId(), WORKER);
        assertThat(early.type())
                .as("a claim of a retry before its nextAttemptAt must answer BUSY")
                .isEqualTo(ClaimResult.Type.BUSY);
        assertThat(early.retryAt())
                .as("a BUSY result for a retry must carry retryAt = nextAttemptAt")
                .isEqualTo(retryAt);
    }

    @Test
    void completeByAWorkerThatDoesNotHoldTheLeaseIsRefused() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> pending = fixture.pending("alice");

        assertThat(repository.complete(new JobCompletion<>(
                        running.getId(), "worker-2", JobStatus.SUCCEEDED, fixture.now(), 5, "{}", null, null)))
                .as("complete by a worker that is not the leaseOwner must answer false")
                .isFalse();
        assertThat(fixture.complete(pending.getId(), JobStatus.SUCCEEDED, 5))
                .as("complete of a PENDING job must answer false")
                .isFalse();
        assertThat(fixture.complete(fixture.unknownId(), JobStatus.SUCCEEDED, 5))
                .as("complete of an id no record has must answer false, not throw")
                .isFalse();
        assertUnchanged("a refused complete must write nothing", running);
        assertUnchanged("a refused complete must write nothing", pending);
    }

    @Test
    void completeOfAnAlreadyFinishedJobIsRefused() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        assertThat(fixture.complete(done.getId(), JobStatus.FAILED, 10))
                .as("complete of a finished job must answer false, even by its last owner")
                .isFalse();
        assertUnchanged("a refused complete must write nothing", done);
    }

    // ---------------------------------------------------------------- markSent, markAborted

    @Test
    void markSentRecordsEachConfirmedSendOfAPendingJob() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        Instant first = fixture.advance(Duration.ofMillis(20));
        assertThat(repository.markSent(pending.getId(), first))
                .as("markSent of a PENDING job must answer true")
                .isTrue();
        Instant second = fixture.advance(Duration.ofMinutes(5));
        assertThat(repository.markSent(pending.getId(), second))
                .as("markSent of a PENDING job already marked sent must answer true again")
                .isTrue();

        BackgroundJobInfo<K> sent = fixture.reload(pending.getId());
        assertThat(sent.getSentAt()).as("markSent must set sentAt to now").isEqualTo(second);
        assertThat(sent.getSendCount())
                .as("each markSent must add one to sendCount")
                .isEqualTo(2);
        assertThat(sent.getUpdatedAt()).as("markSent must set updatedAt to now").isEqualTo(second);
        assertThat(sent.getVersion())
                .as("each markSent must add one to version")
                .isEqualTo(pending.getVersion() + 2);
    }

    @Test
    void markSentChangesNothingOnceTheJobIsNoLongerPending() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.FAILED, 10);

        assertThat(repository.markSent(running.getId(), fixture.now()))
                .as("markSent of a RUNNING job must answer false")
                .isFalse();
        assertThat(repository.markSent(done.getId(), fixture.now()))
                .as("markSent of a finished job must answer false")
                .isFalse();
        assertThat(repository.markSent(fixture.unknownId(), fixture.now()))
                .as("markSent of an id no record has must answer false, not throw")
                .isFalse();
        assertUnchanged("a refused markSent must write nothing", running);
        assertUnchanged("a refused markSent must write nothing", done);
    }

    @Test
    void markAbortedEndsAPendingJobOrARunningJobWhoseLeaseExpired() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.plusSeconds(1));

        assertThat(repository.markAborted(pending.getId(), "{\"message\":\"send failed\"}", now))
                .as("markAborted of a PENDING job must answer true")
                .isTrue();
        assertThat(repository.markAborted(running.getId(), "{\"message\":\"bad input\"}", now))
                .as("markAborted of a RUNNING job whose lease expired must answer true")
                .isTrue();

        BackgroundJobInfo<K> a = fixture.reload(pending.getId());
        assertThat(a.getStatus()).as("markAborted must set status ABORTED").isEqualTo(JobStatus.ABORTED);
        assertThat(a.getExceptionData())
                .as("markAborted must set exceptionData to the reason given")
                .isEqualTo("{\"message\":\"send failed\"}");
        assertThat(a.getCompleted()).as("markAborted must set completed to now").isEqualTo(now);
        assertThat(a.getVersion()).as("markAborted must add one to version").isEqualTo(pending.getVersion() + 1);
        BackgroundJobInfo<K> b = fixture.reload(running.getId());
        assertThat(b.getStatus())
                .as("markAborted of a RUNNING job whose lease expired must set status ABORTED")
                .isEqualTo(JobStatus.ABORTED);
        assertThat(b.getLeaseOwner()).as("markAborted must clear leaseOwner").isNull();
        assertThat(b.getLeaseExpiresAt())
                .as("markAborted must clear leaseExpiresAt")
                .isNull();
        assertThat(b.getCompleted()).as("markAborted must set completed to now").isEqualTo(now);
    }

    @Test
    void markAbortedLeavesAJobRunningUnderALiveLeaseToItsWorker() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.minusSeconds(1));

        assertThat(repository.markAborted(running.getId(), "{\"message\":\"poisoned\"}", now))
                .as("markAborted must refuse a RUNNING job whose lease has not expired at 'now'")
                .isFalse();
        assertUnchanged("markAborted of a job under a live lease must write nothing", running);
    }

    @Test
    void markAbortedChangesNothingOnAFinishedOrMissingJob() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        assertThat(repository.markAborted(done.getId(), "{}", fixture.now()))
                .as("markAborted of a finished job must answer false")
                .isFalse();
        assertThat(repository.markAborted(fixture.unknownId(), "{}", fixture.now()))
                .as("markAborted of an id no record has must answer false, not throw")
                .isFalse();
        assertUnchanged("a refused markAborted must write nothing", done);
    }
}
