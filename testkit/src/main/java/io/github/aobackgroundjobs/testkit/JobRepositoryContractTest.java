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
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link JobRepositoryBase}: extend it, return a fresh repository from
 * {@link #createRepository()}, and every rule of the SPI's Javadoc is checked against it —
 * each claim branch, leases, completions, sends, cancels, requeues, sweeping, listeners,
 * versions, exact time boundaries and claim races.
 *
 * <p>Each test gets a new repository from {@link #createRepository()}; it must start empty
 * (a fresh schema, or a truncated table). All times come from {@link #clock}, passed in as
 * every SPI method asks; times in tests are whole milliseconds, so a store with microsecond
 * precision reads back what it was given.
 *
 * @param <K> the key type
 */
public abstract class JobRepositoryContractTest<K> extends RepositoryContractBase<K> {

    // ---------------------------------------------------------------- insert and find

    @Test
    void insertAssignsAnIdAndSavesEveryField() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        BackgroundJobInfo<K> saved = repository.insert(job);

        assertThat(saved.getId()).isInstanceOf(repository.keyType().javaType());
        assertThat(saved.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(saved.getUpdatedAt()).isNotNull();
        BackgroundJobInfo<K> found = fixture.reload(saved.getId());
        assertThat(found.getUserName()).isEqualTo("alice");
        assertThat(found.getRequestType()).isEqualTo(TYPE);
        assertThat(found.getRequestData()).isEqualTo(JobRepositoryFixture.REQUEST_DATA);
        assertThat(found.getQueueName()).isEqualTo(JobRepositoryFixture.QUEUE);
        assertThat(found.getCreated()).isEqualTo(START);
        assertThat(found.getNextAttemptAt()).isEqualTo(START);
        assertThat(found.getAttempts()).isZero();
        assertThat(found.getSentAt()).isNull();
        assertThat(found.isCleared()).isFalse();
        assertThat(found.getVersion()).isEqualTo(saved.getVersion());
    }

    @Test
    void insertAssignsDistinctIds() {
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(fixture.pending("alice").getId());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void uuidKeysKeepAGivenIdWhileOtherKeysAreAssigned() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        if (repository.keyType().javaType() == UUID.class) {
            K given = repository.keyType().cast(UUID.randomUUID());
            job.setId(given);
            assertThat(repository.insert(job).getId()).isEqualTo(given);
            assertThat(repository.findJob(given)).isPresent();
        } else {
            assertThat(repository.insert(job).getId()).isNotNull();
        }
    }

    static Stream<Arguments> invalidJobs() {
        return Stream.<Arguments>of(
                Arguments.of("userName", (Consumer<BackgroundJobInfo<?>>) j -> j.setUserName(null)),
                Arguments.of("userName", (Consumer<BackgroundJobInfo<?>>) j -> j.setUserName("   ")),
                Arguments.of("userName", (Consumer<BackgroundJobInfo<?>>) j -> j.setUserName("u".repeat(51))),
                Arguments.of("requestType", (Consumer<BackgroundJobInfo<?>>) j -> j.setRequestType(null)),
                Arguments.of("requestType", (Consumer<BackgroundJobInfo<?>>) j -> j.setRequestType("t".repeat(51))),
                Arguments.of("queueName", (Consumer<BackgroundJobInfo<?>>) j -> j.setQueueName("Not_A_Queue")),
                Arguments.of("queueName", (Consumer<BackgroundJobInfo<?>>) j -> j.setQueueName(null)),
                Arguments.of("requestData", (Consumer<BackgroundJobInfo<?>>) j -> j.setRequestData(null)),
                Arguments.of("created", (Consumer<BackgroundJobInfo<?>>) j -> j.setCreated(null)),
                Arguments.of("status", (Consumer<BackgroundJobInfo<?>>) j -> j.setStatus(JobStatus.RUNNING)));
    }

    @ParameterizedTest(name = "invalid {0}")
    @MethodSource("invalidJobs")
    void insertRejectsAnInvalidRecordNamingTheFieldAndWritesNothing(
            String field, Consumer<BackgroundJobInfo<?>> breakIt) {
        BackgroundJobInfo<K> job = fixture.newJob("invalid-user", TYPE);
        breakIt.accept(job);

        assertThatThrownBy(() -> repository.insert(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + field + "'");
        assertThat(repository.findActiveJobs("invalid-user", 10)).isEmpty();
        assertThat(repository.findActiveJobs("u".repeat(50), 10)).isEmpty();
    }

    @Test
    void largeAndUnicodeTextIsStoredExactly() {
        StringBuilder data = new StringBuilder("{\"text\":\"");
        while (data.length() < 100_000) {
            data.append("Gr\u00fc\u00dfe \u65e5\u672c \ud83d\ude80 ' % _ ;-- \\\\ ");
        }
        data.append("\"}");
        BackgroundJobInfo<K> job = fixture.newJob("Zo\u00eb \u65e5\u672c\u8a9e \ud83d\ude80", "T\u00e4sk");
        job.setRequestData(data.toString());
        K id = repository.insert(job).getId();
        String error = "{\"stackTrace\":\"" + "at x.Y.z(Y.java:1) \u00e9\\n".repeat(1_200) + "\"}";
        fixture.claim(id, WORKER);
        repository.complete(new JobCompletion<>(id, WORKER, JobStatus.FAILED, fixture.now(), 1, null, error, null));

        BackgroundJobInfo<K> stored = fixture.reload(id);
        assertThat(stored.getUserName()).isEqualTo("Zo\u00eb \u65e5\u672c\u8a9e \ud83d\ude80");
        assertThat(stored.getRequestType()).isEqualTo("T\u00e4sk");
        assertThat(stored.getRequestData()).isEqualTo(data.toString());
        assertThat(stored.getExceptionData()).isEqualTo(error);
        assertThat(repository.findActiveJobs("Zo\u00eb \u65e5\u672c\u8a9e \ud83d\ude80", 10))
                .hasSize(1);
    }

    @Test
    void findOfAnUnknownIdIsEmptyAndGetThrows() {
        K unknown = fixture.unknownId();
        assertThat(repository.findJob(unknown)).isEmpty();
        assertThatThrownBy(() -> repository.getJob(unknown)).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void recordsHandedOutAreCopies() {
        BackgroundJobInfo<K> input = fixture.newJob("alice", TYPE);
        BackgroundJobInfo<K> saved = repository.insert(input);
        input.setUserName("mallory");
        saved.setRequestData("changed");
        fixture.reload(saved.getId()).setStatus(JobStatus.SUCCEEDED);
        BackgroundJobInfo<K> claimed = fixture.claim(saved.getId(), WORKER).job();
        claimed.setLeaseOwner("thief");

        BackgroundJobInfo<K> stored = fixture.reload(saved.getId());
        assertThat(stored.getUserName()).isEqualTo("alice");
        assertThat(stored.getRequestData()).isEqualTo(JobRepositoryFixture.REQUEST_DATA);
        assertThat(stored.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.getLeaseOwner()).isEqualTo(WORKER);
    }

    @Test
    void checkAvailableAnswersWhenTheStoreIsUp() {
        repository.checkAvailable();
        assertThat(fixture.pending("alice").getId()).isNotNull();
    }

    // ---------------------------------------------------------------- claim

    @Test
    void claimOfAnUnknownIdIsNotFound() {
        ClaimResult<K> result = fixture.claim(fixture.unknownId(), WORKER);
        assertThat(result.type()).isEqualTo(ClaimResult.Type.NOT_FOUND);
        assertThat(result.job()).isNull();
    }

    @Test
    void claimOfADuePendingJobStartsAnAttempt() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        Instant now = fixture.advance(Duration.ofMillis(5_250));

        ClaimResult<K> result = fixture.claim(job.getId(), WORKER);

        assertThat(result.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        BackgroundJobInfo<K> claimed = result.job();
        assertThat(claimed.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.getLeaseOwner()).isEqualTo(WORKER);
        assertThat(claimed.getLeaseExpiresAt()).isEqualTo(now.plus(LEASE));
        assertThat(claimed.getAttempts()).isEqualTo(1);
        assertThat(claimed.getStarted()).isEqualTo(now);
        assertThat(claimed.getQueueLatencyMillis()).isEqualTo(5_250L);
        assertThat(claimed.getUpdatedAt()).isEqualTo(now);
        assertThat(claimed.getVersion()).isEqualTo(job.getVersion() + 1);
        assertStoredEquals(claimed);
    }

    @Test
    void claimOfARetryClearsTheLastAttempt() {
        BackgroundJobInfo<K> job = fixture.running("alice");
        repository.saveProgress(job.getId(), WORKER, 40, "halfway", fixture.now());
        assertThat(fixture.complete(job.getId(), JobStatus.PENDING, 900)).isTrue();
        BackgroundJobInfo<K> retry = fixture.reload(job.getId());
        assertThat(retry.getExceptionData()).isNotNull();
        fixture.clock().set(retry.getNextAttemptAt().plusMillis(750));

        ClaimResult<K> result = fixture.claim(job.getId(), "worker-2");

        assertThat(result.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        BackgroundJobInfo<K> claimed = result.job();
        assertThat(claimed.getAttempts()).isEqualTo(2);
        assertThat(claimed.getLeaseOwner()).isEqualTo("worker-2");
        assertThat(claimed.getQueueLatencyMillis()).isEqualTo(750L);
        assertThat(claimed.getExceptionData()).isNull();
        assertThat(claimed.getResultData()).isNull();
        assertThat(claimed.getCompleted()).isNull();
        assertThat(claimed.getDurationMillis()).isNull();
        assertThat(claimed.getProgressPercent()).isNull();
        assertThat(claimed.getProgressMessage()).isNull();
        assertStoredEquals(claimed);
    }

    @Test
    void claimBeforeTheNextAttemptIsDueIsBusyUntilThen() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        Instant due = fixture.now().plusSeconds(10);
        job.setNextAttemptAt(due);
        BackgroundJobInfo<K> saved = repository.insert(job);
        fixture.advance(Duration.ofMillis(9_999));

        ClaimResult<K> result = fixture.claim(saved.getId(), WORKER);

        assertThat(result.type()).isEqualTo(ClaimResult.Type.BUSY);
        assertThat(result.retryAt()).isEqualTo(due);
        assertThat(result.job().getStatus()).isEqualTo(JobStatus.PENDING);
        assertUnchanged(saved);
    }

    @Test
    void claimExactlyWhenTheNextAttemptIsDueClaims() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        job.setNextAttemptAt(fixture.now().plusSeconds(10));
        BackgroundJobInfo<K> saved = repository.insert(job);
        fixture.advance(Duration.ofSeconds(10));

        assertThat(fixture.claim(saved.getId(), WORKER).type()).isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void claimUnderALiveLeaseIsBusyUntilTheLeaseEnds() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.advance(LEASE.minusMillis(1));

        ClaimResult<K> other = fixture.claim(running.getId(), "worker-2");
        ClaimResult<K> same = fixture.claim(running.getId(), WORKER);

        assertThat(other.type()).isEqualTo(ClaimResult.Type.BUSY);
        assertThat(other.retryAt()).isEqualTo(running.getLeaseExpiresAt());
        assertThat(same.type()).isEqualTo(ClaimResult.Type.BUSY);
        assertUnchanged(running);
    }

    @Test
    void claimExactlyWhenTheLeaseExpiresTakesTheJobOver() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.clock().set(running.getLeaseExpiresAt());

        ClaimResult<K> result = fixture.claim(running.getId(), "worker-2");

        assertThat(result.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(result.job().getLeaseOwner()).isEqualTo("worker-2");
        assertThat(result.job().getAttempts()).isEqualTo(2);
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverHasLostTheJob() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.advance(LEASE.plusSeconds(1));
        assertThat(fixture.claim(running.getId(), "worker-2").type()).isEqualTo(ClaimResult.Type.CLAIMED);
        BackgroundJobInfo<K> taken = fixture.reload(running.getId());

        assertThat(repository.renewLease(
                        running.getId(), WORKER, fixture.now(), fixture.now().plus(LEASE)))
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.saveProgress(running.getId(), WORKER, 50, "late", fixture.now()))
                .isEqualTo(LeaseState.LOST);
        assertThat(fixture.complete(running.getId(), JobStatus.SUCCEEDED, 10)).isFalse();
        assertUnchanged(taken);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"SUCCEEDED", "FAILED", "ABORTED", "CANCELLED"})
    void claimOfAFinishedJobIsAlreadyDone(JobStatus status) {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, status, 100);

        ClaimResult<K> result = fixture.claim(done.getId(), "worker-2");

        assertThat(result.type()).isEqualTo(ClaimResult.Type.ALREADY_DONE);
        assertThat(result.job().getStatus()).isEqualTo(status);
        assertUnchanged(done);
    }

    @Test
    void claimOfAnAbandonedJobWithACancelRequestCancelsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        assertThat(repository.requestCancel(running.getId(), fixture.now())).isEqualTo(CancelResult.REQUESTED);
        Instant now = fixture.advance(LEASE);

        ClaimResult<K> result = fixture.claim(running.getId(), "worker-2");

        assertThat(result.type()).isEqualTo(ClaimResult.Type.CANCELLED);
        assertThat(result.job().getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(result.job().getCompleted()).isEqualTo(now);
        assertThat(result.job().getLeaseOwner()).isNull();
        assertThat(result.job().getLeaseExpiresAt()).isNull();
        assertThat(result.job().getAttempts()).isEqualTo(1);
        assertStoredEquals(result.job());
    }

    @Test
    void claimOfARetryWhoseCancelWasRequestedCancelsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        assertThat(fixture.complete(running.getId(), JobStatus.PENDING, 10)).isTrue();
        fixture.advance(Duration.ofMinutes(2));

        ClaimResult<K> result = fixture.claim(running.getId(), WORKER);

        assertThat(result.type()).isEqualTo(ClaimResult.Type.CANCELLED);
        assertThat(fixture.reload(running.getId()).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void claimPastMaxAttemptsGivesUp() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        assertThat(fixture.claim(job.getId(), WORKER, 2).type()).isEqualTo(ClaimResult.Type.CLAIMED);
        fixture.advance(LEASE);
        assertThat(fixture.claim(job.getId(), "worker-2", 2).type()).isEqualTo(ClaimResult.Type.CLAIMED);
        Instant now = fixture.advance(LEASE);

        ClaimResult<K> result = fixture.claim(job.getId(), "worker-3", 2);

        assertThat(result.type()).isEqualTo(ClaimResult.Type.GAVE_UP);
        BackgroundJobInfo<K> gaveUp = result.job();
        assertThat(gaveUp.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(gaveUp.getExceptionData()).isEqualTo(GAVE_UP);
        assertThat(gaveUp.getCompleted()).isEqualTo(now);
        assertThat(gaveUp.getLeaseOwner()).isNull();
        assertThat(gaveUp.getLeaseExpiresAt()).isNull();
        assertThat(gaveUp.getAttempts()).isEqualTo(2);
        assertStoredEquals(gaveUp);
        assertThat(fixture.claim(job.getId(), "worker-4", 2).type()).isEqualTo(ClaimResult.Type.ALREADY_DONE);
    }

    @Test
    void claimOfARetryWithNoAttemptsLeftGivesUp() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        fixture.claim(job.getId(), WORKER, 1);
        fixture.complete(job.getId(), JobStatus.PENDING, 10);
        fixture.advance(Duration.ofMinutes(1));

        assertThat(fixture.claim(job.getId(), WORKER, 1).type()).isEqualTo(ClaimResult.Type.GAVE_UP);
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
        assertUnchanged(job);
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

    @Test
    void racingClaimsGiveEachJobToExactlyOneWorker() throws Exception {
        int jobs = 50;
        int workers = 4;
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(fixture.pending("racer").getId());
        }
        Map<K, AtomicInteger> claimed = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ConcurrentRunner.run(workers, Duration.ofSeconds(30), worker -> {
            List<K> order = new ArrayList<>(ids);
            Collections.rotate(order, worker * jobs / workers);
            for (K id : order) {
                try {
                    ClaimResult<K> result = fixture.claim(id, "racer-" + worker);
                    if (result.type() == ClaimResult.Type.CLAIMED) {
                        claimed.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    } else if (result.type() != ClaimResult.Type.BUSY) {
                        errors.add(new AssertionError("Unexpected " + result.type() + " for " + id));
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        });

        assertThat(errors).isEmpty();
        assertThat(claimed).hasSize(jobs);
        assertThat(claimed.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        for (K id : ids) {
            assertThat(fixture.reload(id).getAttempts()).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- lease and progress

    @Test
    void renewLeaseByTheHolderExtendsIt() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofSeconds(20));

        LeaseState state = repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE));

        assertThat(state).isEqualTo(LeaseState.HELD);
        BackgroundJobInfo<K> renewed = fixture.reload(running.getId());
        assertThat(renewed.getLeaseExpiresAt()).isEqualTo(now.plus(LEASE));
        assertThat(renewed.getUpdatedAt()).isEqualTo(now);
        assertThat(renewed.getVersion()).isEqualTo(running.getVersion() + 1);
        fixture.advance(Duration.ofSeconds(29));
        assertThat(fixture.claim(running.getId(), "worker-2").type()).isEqualTo(ClaimResult.Type.BUSY);
    }

    @Test
    void renewLeaseAfterExpiryButBeforeATakeoverStillHolds() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.plusSeconds(5));

        assertThat(repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE)))
                .isEqualTo(LeaseState.HELD);
        assertThat(fixture.claim(running.getId(), "worker-2").type()).isEqualTo(ClaimResult.Type.BUSY);
    }

    @Test
    void renewLeaseReportsACancelRequestAndStillExtends() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        Instant now = fixture.advance(Duration.ofSeconds(10));

        assertThat(repository.renewLease(running.getId(), WORKER, now, now.plus(LEASE)))
                .isEqualTo(LeaseState.CANCEL_REQUESTED);
        assertThat(fixture.reload(running.getId()).getLeaseExpiresAt()).isEqualTo(now.plus(LEASE));
    }

    @Test
    void renewLeaseOfAnotherOwnerAFinishedOrAMissingJobIsLost() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        Instant now = fixture.now();

        assertThat(repository.renewLease(running.getId(), "worker-2", now, now.plus(LEASE)))
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.renewLease(done.getId(), WORKER, now, now.plus(LEASE)))
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.renewLease(pending.getId(), WORKER, now, now.plus(LEASE)))
                .isEqualTo(LeaseState.LOST);
        assertThat(repository.renewLease(fixture.unknownId(), WORKER, now, now.plus(LEASE)))
                .isEqualTo(LeaseState.LOST);
        assertUnchanged(running);
        assertUnchanged(done);
        assertUnchanged(pending);
    }

    @Test
    void saveProgressStoresPercentAndCutsALongMessage() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofSeconds(3));

        LeaseState state = repository.saveProgress(running.getId(), WORKER, 55, "x".repeat(250), now);

        assertThat(state).isEqualTo(LeaseState.HELD);
        BackgroundJobInfo<K> saved = fixture.reload(running.getId());
        assertThat(saved.getProgressPercent()).isEqualTo(55);
        assertThat(saved.getProgressMessage()).isEqualTo("x".repeat(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH));
        assertThat(saved.getUpdatedAt()).isEqualTo(now);
        assertThat(saved.getVersion()).isEqualTo(running.getVersion() + 1);
        assertThat(saved.getLeaseExpiresAt()).isEqualTo(running.getLeaseExpiresAt());
    }

    @Test
    void saveProgressReportsACancelRequestAndLosesForOthers() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());

        assertThat(repository.saveProgress(running.getId(), WORKER, 10, null, fixture.now()))
                .isEqualTo(LeaseState.CANCEL_REQUESTED);
        assertThat(repository.saveProgress(running.getId(), "worker-2", 20, "no", fixture.now()))
                .isEqualTo(LeaseState.LOST);
        assertThat(fixture.reload(running.getId()).getProgressPercent()).isEqualTo(10);
    }

    @Test
    void saveProgressRejectsAPercentOutOfRange() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        assertThatThrownBy(() -> repository.saveProgress(running.getId(), WORKER, 101, null, fixture.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'percent'");
        assertThatThrownBy(() -> repository.saveProgress(running.getId(), WORKER, -1, null, fixture.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'percent'");
        assertUnchanged(running);
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
                .isTrue();

        BackgroundJobInfo<K> done = fixture.reload(running.getId());
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getCompleted()).isEqualTo(now);
        assertThat(done.getDurationMillis()).isEqualTo(1_234L);
        assertThat(done.getResultData()).isEqualTo("{\"url\":\"https://example.org/a.zip\"}");
        assertThat(done.getExceptionData()).isNull();
        assertThat(done.getLeaseOwner()).isNull();
        assertThat(done.getLeaseExpiresAt()).isNull();
        assertThat(done.getUpdatedAt()).isEqualTo(now);
        assertThat(done.getVersion()).isEqualTo(running.getVersion() + 1);
        assertThat(done.isCompleted()).isTrue();
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
                .isTrue();

        BackgroundJobInfo<K> done = fixture.reload(running.getId());
        assertThat(done.getStatus()).isEqualTo(status);
        assertThat(done.getExceptionData()).isEqualTo("{\"message\":\"boom\"}");
        assertThat(done.getResultData()).isNull();
        assertThat(done.getCompleted()).isEqualTo(now);
        assertThat(done.getDurationMillis()).isEqualTo(2_000L);
        assertThat(done.getLeaseOwner()).isNull();
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
                .isTrue();

        BackgroundJobInfo<K> retry = fixture.reload(pending.getId());
        assertThat(retry.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(retry.getNextAttemptAt()).isEqualTo(retryAt);
        assertThat(retry.getSentAt()).isNull();
        assertThat(retry.getExceptionData()).isEqualTo("{\"message\":\"try again\"}");
        assertThat(retry.getLeaseOwner()).isNull();
        assertThat(retry.getLeaseExpiresAt()).isNull();
        assertThat(retry.getAttempts()).isEqualTo(1);
        assertThat(retry.isCompleted()).isFalse();
        fixture.advance(Duration.ofSeconds(29));
        ClaimResult<K> early = fixture.claim(pending.getId(), WORKER);
        assertThat(early.type()).isEqualTo(ClaimResult.Type.BUSY);
        assertThat(early.retryAt()).isEqualTo(retryAt);
    }

    @Test
    void completeByAWorkerThatDoesNotHoldTheLeaseIsRefused() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> pending = fixture.pending("alice");

        assertThat(repository.complete(new JobCompletion<>(
                        running.getId(), "worker-2", JobStatus.SUCCEEDED, fixture.now(), 5, "{}", null, null)))
                .isFalse();
        assertThat(fixture.complete(pending.getId(), JobStatus.SUCCEEDED, 5)).isFalse();
        assertThat(fixture.complete(fixture.unknownId(), JobStatus.SUCCEEDED, 5))
                .isFalse();
        assertUnchanged(running);
        assertUnchanged(pending);
    }

    @Test
    void completeOfAnAlreadyFinishedJobIsRefused() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        assertThat(fixture.complete(done.getId(), JobStatus.FAILED, 10)).isFalse();
        assertUnchanged(done);
    }

    // ---------------------------------------------------------------- markSent, markAborted

    @Test
    void markSentRecordsEachConfirmedSendOfAPendingJob() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        Instant first = fixture.advance(Duration.ofMillis(20));
        assertThat(repository.markSent(pending.getId(), first)).isTrue();
        Instant second = fixture.advance(Duration.ofMinutes(5));
        assertThat(repository.markSent(pending.getId(), second)).isTrue();

        BackgroundJobInfo<K> sent = fixture.reload(pending.getId());
        assertThat(sent.getSentAt()).isEqualTo(second);
        assertThat(sent.getSendCount()).isEqualTo(2);
        assertThat(sent.getUpdatedAt()).isEqualTo(second);
        assertThat(sent.getVersion()).isEqualTo(pending.getVersion() + 2);
    }

    @Test
    void markSentChangesNothingOnceTheJobIsNoLongerPending() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.FAILED, 10);

        assertThat(repository.markSent(running.getId(), fixture.now())).isFalse();
        assertThat(repository.markSent(done.getId(), fixture.now())).isFalse();
        assertThat(repository.markSent(fixture.unknownId(), fixture.now())).isFalse();
        assertUnchanged(running);
        assertUnchanged(done);
    }

    @Test
    void markAbortedEndsAPendingJobOrARunningJobWhoseLeaseExpired() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.plusSeconds(1));

        assertThat(repository.markAborted(pending.getId(), "{\"message\":\"send failed\"}", now))
                .isTrue();
        assertThat(repository.markAborted(running.getId(), "{\"message\":\"bad input\"}", now))
                .isTrue();

        BackgroundJobInfo<K> a = fixture.reload(pending.getId());
        assertThat(a.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(a.getExceptionData()).isEqualTo("{\"message\":\"send failed\"}");
        assertThat(a.getCompleted()).isEqualTo(now);
        assertThat(a.getVersion()).isEqualTo(pending.getVersion() + 1);
        BackgroundJobInfo<K> b = fixture.reload(running.getId());
        assertThat(b.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(b.getLeaseOwner()).isNull();
        assertThat(b.getLeaseExpiresAt()).isNull();
        assertThat(b.getCompleted()).isEqualTo(now);
    }

    @Test
    void markAbortedLeavesAJobRunningUnderALiveLeaseToItsWorker() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(LEASE.minusSeconds(1));

        assertThat(repository.markAborted(running.getId(), "{\"message\":\"poisoned\"}", now))
                .as("markAborted must refuse a RUNNING job whose lease has not expired at 'now'")
                .isFalse();
        assertUnchanged(running);
    }

    @Test
    void markAbortedChangesNothingOnAFinishedOrMissingJob() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        assertThat(repository.markAborted(done.getId(), "{}", fixture.now())).isFalse();
        assertThat(repository.markAborted(fixture.unknownId(), "{}", fixture.now()))
                .isFalse();
        assertUnchanged(done);
    }

    // ---------------------------------------------------------------- cancel, requeue, clear

    @Test
    void requestCancelOfAPendingJobCancelsItAtOnce() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        Instant now = fixture.advance(Duration.ofSeconds(1));

        assertThat(repository.requestCancel(pending.getId(), now)).isEqualTo(CancelResult.CANCELLED);

        BackgroundJobInfo<K> cancelled = fixture.reload(pending.getId());
        assertThat(cancelled.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.getCompleted()).isEqualTo(now);
        assertThat(cancelled.getUpdatedAt()).isEqualTo(now);
        assertThat(cancelled.getVersion()).isEqualTo(pending.getVersion() + 1);
        assertThat(fixture.claim(pending.getId(), WORKER).type()).isEqualTo(ClaimResult.Type.ALREADY_DONE);
    }

    @Test
    void requestCancelOfARunningJobSetsTheFlagOnly() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofSeconds(1));

        assertThat(repository.requestCancel(running.getId(), now)).isEqualTo(CancelResult.REQUESTED);

        BackgroundJobInfo<K> flagged = fixture.reload(running.getId());
        assertThat(flagged.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(flagged.isCancelRequested()).isTrue();
        assertThat(flagged.getLeaseOwner()).isEqualTo(WORKER);
        assertThat(flagged.getUpdatedAt()).isEqualTo(now);
        assertThat(flagged.getVersion()).isEqualTo(running.getVersion() + 1);
    }

    @Test
    void requestCancelOfAFinishedOrMissingJobChangesNothing() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        assertThat(repository.requestCancel(done.getId(), fixture.now())).isEqualTo(CancelResult.ALREADY_DONE);
        assertThat(repository.requestCancel(fixture.unknownId(), fixture.now())).isEqualTo(CancelResult.NOT_FOUND);
        assertUnchanged(done);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"FAILED", "ABORTED", "CANCELLED"})
    void requeueOfAnUnsuccessfulJobStartsItAfresh(JobStatus status) {
        BackgroundJobInfo<K> pending = repository.insert(fixture.newJob("alice", TYPE));
        assertThat(repository.markSent(pending.getId(), fixture.now())).isTrue();
        assertThat(fixture.claim(pending.getId(), JobRepositoryFixture.WORKER, 3)
                        .type())
                .isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(fixture.complete(pending.getId(), status, 10)).isTrue();
        BackgroundJobInfo<K> done = fixture.reload(pending.getId());
        assertThat(done.getSendCount()).isEqualTo(1);
        repository.markCleared(done.getId(), fixture.now());
        Instant now = fixture.advance(Duration.ofSeconds(1));
        Instant due = now.plusSeconds(5);

        assertThat(repository.requeue(done.getId(), now, due)).isTrue();

        BackgroundJobInfo<K> requeued = fixture.reload(done.getId());
        assertThat(requeued.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getAttempts()).isZero();
        assertThat(requeued.getSendCount()).as("a fresh budget of re-sends too").isZero();
        assertThat(requeued.getNextAttemptAt()).isEqualTo(due);
        assertThat(requeued.getSentAt()).isNull();
        assertThat(requeued.getCompleted()).isNull();
        assertThat(requeued.getResultData()).isNull();
        assertThat(requeued.getLeaseOwner()).isNull();
        assertThat(requeued.getLeaseExpiresAt()).isNull();
        assertThat(requeued.isCancelRequested()).isFalse();
        assertThat(requeued.isCleared()).isFalse();
        assertThat(requeued.getUpdatedAt()).isEqualTo(now);
        fixture.clock().set(due);
        assertThat(fixture.claim(done.getId(), WORKER, 1).type()).isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void requeueOfACancelledJobClearsTheCancelFlag() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.requestCancel(running.getId(), fixture.now());
        fixture.complete(running.getId(), JobStatus.CANCELLED, 10);

        assertThat(repository.requeue(running.getId(), fixture.now(), fixture.now()))
                .isTrue();
        assertThat(fixture.reload(running.getId()).isCancelRequested()).isFalse();
        assertThat(fixture.claim(running.getId(), WORKER).type()).isEqualTo(ClaimResult.Type.CLAIMED);
    }

    @Test
    void requeueOfAPendingJobResetsItsBudget() {
        BackgroundJobInfo<K> job = fixture.running("alice");
        fixture.complete(job.getId(), JobStatus.PENDING, 10);
        repository.markSent(job.getId(), fixture.now());

        assertThat(repository.requeue(job.getId(), fixture.now(), fixture.now()))
                .isTrue();

        BackgroundJobInfo<K> requeued = fixture.reload(job.getId());
        assertThat(requeued.getAttempts()).isZero();
        assertThat(requeued.getSentAt()).isNull();
        assertThat(requeued.getNextAttemptAt()).isEqualTo(fixture.now());
    }

    @Test
    void requeueOfARunningSucceededOrMissingJobIsRefused() {
        BackgroundJobInfo<K> running = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);

        assertThat(repository.requeue(running.getId(), fixture.now(), fixture.now()))
                .isFalse();
        assertThat(repository.requeue(done.getId(), fixture.now(), fixture.now()))
                .isFalse();
        assertThat(repository.requeue(fixture.unknownId(), fixture.now(), fixture.now()))
                .isFalse();
        assertUnchanged(running);
        assertUnchanged(done);
    }

    @Test
    void markClearedDismissesTheNotification() {
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        Instant now = fixture.advance(Duration.ofSeconds(1));

        assertThat(repository.markCleared(done.getId(), now)).isTrue();
        assertThat(repository.markCleared(fixture.unknownId(), now)).isFalse();

        BackgroundJobInfo<K> cleared = fixture.reload(done.getId());
        assertThat(cleared.isCleared()).isTrue();
        assertThat(cleared.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(cleared.getUpdatedAt()).isEqualTo(now);
        assertThat(cleared.getVersion()).isEqualTo(done.getVersion() + 1);
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
                .containsExactly(newest.getId(), middle.getId(), oldest.getId());
        assertThat(ids(repository.findActiveJobs("alice", 2))).containsExactly(newest.getId(), middle.getId());
        assertThat(repository.findActiveJobs("nobody", 10)).isEmpty();
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

        assertThat(ids(found)).containsExactly(unsent.getId());
        assertThat(ids(found)).doesNotContain(atCutOff.getId());
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

        assertThat(ids(found)).containsExactly(stale.getId());
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

        assertThat(ids(found)).containsExactly(abandoned.getId());
        assertThat(ids(found)).doesNotContain(live.getId());
        assertThat(ids(repository.findSweepCandidates(START, abandoned.getLeaseExpiresAt(), 100)))
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
        assertThat(ids(found)).containsExactly(unsent.get(0), unsent.get(1), unsent.get(2));
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
            assertThat(repository.updates().hasListeners()).isTrue();
            repository.onUpdated(job.getId());
        }

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).getId()).isEqualTo(job.getId());
        assertThat(fixture.reload(job.getId()).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.updates().hasListeners()).isFalse();
        repository.onUpdated(job.getId());
        assertThat(seen).hasSize(1);
    }

    @Test
    void onUpdatedOfAMissingJobTellsNoOne() {
        List<BackgroundJobInfo<K>> seen = new CopyOnWriteArrayList<>();
        repository.onUpdated(fixture.unknownId());
        try (Registration r = repository.updates().addListener(seen::add)) {
            repository.onUpdated(fixture.unknownId());
        }
        assertThat(seen).isEmpty();
    }

    // ---------------------------------------------------------------- versions

    @Test
    void everyWriteSetsUpdatedAtAndAddsOneToTheVersion() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        long version = job.getVersion();
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
            assertThat(after.getVersion())
                    .as("version after write %d", writes.indexOf(write))
                    .isEqualTo(version);
            assertThat(after.getUpdatedAt())
                    .as("updatedAt after write %d", writes.indexOf(write))
                    .isEqualTo(now);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * @param jobs records
     * @return their ids, in order
     */
    protected List<K> ids(List<BackgroundJobInfo<K>> jobs) {
        List<K> ids = new ArrayList<>();
        for (BackgroundJobInfo<K> job : jobs) {
            ids.add(job.getId());
        }
        return ids;
    }

    /**
     * Asserts that a record is stored exactly as given.
     *
     * @param expected the record
     */
    protected void assertStoredEquals(BackgroundJobInfo<K> expected) {
        assertThat(fixture.reload(expected.getId())).usingRecursiveComparison().isEqualTo(expected);
    }

    /**
     * Asserts that nothing changed a record since it was read.
     *
     * @param before the record as read earlier
     */
    protected void assertUnchanged(BackgroundJobInfo<K> before) {
        assertStoredEquals(before);
    }
}
