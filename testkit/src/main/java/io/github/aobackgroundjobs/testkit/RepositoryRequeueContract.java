package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.LEASE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conditional requeue in {@link JobRepositoryContractTest}: {@code requeueIfUnchanged}
 * applies only to the record as the caller read it, holds the job while the caller sends, and
 * of callers racing for one job lets exactly one through where the repository says its requeues
 * are atomic ({@code requeuesAtomically()}); the default, which says they are not, is held to
 * everything but the hold and the race.
 *
 * @param <K> the key type
 */
abstract class RepositoryRequeueContract<K> extends RepositoryRunContract<K> {

    private static final Duration HOLD = Duration.ofMinutes(1);

    /** For the suite. */
    RepositoryRequeueContract() {}

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"FAILED", "ABORTED", "CANCELLED"})
    void requeueIfUnchangedOfAnUnsuccessfulJobStartsItAfreshAndHoldsIt(JobStatus status) {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, status, 10);
        repository.markCleared(done.getId(), fixture.now());
        BackgroundJobInfo<K> read = fixture.reload(done.getId());
        Instant now = fixture.advance(Duration.ofSeconds(1));
        Instant due = now.plusSeconds(5);

        assertThat(repository.requeueIfUnchanged(read.getId(), read.getVersion(), now, due, now.plus(HOLD)))
                .as("requeueIfUnchanged of a %s job at the version read must answer true", status)
                .isTrue();

        BackgroundJobInfo<K> requeued = fixture.reload(read.getId());
        assertThat(requeued.getStatus())
                .as("requeueIfUnchanged must set status PENDING")
                .isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getAttempts())
                .as("requeueIfUnchanged must reset attempts to 0")
                .isZero();
        assertThat(requeued.getSendCount())
                .as("requeueIfUnchanged must reset sendCount to 0")
                .isZero();
        assertThat(requeued.getSentAt())
                .as("requeueIfUnchanged must clear sentAt")
                .isNull();
        assertThat(requeued.getNextAttemptAt())
                .as("requeueIfUnchanged must set nextAttemptAt to the value given")
                .isEqualTo(due);
        assertThat(requeued.getCompleted())
                .as("requeueIfUnchanged must clear completed")
                .isNull();
        assertThat(requeued.getLeaseOwner())
                .as("requeueIfUnchanged must leave no lease owner")
                .isNull();
        assertThat(requeued.isCleared())
                .as("requeueIfUnchanged must reset cleared to false")
                .isFalse();
        assertThat(requeued.getUpdatedAt())
                .as("requeueIfUnchanged must set updatedAt to now")
                .isEqualTo(now);
        assertThat(requeued.getVersion())
                .as("requeueIfUnchanged must add one to version")
                .isEqualTo(read.getVersion() + 1);
        if (repository.requeuesAtomically()) {
            assertThat(requeued.getLeaseExpiresAt())
                    .as("requeueIfUnchanged must set leaseExpiresAt to heldUntil: the caller's hold while it sends")
                    .isEqualTo(now.plus(HOLD));
        }
        fixture.clock().set(due);
        ClaimResult<K> claim = fixture.claim(read.getId(), WORKER, 1);
        assertThat(claim.type())
                .as("a requeued job must be claimable at its new nextAttemptAt, its hold notwithstanding")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(claim.job().getLeaseExpiresAt())
                .as("the claim's lease replaces the hold")
                .isEqualTo(due.plus(LEASE));
    }

    @Test
    void requeueIfUnchangedAtAnyOtherVersionChangesNothing() {
        BackgroundJobInfo<K> read = fixture.finished("alice", TYPE, JobStatus.FAILED, 10);
        repository.markCleared(read.getId(), fixture.now());
        BackgroundJobInfo<K> changed = fixture.reload(read.getId());
        Instant now = fixture.now();

        assertThat(repository.requeueIfUnchanged(read.getId(), read.getVersion(), now, now, now.plus(HOLD)))
                .as("requeueIfUnchanged at a version older than the record's must answer false, even when the"
                        + " write in between (markCleared) came within the same clock tick")
                .isFalse();
        assertThat(repository.requeueIfUnchanged(read.getId(), changed.getVersion() + 1, now, now, now.plus(HOLD)))
                .as("requeueIfUnchanged at a version the record never had must answer false")
                .isFalse();
        assertUnchanged("a refused requeueIfUnchanged must write nothing", changed);
        assertThat(repository.requeueIfUnchanged(read.getId(), changed.getVersion(), now, now, now.plus(HOLD)))
                .as("requeueIfUnchanged at the record's version must answer true")
                .isTrue();
    }

    @Test
    void requeueIfUnchangedRefusesWhatRequeueRefusesAndAPendingJobMarkedSent() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> succeeded = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        BackgroundJobInfo<K> sent = fixture.pending("alice");
        repository.markSent(sent.getId(), fixture.now());
        Instant now = fixture.advance(LEASE.minusMillis(1));
        List<BackgroundJobInfo<K>> refused =
                List.of(running, succeeded, fixture.reload(sent.getId()), fixture.reload(running.getId()));

        for (BackgroundJobInfo<K> job : refused) {
            assertThat(repository.requeueIfUnchanged(job.getId(), job.getVersion(), now, now, now.plus(HOLD)))
                    .as(
                            "requeueIfUnchanged of a %s job (sent at %s, lease until %s) must answer false",
                            job.getStatus(), job.getSentAt(), job.getLeaseExpiresAt())
                    .isFalse();
            assertUnchanged("a refused requeueIfUnchanged must write nothing", job);
        }
        assertThat(repository.requeueIfUnchanged(fixture.unknownId(), 0, now, now, now.plus(HOLD)))
                .as("requeueIfUnchanged of an id no record has must answer false, not throw")
                .isFalse();
        Instant expired = fixture.advance(Duration.ofMillis(1));
        assertThat(repository.requeueIfUnchanged(
                        running.getId(), running.getVersion(), expired, expired, expired.plus(HOLD)))
                .as("requeueIfUnchanged of a RUNNING job whose lease expired at or before now must answer true")
                .isTrue();
    }

    @Test
    void aJobHeldByARequeueIsRefusedUntilItsHoldEndsAndOnceMarkedSent() {
        BackgroundJobInfo<K> neverSent = fixture.pending("alice");
        Instant now = fixture.now();
        assertThat(repository.requeueIfUnchanged(neverSent.getId(), neverSent.getVersion(), now, now, now.plus(HOLD)))
                .as("requeueIfUnchanged of a PENDING job never marked sent must answer true")
                .isTrue();
        BackgroundJobInfo<K> held = fixture.reload(neverSent.getId());
        assertThat(held.getSentAt()).isNull();

        if (repository.requeuesAtomically()) {
            Instant within = fixture.advance(HOLD.minusMillis(1));
            assertThat(repository.requeueIfUnchanged(held.getId(), held.getVersion(), within, within, within))
                    .as("requeueIfUnchanged of a PENDING job another requeue holds (its message on its way) must"
                            + " answer false until the hold ends")
                    .isFalse();
            assertUnchanged("a refused requeueIfUnchanged must write nothing", held);
            Instant ended = fixture.advance(Duration.ofMillis(1));
            assertThat(repository.requeueIfUnchanged(held.getId(), held.getVersion(), ended, ended, ended))
                    .as("requeueIfUnchanged of a PENDING job never marked sent whose hold ended at or before now"
                            + " (its requeuer died before sending) must answer true")
                    .isTrue();
            held = fixture.reload(held.getId());
        }

        repository.markSent(held.getId(), fixture.now());
        BackgroundJobInfo<K> marked = fixture.reload(held.getId());
        Instant now2 = fixture.advance(HOLD.multipliedBy(2));
        assertThat(repository.requeueIfUnchanged(marked.getId(), marked.getVersion(), now2, now2, now2.plus(HOLD)))
                .as("requeueIfUnchanged of a PENDING job whose message was marked sent must answer false")
                .isFalse();
        assertUnchanged("a refused requeueIfUnchanged must write nothing", marked);
    }

    @Test
    void aHeldJobIsSweptAsOneNeverSentAndACancelOrAnAbortClearsItsHold() {
        Instant now = fixture.now();
        List<K> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            BackgroundJobInfo<K> pending = fixture.pending("alice");
            assertThat(repository.requeueIfUnchanged(pending.getId(), pending.getVersion(), now, now, now.plus(HOLD)))
                    .isTrue();
            held.add(pending.getId());
        }

        assertThat(ids(repository.findSweepCandidates(now.plusMillis(1), now, 100)))
                .as("findSweepCandidates must list a PENDING job never sent by its updatedAt, a requeue's hold"
                        + " (leaseExpiresAt without a lease owner) notwithstanding: its requeuer may have died"
                        + " before sending")
                .containsAll(held);

        assertThat(repository.requestCancel(held.get(0), now)).isEqualTo(CancelResult.CANCELLED);
        assertThat(fixture.reload(held.get(0)).getLeaseExpiresAt())
                .as("requestCancel of a held PENDING job must clear leaseExpiresAt, as it does a lease")
                .isNull();
        assertThat(repository.markAborted(held.get(1), "{\"message\":\"send failed\"}", now))
                .as("markAborted of a held PENDING job (its requeuer's send failed) must answer true")
                .isTrue();
        assertThat(fixture.reload(held.get(1)).getLeaseExpiresAt())
                .as("markAborted of a held PENDING job must clear leaseExpiresAt, as it does a lease")
                .isNull();
    }

    @Test
    void ofRequeuesRacingForOneJobExactlyOneSucceedsWhereRequeuesAreAtomic() {
        int jobs = 10;
        int racers = 4;
        List<BackgroundJobInfo<K>> failed = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            failed.add(fixture.finished("racer", TYPE, JobStatus.FAILED, 10));
        }
        Instant now = fixture.now();
        List<AtomicInteger> wins = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            wins.add(new AtomicInteger());
        }

        ConcurrentRunner.run(racers, Duration.ofSeconds(60), racer -> {
            for (int i = 0; i < jobs; i++) {
                BackgroundJobInfo<K> read = failed.get(i);
                if (repository.requeueIfUnchanged(read.getId(), read.getVersion(), now, now, now.plus(HOLD))) {
                    wins.get(i).incrementAndGet();
                }
            }
        });

        for (int i = 0; i < jobs; i++) {
            BackgroundJobInfo<K> job = fixture.reload(failed.get(i).getId());
            assertThat(job.getStatus()).as("a raced job must end PENDING").isEqualTo(JobStatus.PENDING);
            if (repository.requeuesAtomically()) {
                assertThat(wins.get(i).get())
                        .as("of %d requeueIfUnchanged calls at one version exactly one must answer true", racers)
                        .isEqualTo(1);
                assertThat(job.getVersion())
                        .as("the one requeue that answered true must be the only write")
                        .isEqualTo(failed.get(i).getVersion() + 1);
            } else {
                assertThat(wins.get(i).get())
                        .as("of requeueIfUnchanged calls at one version at least one must answer true")
                        .isPositive();
            }
        }
    }
}
