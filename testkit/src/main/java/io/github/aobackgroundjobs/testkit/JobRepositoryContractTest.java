package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.LEASE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link JobRepositoryBase}: extend it, return a fresh repository from
 * {@link #createRepository()}, and every rule of the SPI's Javadoc is checked against it —
 * each claim branch, leases, completions, sends, cancels, requeues (conditional ones and their
 * races too), sweeping, listeners,
 * versions, exact time boundaries and claim races.
 *
 * <p>Each test gets a new repository from {@link #createRepository()}; it must start empty
 * (a fresh schema, or a truncated table). All times come from {@link #clock}, passed in as
 * every SPI method asks; times in tests are whole milliseconds, so a store with microsecond
 * precision reads back what it was given.
 *
 * @param <K> the key type
 */
public abstract class JobRepositoryContractTest<K> extends RepositoryRequeueContract<K> {

    /** Creates the suite; a subclass supplies the implementation under test. */
    protected JobRepositoryContractTest() {}

    // ---------------------------------------------------------------- cancel, requeue, clear

    @Test
    void requestCancelOfAPendingJobCancelsItAtOnce() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        Instant now = fixture.advance(Duration.ofSeconds(1));

        assertThat(repository.requestCancel(pending.getId(), now))
                .as("requestCancel of a PENDING job must answer CANCELLED")
                .isEqualTo(CancelResult.CANCELLED);

        BackgroundJobInfo<K> cancelled = fixture.reload(pending.getId());
        assertThat(cancelled.getStatus())
                .as("requestCancel of a PENDING job must set status CANCELLED at once")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.getCompleted())
                .as("requestCancel of a PENDING job must set completed to now")
                .isEqualTo(now);
        assertThat(cancelled.getUpdatedAt())
                .as("requestCancel must set updatedAt to now")
                .isEqualTo(now);
        assertThat(cancelled.getVersion())
                .as("requestCancel must add one to version")
                .isEqualTo(pending.getVersion() + 1);
        assertThat(fixture.claim(pending.getId(), WORKER).type())
                .as("a claim of a job cancelled while PENDING must answer ALREADY_DONE")
                .isEqualTo(ClaimResult.Type.ALREADY_DONE);
    }

    @Test
    void requestCancelOfARunningJobSetsTheFlagOnly() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.minusMillis(1));

        assertThat(repository.requestCancel(running.getId(), now))
                .as("requestCancel of a RUNNING job under a live lease must answer REQUESTED")
                .isEqualTo(CancelResult.REQUESTED);

        BackgroundJobInfo<K> flagged = fixture.reload(running.getId());
        assertThat(flagged.getStatus())
                .as("requestCancel of a RUNNING job under a live lease must leave status RUNNING (its worker stops"
                        + " it)")
                .isEqualTo(JobStatus.RUNNING);
        assertThat(flagged.isCancelRequested())
                .as("requestCancel of a RUNNING job must set cancelRequested")
                .isTrue();
        assertThat(flagged.getLeaseOwner())
                .as("requestCancel of a RUNNING job under a live lease must leave the lease alone")
                .isEqualTo(WORKER);
        assertThat(flagged.getLeaseExpiresAt())
                .as("requestCancel of a RUNNING job under a live lease must leave the lease alone")
                .isEqualTo(running.getLeaseExpiresAt());
        assertThat(flagged.getUpdatedAt())
                .as("requestCancel must set updatedAt to now")
                .isEqualTo(now);
        assertThat(flagged.getVersion())
                .as("requestCancel must add one to version")
                .isEqualTo(running.getVersion() + 1);
    }

    @Test
    void requestCancelOfARunningJobWhoseLeaseExpiredCancelsItAtOnce() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE);

        assertThat(repository.requestCancel(running.getId(), now))
                .as("requestCancel of a RUNNING job whose lease expired at or before now (its worker is gone) must"
                        + " answer CANCELLED")
                .isEqualTo(CancelResult.CANCELLED);

        BackgroundJobInfo<K> cancelled = fixture.reload(running.getId());
        assertThat(cancelled.getStatus())
                .as("requestCancel of a RUNNING job whose lease expired must set status CANCELLED at once")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.isCancelRequested())
                .as("requestCancel of a RUNNING job whose lease expired must set cancelRequested")
                .isTrue();
        assertThat(cancelled.getCompleted())
                .as("requestCancel of a RUNNING job whose lease expired must set completed to now")
                .isEqualTo(now);
        assertThat(cancelled.getLeaseOwner())
                .as("requestCancel of a RUNNING job whose lease expired must clear leaseOwner")
                .isNull();
        assertThat(cancelled.getLeaseExpiresAt())
                .as("requestCancel of a RUNNING job whose lease expired must clear leaseExpiresAt")
                .isNull();
        assertThat(cancelled.getAttempts())
                .as("requestCancel must leave attempts unchanged")
                .isEqualTo(running.getAttempts());
        assertThat(cancelled.getUpdatedAt())
                .as("requestCancel must set updatedAt to now")
                .isEqualTo(now);
        assertThat(cancelled.getVersion())
                .as("requestCancel must add one to version")
                .isEqualTo(running.getVersion() + 1);
        assertThat(repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE)))
                .as("the worker whose lease expired has lost the job once it is CANCELLED")
                .isEqualTo(LeaseState.LOST);
    }

    @Test
    void requestCancelOfAFlaggedRunningJobWhoseLeaseThenExpiredCancelsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        assertThat(repository.requestCancel(running.getId(), fixture.now()))
                .as("requestCancel of a RUNNING job under a live lease must answer REQUESTED")
                .isEqualTo(CancelResult.REQUESTED);
        Instant now = fixture.advance(LEASE.plusSeconds(1));

        assertThat(repository.requestCancel(running.getId(), now))
                .as("a repeated requestCancel of a flagged job whose worker is gone (lease expired) must answer"
                        + " CANCELLED")
                .isEqualTo(CancelResult.CANCELLED);
        assertThat(fixture.reload(running.getId()).getStatus())
                .as("a repeated requestCancel of a flagged job whose lease expired must set status CANCELLED")
                .isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void requestCancelOfAFinishedOrMissingJobChangesNothing() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        assertThat(repository.requestCancel(done.getId(), fixture.now()))
                .as("requestCancel of a finished job must answer ALREADY_DONE")
                .isEqualTo(CancelResult.ALREADY_DONE);
        assertThat(repository.requestCancel(fixture.unknownId(), fixture.now()))
                .as("requestCancel of an id no record has must answer NOT_FOUND, not throw")
                .isEqualTo(CancelResult.NOT_FOUND);
        assertUnchanged("requestCancel of a finished job must write nothing", done);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"FAILED", "ABORTED", "CANCELLED"})
    void requeueOfAnUnsuccessfulJobStartsItAfresh(JobStatus status) {
        BackgroundJobInfo<K> pending = repository.insert(fixture.newJob("alice", TYPE));
        assertThat(repository.markSent(pending.getId(), fixture.now()))
                .as("markSent of a PENDING job must answer true")
                .isTrue();
        assertThat(fixture.claim(pending.getId(), JobRepositoryFixture.WORKER, 3)
                        .type())
                .as("a claim of a due PENDING job must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(fixture.complete(pending.getId(), status, 10))
                .as("complete as %s by the lease holder must answer true", status)
                .isTrue();
        BackgroundJobInfo<K> done = fixture.reload(pending.getId());
        assertThat(done.getSendCount()).as("complete must not change sendCount").isEqualTo(1);
        repository.markCleared(done.getId(), fixture.now());
        Instant now = fixture.advance(Duration.ofSeconds(1));
        Instant due = now.plusSeconds(5);

        assertThat(repository.requeue(done.getId(), now, due))
                .as("requeue of a %s job must answer true", status)
                .isTrue();

        BackgroundJobInfo<K> requeued = fixture.reload(done.getId());
        assertThat(requeued.getStatus()).as("requeue must set status PENDING").isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getAttempts())
                .as("requeue must reset attempts to 0")
                .isZero();
        assertThat(requeued.getSendCount())
                .as("requeue must reset sendCount to 0: a fresh budget of re-sends too")
                .isZero();
        assertThat(requeued.getNextAttemptAt())
                .as("requeue must set nextAttemptAt to the value given")
                .isEqualTo(due);
        assertThat(requeued.getSentAt()).as("requeue must clear sentAt").isNull();
        assertThat(requeued.getCompleted()).as("requeue must clear completed").isNull();
        assertThat(requeued.getResultData()).as("requeue must clear resultData").isNull();
        assertThat(requeued.getLeaseOwner()).as("requeue must clear leaseOwner").isNull();
        assertThat(requeued.getLeaseExpiresAt())
                .as("requeue must clear leaseExpiresAt")
                .isNull();
        assertThat(requeued.isCancelRequested())
                .as("requeue must clear cancelRequested")
                .isFalse();
        assertThat(requeued.isCleared())
                .as("requeue must reset cleared to false")
                .isFalse();
        assertThat(requeued.getUpdatedAt())
                .as("requeue must set updatedAt to now")
                .isEqualTo(now);
        fixture.clock().set(due);
        assertThat(fixture.claim(done.getId(), WORKER, 1).type())
                .as("a requeued job must be claimable at its new nextAttemptAt, with a fresh attempt budget")
                .isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void requeueOfACancelledJobClearsTheCancelFlag() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        fixture.complete(running.getId(), JobStatus.CANCELLED, 10);

        assertThat(repository.requeue(running.getId(), fixture.now(), fixture.now()))
                .as("requeue of a CANCELLED job must answer true")
                .isTrue();
        assertThat(fixture.reload(running.getId()).isCancelRequested())
                .as("requeue must clear cancelRequested")
                .isFalse();
        assertThat(fixture.claim(running.getId(), WORKER).type())
                .as("a requeued job whose cancel flag was cleared must be CLAIMED, not CANCELLED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void requeueOfAPendingJobResetsItsBudget() {
        BackgroundJobInfo<K> job = fixture.running("alice");
        fixture.complete(job.getId(), JobStatus.PENDING, 10);
        repository.markSent(job.getId(), fixture.now());

        assertThat(repository.requeue(job.getId(), fixture.now(), fixture.now()))
                .as("requeue of a PENDING job must answer true")
                .isTrue();

        BackgroundJobInfo<K> requeued = fixture.reload(job.getId());
        assertThat(requeued.getAttempts())
                .as("requeue of a PENDING job must reset attempts to 0")
                .isZero();
        assertThat(requeued.getSentAt())
                .as("requeue of a PENDING job must clear sentAt")
                .isNull();
        assertThat(requeued.getNextAttemptAt())
                .as("requeue of a PENDING job must set nextAttemptAt to the value given")
                .isEqualTo(fixture.now());
    }

    @Test
    void requeueOfARunningJobWhoseLeaseExpiredStartsItAfresh() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        Instant now = fixture.advance(LEASE);
        Instant due = now.plusSeconds(5);

        assertThat(repository.requeue(running.getId(), now, due))
                .as("requeue of a RUNNING job whose lease expired at or before now (its worker is gone) must answer"
                        + " true")
                .isTrue();

        BackgroundJobInfo<K> requeued = fixture.reload(running.getId());
        assertThat(requeued.getStatus()).as("requeue must set status PENDING").isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getAttempts())
                .as("requeue must reset attempts to 0")
                .isZero();
        assertThat(requeued.getNextAttemptAt())
                .as("requeue must set nextAttemptAt to the value given")
                .isEqualTo(due);
        assertThat(requeued.getLeaseOwner()).as("requeue must clear leaseOwner").isNull();
        assertThat(requeued.getLeaseExpiresAt())
                .as("requeue must clear leaseExpiresAt")
                .isNull();
        assertThat(requeued.isCancelRequested())
                .as("requeue must clear cancelRequested")
                .isFalse();
        assertThat(requeued.getUpdatedAt())
                .as("requeue must set updatedAt to now")
                .isEqualTo(now);
        assertThat(requeued.getVersion()).as("requeue must add one to version").isEqualTo(running.getVersion() + 2);
        assertThat(repository.complete(
                        new JobCompletion<>(running.getId(), WORKER, JobStatus.SUCCEEDED, now, 10, "{}", null, null)))
                .as("the worker whose lease expired has lost the job once it is requeued: complete must answer false")
                .isFalse();
        fixture.advance(Duration.ofSeconds(5));
        assertThat(fixture.claim(running.getId(), "worker-2").type())
                .as("a requeued job must be claimable at its new nextAttemptAt")
                .isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void requeueOfARunningSucceededOrMissingJobIsRefused() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        fixture.advance(LEASE.minusMillis(1));

        assertThat(repository.requeue(running.getId(), fixture.now(), fixture.now()))
                .as("requeue of a RUNNING job under a live lease must answer false")
                .isFalse();
        assertThat(repository.requeue(done.getId(), fixture.now(), fixture.now()))
                .as("requeue of a SUCCEEDED job must answer false")
                .isFalse();
        assertThat(repository.requeue(fixture.unknownId(), fixture.now(), fixture.now()))
                .as("requeue of an id no record has must answer false, not throw")
                .isFalse();
        assertUnchanged("a refused requeue must write nothing", running);
        assertUnchanged("a refused requeue must write nothing", done);
    }

    @Test
    void markClearedDismissesTheNotification() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        Instant now = fixture.advance(Duration.ofSeconds(1));

        assertThat(repository.markCleared(done.getId(), now))
                .as("markCleared of an existing job must answer true")
                .isTrue();
        assertThat(repository.markCleared(fixture.unknownId(), now))
                .as("markCleared of an id no record has must answer false, not throw")
                .isFalse();

        BackgroundJobInfo<K> cleared = fixture.reload(done.getId());
        assertThat(cleared.isCleared()).as("markCleared must set cleared").isTrue();
        assertThat(cleared.getStatus()).as("markCleared must not change status").isEqualTo(JobStatus.SUCCEEDED);
        assertThat(cleared.getUpdatedAt())
                .as("markCleared must set updatedAt to now")
                .isEqualTo(now);
        assertThat(cleared.getVersion())
                .as("markCleared must add one to version")
                .isEqualTo(done.getVersion() + 1);
    }

    // ---------------------------------------------------------------- findActiveJobs

    @Test
    void findActiveJobsListsTheUsersUnclearedJobsNewestFirst() {
        BackgroundJobInfo<K> oldest = fixture.pending("alice");
        fixture.advance(Duration.ofSeconds(1));
        BackgroundJobInfo<K> middle = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        fixture.advance(Duration.ofSeconds(1));
        BackgroundJobInfo<K> cleared = fixture.finished("alice", TYPE, JobStatus.FAILED, 10);
        repository.markCleared(cleared.getId(), fixture.now());
        fixture.advance(Duration.ofSeconds(1));
        BackgroundJobInfo<K> newest = fixture.running("alice");
        fixture.pending("bob");

        assertThat(ids(repository.findActiveJobs("alice", 10)))
                .as("findActiveJobs must list the user's uncleared jobs of every status, newest created first,"
                        + " and no other user's")
                .containsExactly(newest.getId(), middle.getId(), oldest.getId());
        assertThat(ids(repository.findActiveJobs("alice", 2)))
                .as("findActiveJobs must return at most 'limit' jobs: the newest")
                .containsExactly(newest.getId(), middle.getId());
        assertThat(repository.findActiveJobs("nobody", 10))
                .as("findActiveJobs of a user with no jobs must be empty")
                .isEmpty();
    }

    // ---------------------------------------------------------------- findSweepCandidates

    @Test
    void sweepFindsPendingJobsNeverConfirmedSentBeforeTheCutOff() {
        BackgroundJobInfo<K> unsent = fixture.pending("alice");
        fixture.advance(Duration.ofSeconds(10));
        BackgroundJobInfo<K> atCutOff = fixture.pending("alice");
        BackgroundJobInfo<K> sent = fixture.pending("alice");
        repository.markSent(sent.getId(), fixture.now());
        Instant cutOff = fixture.now();
        fixture.advance(Duration.ofSeconds(1));
        fixture.pending("alice");

        List<BackgroundJobInfo<K>> found = repository.findSweepCandidates(cutOff, START, 100);

        assertThat(ids(found))
                .as("findSweepCandidates must return PENDING jobs with sentAt null and updatedAt before"
                        + " unsentBefore, and no sent or later job")
                .containsExactly(unsent.getId());
        assertThat(ids(found))
                .as("unsentBefore is exclusive: a job last written exactly at the cut-off is not a candidate")
                .doesNotContain(atCutOff.getId());
    }

    @Test
    void sweepFindsSentPendingJobsWhoseMessageIsOverdue() {
        BackgroundJobInfo<K> stale = fixture.pending("alice");
        repository.markSent(stale.getId(), fixture.now());
        BackgroundJobInfo<K> delayed = fixture.newJob("alice", TYPE);
        delayed.setNextAttemptAt(fixture.now().plus(Duration.ofMinutes(10)));
        BackgroundJobInfo<K> delayedSaved = repository.insert(delayed);
        repository.markSent(delayedSaved.getId(), fixture.now());
        fixture.advance(Duration.ofMinutes(5));
        BackgroundJobInfo<K> recentlySent = fixture.pending("alice");
        repository.markSent(recentlySent.getId(), fixture.now().plusSeconds(1));
        Instant staleBefore = fixture.now();

        List<BackgroundJobInfo<K>> found = repository.findSweepCandidates(START, staleBefore, 100);

        assertThat(ids(found))
                .as("findSweepCandidates must return sent PENDING jobs whose nextAttemptAt (or created) and sentAt"
                        + " are both before staleBefore, and neither a job not yet due nor one sent since")
                .containsExactly(stale.getId());
    }

    @Test
    void sweepFindsRunningJobsWhoseLeaseExpiredBeforeTheCutOff() {
        BackgroundJobInfo<K> abandoned = fixture.running("alice");
        fixture.advance(LEASE);
        BackgroundJobInfo<K> live = fixture.running("alice");
        fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        fixture.finished("alice", TYPE, JobStatus.FAILED, 10);
        Instant staleBefore = fixture.now().plusSeconds(1);

        List<BackgroundJobInfo<K>> found = repository.findSweepCandidates(START, staleBefore, 100);

        assertThat(ids(found))
                .as("findSweepCandidates must return RUNNING jobs whose leaseExpiresAt is before staleBefore,"
                        + " and no finished job")
                .containsExactly(abandoned.getId());
        assertThat(ids(found))
                .as("findSweepCandidates must not return a RUNNING job under a live lease")
                .doesNotContain(live.getId());
        assertThat(ids(repository.findSweepCandidates(START, abandoned.getLeaseExpiresAt(), 100)))
                .as("staleBefore is exclusive: a lease expiring exactly at the cut-off is not a candidate")
                .isEmpty();
    }

    @Test
    void sweepReturnsTheOldestFirstUpToTheLimit() {
        List<K> unsent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            unsent.add(fixture.pending("alice").getId());
            fixture.advance(Duration.ofSeconds(1));
        }
        List<BackgroundJobInfo<K>> found = repository.findSweepCandidates(fixture.now(), START, 3);
        assertThat(ids(found))
                .as("findSweepCandidates must return at most 'limit' candidates, the oldest due first")
                .containsExactly(unsent.get(0), unsent.get(1), unsent.get(2));
    }

    // ---------------------------------------------------------------- listeners

    @Test
    void onUpdatedTellsEveryListenerACopyEvenIfOneThrows() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        List<BackgroundJobInfo<K>> seen = new CopyOnWriteArrayList<>();
        try (Registration failing = repository.updates().addListener(j -> {
                    throw new IllegalStateException("listener failure");
                });
                Registration recording = repository.updates().addListener(j -> {
                    seen.add(j);
                    j.setStatus(JobStatus.SUCCEEDED);
                })) {
            assertThat(repository.updates().hasListeners())
                    .as("updates() must report the listeners registered")
                    .isTrue();
            repository.onUpdated(job.getId());
        }

        assertThat(seen)
                .as("onUpdated must tell every listener once, even when another listener throws")
                .hasSize(1);
        assertThat(seen.get(0).getId())
                .as("onUpdated must hand listeners the record of the job named")
                .isEqualTo(job.getId());
        assertThat(fixture.reload(job.getId()).getStatus())
                .as("listeners get a copy (findJob must return copies): changing it changes nothing stored")
                .isEqualTo(JobStatus.PENDING);
        assertThat(repository.updates().hasListeners())
                .as("closing a registration must remove its listener")
                .isFalse();
        repository.onUpdated(job.getId());
        assertThat(seen)
                .as("a listener whose registration was closed must not be told again")
                .hasSize(1);
    }

    @Test
    void onUpdatedOfAMissingJobTellsNoOne() {
        List<BackgroundJobInfo<K>> seen = new CopyOnWriteArrayList<>();
        repository.onUpdated(fixture.unknownId());
        try (Registration r = repository.updates().addListener(seen::add)) {
            repository.onUpdated(fixture.unknownId());
        }
        assertThat(seen)
                .as("onUpdated of an id no record has must tell no listener and not throw")
                .isEmpty();
    }

    // ---------------------------------------------------------------- versions

    @Test
    void everyWriteSetsUpdatedAtAndAddsOneToTheVersion() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        long version = job.getVersion();
        List<String> names = List.of(
                "markSent",
                "claim",
                "renewLease",
                "saveProgress",
                "requestCancel",
                "complete",
                "markCleared",
                "requeue",
                "markAborted");
        List<Runnable> writes = List.of(
                () -> repository.markSent(job.getId(), fixture.now()),
                () -> fixture.claim(job.getId(), WORKER),
                () -> repository.renewLease(
                        job.getId(), WORKER, fixture.now(), fixture.now().plus(LEASE)),
                () -> repository.saveProgress(job.getId(), WORKER, 30, "a third", fixture.now()),
                () -> repository.requestCancel(job.getId(), fixture.now()),
                () -> fixture.complete(job.getId(), JobStatus.CANCELLED, 10),
                () -> repository.markCleared(job.getId(), fixture.now()),
                () -> repository.requeue(job.getId(), fixture.now(), fixture.now()),
                () -> repository.markAborted(job.getId(), "{}", fixture.now()));
        for (Runnable write : writes) {
            Instant now = fixture.advance(Duration.ofMillis(137));
            write.run();
            BackgroundJobInfo<K> after = fixture.reload(job.getId());
            version++;
            String name = names.get(writes.indexOf(write));
            assertThat(after.getVersion())
                    .as("%s (write %d) must add exactly one to version", name, writes.indexOf(write))
                    .isEqualTo(version);
            assertThat(after.getUpdatedAt())
                    .as("%s (write %d) must set updatedAt to the caller's now", name, writes.indexOf(write))
                    .isEqualTo(now);
        }
    }
}
