package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.GAVE_UP;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.LEASE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.MAX_ATTEMPTS;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claims of {@link JobRepositoryContractTest}: every branch of a single claim, the claim of a
 * received batch at once, and claim races.
 *
 * @param <K> the key type
 */
abstract class RepositoryClaimContract<K> extends RepositoryRecordContract<K> {

    /** For the suite. */
    RepositoryClaimContract() {}

    // ---------------------------------------------------------------- claim

    @Test
    void claimOfAnUnknownIdIsNotFound() {
        ClaimResult<K> result = fixture.claim(fixture.unknownId(), WORKER);
        assertThat(result.type())
                .as("a claim of an id no record has must answer NOT_FOUND")
                .isEqualTo(ClaimResult.Type.NOT_FOUND);
        assertThat(result.job())
                .as("a NOT_FOUND claim result carries no record")
                .isNull();
    }

    @Test
    void claimOfADuePendingJobStartsAnAttempt() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        Instant now = fixture.advance(Duration.ofMillis(5_250));

        ClaimResult<K> result = fixture.claim(job.getId(), WORKER);

        assertThat(result.type())
                .as("a claim of a PENDING job whose nextAttemptAt is due must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        BackgroundJobInfo<K> claimed = result.job();
        assertThat(claimed.getStatus()).as("a claim must set status RUNNING").isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.getLeaseOwner())
                .as("a claim must set leaseOwner to the request's owner")
                .isEqualTo(WORKER);
        assertThat(claimed.getLeaseExpiresAt())
                .as("a claim must set leaseExpiresAt to now + leaseDuration")
                .isEqualTo(now.plus(LEASE));
        assertThat(claimed.getAttempts()).as("a claim must add one to attempts").isEqualTo(1);
        assertThat(claimed.getStarted()).as("a claim must set started to now").isEqualTo(now);
        assertThat(claimed.getQueueLatencyMillis())
                .as("a claim must set queueLatencyMillis to now minus nextAttemptAt (or created), in milliseconds")
                .isEqualTo(5_250L);
        assertThat(claimed.getUpdatedAt())
                .as("a claim must set updatedAt to now")
                .isEqualTo(now);
        assertThat(claimed.getVersion()).as("a claim must add one to version").isEqualTo(job.getVersion() + 1);
        assertStoredEquals("a CLAIMED result must carry the record exactly as stored", claimed);
    }

    @Test
    void claimOfARetryClearsTheLastAttempt() {
        BackgroundJobInfo<K> job = fixture.running("alice");
        repository.saveProgress(job.getId(), WORKER, 40, "halfway", fixture.now());
        assertThat(fixture.complete(job.getId(), JobStatus.PENDING, 900))
                .as("complete as PENDING (a retry) by the lease holder must succeed")
                .isTrue();
        BackgroundJobInfo<K> retry = fixture.reload(job.getId());
        assertThat(retry.getExceptionData())
                .as("complete as PENDING must store the attempt's exceptionData")
                .isNotNull();
        fixture.clock().set(retry.getNextAttemptAt().plusMillis(750));

        ClaimResult<K> result = fixture.claim(job.getId(), "worker-2");

        assertThat(result.type())
                .as("a claim of a retry whose nextAttemptAt is due must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        BackgroundJobInfo<K> claimed = result.job();
        assertThat(claimed.getAttempts())
                .as("a claim of a retry must add one to the attempts made so far")
                .isEqualTo(2);
        assertThat(claimed.getLeaseOwner())
                .as("a claim of a retry must set leaseOwner to the new owner")
                .isEqualTo("worker-2");
        assertThat(claimed.getQueueLatencyMillis())
                .as("a claim of a retry must measure queueLatencyMillis from nextAttemptAt")
                .isEqualTo(750L);
        assertThat(claimed.getExceptionData())
                .as("a claim must clear the last attempt's exceptionData")
                .isNull();
        assertThat(claimed.getResultData()).as("a claim must clear resultData").isNull();
        assertThat(claimed.getCompleted()).as("a claim must clear completed").isNull();
        assertThat(claimed.getDurationMillis())
                .as("a claim must clear durationMillis")
                .isNull();
        assertThat(claimed.getProgressPercent())
                .as("a claim must clear progressPercent")
                .isNull();
        assertThat(claimed.getProgressMessage())
                .as("a claim must clear progressMessage")
                .isNull();
        assertStoredEquals("a CLAIMED result must carry the record exactly as stored", claimed);
    }

    @Test
    void claimBeforeTheNextAttemptIsDueIsBusyUntilThen() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        Instant due = fixture.now().plusSeconds(10);
        job.setNextAttemptAt(due);
        BackgroundJobInfo<K> saved = repository.insert(job);
        fixture.advance(Duration.ofMillis(9_999));

        ClaimResult<K> result = fixture.claim(saved.getId(), WORKER);

        assertThat(result.type())
                .as("a claim of a PENDING job before its nextAttemptAt must answer BUSY")
                .isEqualTo(ClaimResult.Type.BUSY);
        assertThat(result.retryAt())
                .as("a BUSY result for a job not yet due must carry retryAt = nextAttemptAt")
                .isEqualTo(due);
        assertThat(result.job().getStatus())
                .as("a BUSY result must carry the record as found")
                .isEqualTo(JobStatus.PENDING);
        assertUnchanged("a BUSY claim must write nothing", saved);
    }

    @Test
    void claimExactlyWhenTheNextAttemptIsDueClaims() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        job.setNextAttemptAt(fixture.now().plusSeconds(10));
        BackgroundJobInfo<K> saved = repository.insert(job);
        fixture.advance(Duration.ofSeconds(10));

        assertThat(fixture.claim(saved.getId(), WORKER).type())
                .as("a job is due when nextAttemptAt <= now: a claim exactly at nextAttemptAt must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void claimUnderALiveLeaseIsBusyUntilTheLeaseEnds() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.advance(LEASE.minusMillis(1));

        ClaimResult<K> other = fixture.claim(running.getId(), "worker-2");
        ClaimResult<K> same = fixture.claim(running.getId(), WORKER);

        assertThat(other.type())
                .as("a claim of a RUNNING job whose lease has not expired must answer BUSY")
                .isEqualTo(ClaimResult.Type.BUSY);
        assertThat(other.retryAt())
                .as("a BUSY result under a live lease must carry retryAt = leaseExpiresAt")
                .isEqualTo(running.getLeaseExpiresAt());
        assertThat(same.type())
                .as("a claim under a live lease must answer BUSY even to the lease's own owner")
                .isEqualTo(ClaimResult.Type.BUSY);
        assertUnchanged("a BUSY claim must write nothing", running);
    }

    @Test
    void claimExactlyWhenTheLeaseExpiresTakesTheJobOver() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.clock().set(running.getLeaseExpiresAt());

        ClaimResult<K> result = fixture.claim(running.getId(), "worker-2");

        assertThat(result.type())
                .as("a lease has expired when leaseExpiresAt <= now: a claim exactly then must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(result.job().getLeaseOwner())
                .as("a takeover claim must set leaseOwner to the new owner")
                .isEqualTo("worker-2");
        assertThat(result.job().getAttempts())
                .as("a takeover claim must add one to attempts")
                .isEqualTo(2);
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverHasLostTheJob() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.advance(LEASE.plusSeconds(1));
        assertThat(fixture.claim(running.getId(), "worker-2").type())
                .as("a claim of a RUNNING job whose lease expired must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        BackgroundJobInfo<K> taken = fixture.reload(running.getId());

        assertThat(repository.renewLease(
                        running.getId(), WORKER, fixture.now(), fixture.now().plus(LEASE)))
                .as("renewLease by a worker whose lease was taken over must answer LOST")
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.saveProgress(running.getId(), WORKER, 50, "late", fixture.now()))
                .as("saveProgress by a worker whose lease was taken over must answer LOST")
                .isEqualTo(LeaseState.LOST);
        assertThat(fixture.complete(running.getId(), JobStatus.SUCCEEDED, 10))
                .as("complete by a worker whose lease was taken over must answer false")
                .isFalse();
        assertUnchanged("writes by a worker that lost the lease must change nothing", taken);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"SUCCEEDED", "FAILED", "ABORTED", "CANCELLED"})
    void claimOfAFinishedJobIsAlreadyDone(JobStatus status) {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, status, 100);

        ClaimResult<K> result = fixture.claim(done.getId(), "worker-2");

        assertThat(result.type())
                .as("a claim of a %s job must answer ALREADY_DONE", status)
                .isEqualTo(ClaimResult.Type.ALREADY_DONE);
        assertThat(result.job().getStatus())
                .as("an ALREADY_DONE result must carry the record as found")
                .isEqualTo(status);
        assertUnchanged("an ALREADY_DONE claim must write nothing", done);
    }

    @Test
    void claimOfAnAbandonedJobWithACancelRequestCancelsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        assertThat(repository.requestCancel(running.getId(), fixture.now()))
                .as("requestCancel of a RUNNING job must answer REQUESTED")
                .isEqualTo(CancelResult.REQUESTED);
        Instant now = fixture.advance(LEASE);

        ClaimResult<K> result = fixture.claim(running.getId(), "worker-2");

        assertThat(result.type())
                .as("a claim of a claimable job whose cancel was requested must answer CANCELLED")
                .isEqualTo(ClaimResult.Type.CANCELLED);
        assertThat(result.job().getStatus())
                .as("a CANCELLED claim must set status CANCELLED")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(result.job().getCompleted())
                .as("a CANCELLED claim must set completed to now")
                .isEqualTo(now);
        assertThat(result.job().getLeaseOwner())
                .as("a CANCELLED claim must clear leaseOwner")
                .isNull();
        assertThat(result.job().getLeaseExpiresAt())
                .as("a CANCELLED claim must clear leaseExpiresAt")
                .isNull();
        assertThat(result.job().getAttempts())
                .as("a CANCELLED claim starts no attempt: attempts unchanged")
                .isEqualTo(1);
        assertStoredEquals("a CANCELLED result must carry the record exactly as stored", result.job());
    }

    @Test
    void claimOfARetryWhoseCancelWasRequestedCancelsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        assertThat(fixture.complete(running.getId(), JobStatus.PENDING, 10))
                .as("complete as PENDING by the lease holder must succeed even with a cancel requested")
                .isTrue();
        fixture.advance(Duration.ofMinutes(2));

        ClaimResult<K> result = fixture.claim(running.getId(), WORKER);

        assertThat(result.type())
                .as("complete must keep cancelRequested: a later claim of the retry must answer CANCELLED")
                .isEqualTo(ClaimResult.Type.CANCELLED);
        assertThat(fixture.reload(running.getId()).getStatus())
                .as("a CANCELLED claim must store status CANCELLED")
                .isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void claimPastMaxAttemptsGivesUp() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        assertThat(fixture.claim(job.getId(), WORKER, 2).type())
                .as("the first claim of a due job must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        fixture.advance(LEASE);
        assertThat(fixture.claim(job.getId(), "worker-2", 2).type())
                .as("a claim after the lease expired, with attempts below maxAttempts, must answer CLAIMED")
                .isEqualTo(ClaimResult.Type.CLAIMED);
        Instant now = fixture.advance(LEASE);

        ClaimResult<K> result = fixture.claim(job.getId(), "worker-3", 2);

        assertThat(result.type())
                .as("a claim of a claimable job whose attempts reached maxAttempts must answer GAVE_UP")
                .isEqualTo(ClaimResult.Type.GAVE_UP);
        BackgroundJobInfo<K> gaveUp = result.job();
        assertThat(gaveUp.getStatus())
                .as("a GAVE_UP claim must set status ABORTED")
                .isEqualTo(JobStatus.ABORTED);
        assertThat(gaveUp.getExceptionData())
                .as("a GAVE_UP claim must set exceptionData to the request's gaveUpErrorData")
                .isEqualTo(GAVE_UP);
        assertThat(gaveUp.getCompleted())
                .as("a GAVE_UP claim must set completed to now")
                .isEqualTo(now);
        assertThat(gaveUp.getLeaseOwner())
                .as("a GAVE_UP claim must clear leaseOwner")
                .isNull();
        assertThat(gaveUp.getLeaseExpiresAt())
                .as("a GAVE_UP claim must clear leaseExpiresAt")
                .isNull();
        assertThat(gaveUp.getAttempts())
                .as("a GAVE_UP claim starts no attempt: attempts unchanged")
                .isEqualTo(2);
        assertStoredEquals("a GAVE_UP result must carry the record exactly as stored", gaveUp);
        assertThat(fixture.claim(job.getId(), "worker-4", 2).type())
                .as("a claim of a job that was given up (ABORTED) must answer ALREADY_DONE")
                .isEqualTo(ClaimResult.Type.ALREADY_DONE);
    }

    @Test
    void claimOfARetryWithNoAttemptsLeftGivesUp() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        fixture.claim(job.getId(), WORKER, 1);
        fixture.complete(job.getId(), JobStatus.PENDING, 10);
        fixture.advance(Duration.ofMinutes(1));

        assertThat(fixture.claim(job.getId(), WORKER, 1).type())
                .as("a claim of a due retry whose attempts reached maxAttempts must answer GAVE_UP")
                .isEqualTo(ClaimResult.Type.GAVE_UP);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"PENDING", "RUNNING", "SUCCEEDED"})
    void claimOfAJobOfAnotherRequestTypeChangesNothing(JobStatus status) {
        BackgroundJobInfo<K> job = switch (status) {
            case PENDING -> fixture.pending("alice");
            case RUNNING -> fixture.running("alice");
            default -> fixture.finished("alice", TYPE, status, 10);
        };
        fixture.advance(LEASE.plusSeconds(1));

        ClaimResult<K> result = repository.claim(new ClaimRequest<>(
                job.getId(), "worker-2", fixture.now(), LEASE, MAX_ATTEMPTS, GAVE_UP, "AnotherRequest"));

        assertThat(result.type())
                .as("a claim whose requestType is not the record's must answer OTHER_TYPE, whatever the status")
                .isEqualTo(ClaimResult.Type.OTHER_TYPE);
        assertThat(result.job().getId())
                .as("OTHER_TYPE carries the record as found")
                .isEqualTo(job.getId());
        assertUnchanged("an OTHER_TYPE claim must write nothing", job);
    }

    @Test
    void claimOfTheJobsOwnRequestTypeClaims() {
        BackgroundJobInfo<K> job = fixture.pending("alice");

        ClaimResult<K> result = repository.claim(
                new ClaimRequest<>(job.getId(), WORKER, fixture.now(), LEASE, MAX_ATTEMPTS, GAVE_UP, TYPE));

        assertThat(result.type())
                .as("a claim naming the record's own requestType claims as usual")
                .isEqualTo(ClaimResult.Type.CLAIMED);
    }

    /** What racing workers answered: failures (a throw, an answer but CLAIMED or BUSY), and CLAIMED answers per job. */
    private record Race<K>(List<Throwable> errors, Map<K, AtomicInteger> claimed) {}

    /**
     * Four workers race for the same due jobs, each from its own starting point in the list,
     * {@code perCall} ids per call of {@code claims} (given the worker's owner name and the ids).
     */
    private Race<K> race(List<K> ids, int perCall, BiFunction<String, List<K>, List<ClaimResult<K>>> claims)
            throws Exception {
        int workers = 4;
        Map<K, AtomicInteger> claimed = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ConcurrentRunner.run(workers, Duration.ofSeconds(30), worker -> {
            List<K> order = new ArrayList<>(ids);
            Collections.rotate(order, worker * ids.size() / workers);
            for (int from = 0; from < order.size(); from += perCall) {
                try {
                    List<K> call = order.subList(from, Math.min(order.size(), from + perCall));
                    for (ClaimResult<K> result : claims.apply("racer-" + worker, call)) {
                        if (result.type() == ClaimResult.Type.CLAIMED) {
                            claimed.computeIfAbsent(result.job().getId(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        } else if (result.type() != ClaimResult.Type.BUSY) {
                            errors.add(new AssertionError("Unexpected " + result.type() + " among " + call));
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    errors.add(e);
                }
            }
        });
        return new Race<>(errors, claimed);
    }

    private List<K> pendingRacers(int jobs) {
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(fixture.pending("racer").getId());
        }
        return ids;
    }

    @Test
    void racingClaimsGiveEachJobToExactlyOneWorker() throws Exception {
        int jobs = 50;
        List<K> ids = pendingRacers(jobs);
        Race<K> race = race(ids, 1, (owner, call) -> List.of(fixture.claim(call.get(0), owner)));
        List<Throwable> errors = race.errors();
        Map<K, AtomicInteger> claimed = race.claimed();

        assertThat(errors)
                .as("racing claims must each answer CLAIMED or BUSY and never throw (the repository is thread-safe)")
                .isEmpty();
        assertThat(claimed)
                .as("of claims racing for a due job, one must answer CLAIMED: every job must be claimed")
                .hasSize(jobs);
        assertThat(claimed.values())
                .as("of claims racing for a job, exactly one may answer CLAIMED")
                .allSatisfy(count -> assertThat(count.get())
                        .as("CLAIMED answers for one job among racing claims")
                        .isEqualTo(1));
        for (K id : ids) {
            assertThat(fixture.reload(id).getAttempts())
                    .as("a job claimed once among racing claims must have attempts 1: a losing claim writes nothing")
                    .isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- claimAll (a received batch at once)

    private List<ClaimResult<K>> claimAll(String owner, int maxAttempts, List<K> ids) {
        List<ClaimRequest<K>> requests = new ArrayList<>();
        for (K id : ids) {
            requests.add(new ClaimRequest<>(id, owner, fixture.now(), LEASE, maxAttempts, GAVE_UP, TYPE));
        }
        List<ClaimResult<K>> results = repository.claimAll(requests);
        assertThat(results).as("claimAll must answer one result per request").hasSize(requests.size());
        return results;
    }

    @Test
    void claimAllAnswersEachRequestAsClaimWouldInOrder() {
        BackgroundJobInfo<K> cancelled = fixture.running("alice");
        repository.requestCancel(cancelled.getId(), fixture.now());
        BackgroundJobInfo<K> abandoned = fixture.running("alice");
        fixture.advance(LEASE);
        BackgroundJobInfo<K> due = fixture.pending("alice");
        BackgroundJobInfo<K> busy = fixture.running("bob");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        BackgroundJobInfo<K> foreign = fixture.pending("alice", "AnotherRequest");
        K unknown = fixture.unknownId();
        Instant now = fixture.advance(Duration.ofSeconds(1));

        List<ClaimResult<K>> results = claimAll(
                "worker-2",
                1,
                List.of(
                        due.getId(),
                        unknown,
                        done.getId(),
                        busy.getId(),
                        foreign.getId(),
                        cancelled.getId(),
                        abandoned.getId(),
                        due.getId()));

        assertThat(results)
                .extracting(ClaimResult::type)
                .as("claimAll must answer each request as claim would, in the order of the requests")
                .containsExactly(
                        ClaimResult.Type.CLAIMED,
                        ClaimResult.Type.NOT_FOUND,
                        ClaimResult.Type.ALREADY_DONE,
                        ClaimResult.Type.BUSY,
                        ClaimResult.Type.OTHER_TYPE,
                        ClaimResult.Type.CANCELLED,
                        ClaimResult.Type.GAVE_UP,
                        ClaimResult.Type.BUSY);
        BackgroundJobInfo<K> claimed = results.get(0).job();
        assertThat(claimed.getLeaseOwner())
                .as("a job claimed by claimAll must be leased to the request's owner")
                .isEqualTo("worker-2");
        assertThat(claimed.getLeaseExpiresAt())
                .as("a job claimed by claimAll must be leased until now + lease")
                .isEqualTo(now.plus(LEASE));
        assertThat(claimed.getAttempts())
                .as("a job claimed by claimAll starts one attempt")
                .isEqualTo(1);
        assertStoredEquals("a CLAIMED result of claimAll must carry the record exactly as stored", claimed);
        assertThat(results.get(7).retryAt())
                .as("a repeated id in one claimAll must answer BUSY until the lease the first request took")
                .isEqualTo(now.plus(LEASE));
        assertThat(results.get(3).retryAt())
                .as("a BUSY result of claimAll must carry the live lease's expiry")
                .isEqualTo(busy.getLeaseExpiresAt());
        assertUnchanged("a BUSY answer of claimAll must write nothing", busy);
        assertUnchanged("an ALREADY_DONE answer of claimAll must write nothing", done);
        assertUnchanged("an OTHER_TYPE answer of claimAll must write nothing", foreign);
        assertThat(fixture.reload(cancelled.getId()).getStatus())
                .as("a CANCELLED answer of claimAll must store status CANCELLED")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(fixture.reload(abandoned.getId()).getStatus())
                .as("a GAVE_UP answer of claimAll must store status ABORTED")
                .isEqualTo(JobStatus.ABORTED);
    }

    @Test
    void claimAllOfManyDueJobsClaimsEveryOne() {
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(fixture.pending("user-" + (i % 3)).getId());
        }

        List<ClaimResult<K>> results = claimAll(WORKER, MAX_ATTEMPTS, ids);

        for (int i = 0; i < ids.size(); i++) {
            ClaimResult<K> result = results.get(i);
            assertThat(result.type())
                    .as("claimAll of %d due jobs must claim each; request %d did not", ids.size(), i)
                    .isEqualTo(ClaimResult.Type.CLAIMED);
            assertThat(result.job().getId())
                    .as("result %d of claimAll must be the record of request %d", i, i)
                    .isEqualTo(ids.get(i));
            assertStoredEquals("each CLAIMED result of claimAll must carry the record as stored", result.job());
        }
    }

    @Test
    void claimAllOfNoRequestsIsEmptyAndNullIsRefused() {
        assertThat(repository.claimAll(List.of()))
                .as("claimAll of an empty list must answer an empty list")
                .isEmpty();
        assertThatThrownBy(() -> repository.claimAll(null))
                .as("claimAll(null) must throw NullPointerException")
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void racingClaimAllsGiveEachJobToExactlyOneWorker() throws Exception {
        int jobs = 48;
        Race<K> race = race(pendingRacers(jobs), 16, (owner, call) -> claimAll(owner, MAX_ATTEMPTS, call));
        List<Throwable> errors = race.errors();
        Map<K, AtomicInteger> claimed = race.claimed();

        assertThat(errors)
                .as("racing claimAll calls must answer CLAIMED or BUSY per request and never throw")
                .isEmpty();
        assertThat(claimed)
                .as("of claimAll calls racing for due jobs, every job must be claimed by one")
                .hasSize(jobs);
        assertThat(claimed.values())
                .as("of claimAll calls racing for a job, exactly one may answer CLAIMED")
                .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }
}
