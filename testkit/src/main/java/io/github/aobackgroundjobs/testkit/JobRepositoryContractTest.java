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
import java.util.function.BiFunction;
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

    /** Creates the suite; a subclass supplies the implementation under test. */
    protected JobRepositoryContractTest() {}

    // ---------------------------------------------------------------- insert and find

    @Test
    void insertAssignsAnIdAndSavesEveryField() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        BackgroundJobInfo<K> saved = repository.insert(job);

        assertThat(saved.getId())
                .as("insert must return the record with an id of the repository's key type")
                .isInstanceOf(repository.keyType().javaType());
        assertThat(saved.getStatus())
                .as("insert must keep the new record's status PENDING")
                .isEqualTo(JobStatus.PENDING);
        assertThat(saved.getUpdatedAt())
                .as("insert must set updatedAt (to the record's created time when it has none)")
                .isNotNull();
        BackgroundJobInfo<K> found = fixture.reload(saved.getId());
        assertThat(found.getUserName())
                .as("insert must store userName as given")
                .isEqualTo("alice");
        assertThat(found.getRequestType())
                .as("insert must store requestType as given")
                .isEqualTo(TYPE);
        assertThat(found.getRequestData())
                .as("insert must store requestData as given")
                .isEqualTo(JobRepositoryFixture.REQUEST_DATA);
        assertThat(found.getQueueName())
                .as("insert must store queueName as given")
                .isEqualTo(JobRepositoryFixture.QUEUE);
        assertThat(found.getCreated()).as("insert must store created as given").isEqualTo(START);
        assertThat(found.getNextAttemptAt())
                .as("insert must store nextAttemptAt as given")
                .isEqualTo(START);
        assertThat(found.getAttempts())
                .as("a new record has made no attempt: attempts 0")
                .isZero();
        assertThat(found.getSentAt())
                .as("a new record has not been sent: sentAt null")
                .isNull();
        assertThat(found.isCleared()).as("a new record is not cleared").isFalse();
        assertThat(found.getVersion())
                .as("insert must store the record's version as given (0 for a new record), not add one")
                .isEqualTo(saved.getVersion());
    }

    @Test
    void insertAllSavesEveryRecordInOrderWithDistinctIds() {
        List<BackgroundJobInfo<K>> jobs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            BackgroundJobInfo<K> job = fixture.newJob("user" + i, TYPE);
            job.setRequestData("{\"index\":" + i + "}");
            jobs.add(job);
        }
        List<BackgroundJobInfo<K>> saved = repository.insertAll(jobs);

        assertThat(saved).as("insertAll must return one saved copy per record").hasSize(25);
        assertThat(ids(saved)).as("insertAll must assign distinct ids").doesNotHaveDuplicates();
        for (int i = 0; i < 25; i++) {
            BackgroundJobInfo<K> found = fixture.reload(saved.get(i).getId());
            assertThat(found.getRequestData())
                    .as("insertAll must return the records in the order given: index %d", i)
                    .isEqualTo("{\"index\":" + i + "}");
            assertThat(found.getUserName()).isEqualTo("user" + i);
            assertThat(found.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(found.getSentAt()).as("a new record has not been sent").isNull();
        }
    }

    @Test
    void insertAllWritesNothingWhenOneRecordIsInvalidAndNamesIt() {
        List<BackgroundJobInfo<K>> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(fixture.newJob("alice", TYPE));
        }
        jobs.get(2).setUserName(" ");
        assertThatThrownBy(() -> repository.insertAll(jobs))
                .as("an invalid record must be refused before anything is written, named by its index")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jobs[2]'")
                .hasMessageContaining("userName");
        assertThat(repository.findActiveJobs("alice", 10))
                .as("nothing may be written when one record is invalid")
                .isEmpty();
        assertThatThrownBy(() -> repository.insertAll(List.of()))
                .as("an empty list is refused")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jobs'");
    }

    @Test
    void markAllSentMarksEveryPendingJobAndSkipsTheOthers() {
        BackgroundJobInfo<K> first = fixture.pending("alice");
        BackgroundJobInfo<K> second = fixture.pending("bob");
        BackgroundJobInfo<K> running = fixture.running("carol");
        Instant now = fixture.advance(Duration.ofSeconds(2));

        assertThat(repository.markAllSent(List.of(first.getId(), second.getId(), running.getId()), now))
                .as("markAllSent must count the PENDING jobs it marked, not the RUNNING one")
                .isEqualTo(2);
        for (BackgroundJobInfo<K> job : List.of(first, second)) {
            BackgroundJobInfo<K> found = fixture.reload(job.getId());
            assertThat(found.getSentAt()).as("markAllSent must set sentAt").isEqualTo(now);
            assertThat(found.getSendCount()).as("markAllSent must add one send").isEqualTo(1);
        }
        assertThat(fixture.reload(running.getId()).getSentAt())
                .as("markAllSent must leave a job that is not PENDING alone")
                .isEqualTo(running.getSentAt());
        assertThat(repository.markAllSent(List.of(), now)).isZero();
    }

    @Test
    void markAllSentCountsARepeatedIdOncePerOccurrence() {
        BackgroundJobInfo<K> job = fixture.pending("alice");
        BackgroundJobInfo<K> other = fixture.pending("bob");
        Instant now = fixture.now();
        assertThat(repository.markAllSent(List.of(job.getId(), other.getId(), job.getId()), now))
                .as("markAllSent must count each occurrence of an id, as markSent once per occurrence would")
                .isEqualTo(3);
        assertThat(fixture.reload(job.getId()).getSendCount())
                .as("a repeated id is a send each time")
                .isEqualTo(2);
        assertThat(fixture.reload(other.getId()).getSendCount()).isEqualTo(1);
    }

    @Test
    void insertAssignsDistinctIds() {
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(fixture.pending("alice").getId());
        }
        assertThat(ids).as("every insert must assign an id no other record has").doesNotHaveDuplicates();
    }

    @Test
    void uuidKeysKeepAGivenIdWhileOtherKeysAreAssigned() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        if (repository.keyType().javaType() == UUID.class) {
            K given = repository.keyType().cast(UUID.randomUUID());
            job.setId(given);
            assertThat(repository.insert(job).getId())
                    .as("insert of a UUID record that has an id must keep that id")
                    .isEqualTo(given);
            assertThat(repository.findJob(given))
                    .as("a UUID record inserted with its own id must be found by that id")
                    .isPresent();
        } else {
            assertThat(repository.insert(job).getId())
                    .as("insert of a LONG record must assign an id from the store")
                    .isNotNull();
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
                .as("insert of a record with an invalid '%s' must throw IllegalArgumentException naming it", field)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + field + "'");
        assertThat(repository.findActiveJobs("invalid-user", 10))
                .as("a refused insert must store nothing")
                .isEmpty();
        assertThat(repository.findActiveJobs("u".repeat(50), 10))
                .as("a refused insert must store nothing")
                .isEmpty();
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
        assertThat(stored.getUserName())
                .as("userName must be stored exactly, non-ASCII and emoji included")
                .isEqualTo("Zo\u00eb \u65e5\u672c\u8a9e \ud83d\ude80");
        assertThat(stored.getRequestType())
                .as("requestType must be stored exactly, non-ASCII included")
                .isEqualTo("T\u00e4sk");
        assertThat(stored.getRequestData())
                .as("requestData of 100,000 characters must be stored exactly, never cut")
                .isEqualTo(data.toString());
        assertThat(stored.getExceptionData())
                .as("exceptionData of about 30,000 characters must be stored exactly, never cut")
                .isEqualTo(error);
        assertThat(repository.findActiveJobs("Zo\u00eb \u65e5\u672c\u8a9e \ud83d\ude80", 10))
                .as("findActiveJobs must match a non-ASCII user name exactly")
                .hasSize(1);
    }

    @Test
    void findOfAnUnknownIdIsEmptyAndGetThrows() {
        K unknown = fixture.unknownId();
        assertThat(repository.findJob(unknown))
                .as("findJob of an id no record has must be empty, not throw")
                .isEmpty();
        assertThatThrownBy(() -> repository.getJob(unknown))
                .as("getJob of an id no record has must throw JobNotFoundException")
                .isInstanceOf(JobNotFoundException.class);
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
        assertThat(stored.getUserName())
                .as("insert must not keep the caller's instance: changing it afterwards changes nothing stored")
                .isEqualTo("alice");
        assertThat(stored.getRequestData())
                .as("insert must return a copy: changing it changes nothing stored")
                .isEqualTo(JobRepositoryFixture.REQUEST_DATA);
        assertThat(stored.getStatus())
                .as("findJob must return a copy: changing it changes nothing stored")
                .isEqualTo(JobStatus.RUNNING);
        assertThat(stored.getLeaseOwner())
                .as("claim must return a copy: changing it changes nothing stored")
                .isEqualTo(WORKER);
    }

    @Test
    void checkAvailableAnswersWhenTheStoreIsUp() {
        repository.checkAvailable();
        assertThat(fixture.pending("alice").getId())
                .as("checkAvailable must return quietly, and leave the repository usable, when the store is up")
                .isNotNull();
    }

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
        assertStoredEquals("the record returned must be the record as stored", expected);
    }

    /**
     * Asserts that a record is stored exactly as given.
     *
     * @param rule the rule checked, shown when the assertion fails
     * @param expected the record
     */
    protected void assertStoredEquals(String rule, BackgroundJobInfo<K> expected) {
        assertThat(fixture.reload(expected.getId()))
                .as(rule)
                .usingRecursiveComparison()
                .isEqualTo(expected);
    }

    /**
     * Asserts that nothing changed a record since it was read.
     *
     * @param before the record as read earlier
     */
    protected void assertUnchanged(BackgroundJobInfo<K> before) {
        assertUnchanged("a refused write must change nothing", before);
    }

    /**
     * Asserts that nothing changed a record since it was read, not even {@code updatedAt} or
     * {@code version}.
     *
     * @param rule the rule checked, shown when the assertion fails
     * @param before the record as read earlier
     */
    protected void assertUnchanged(String rule, BackgroundJobInfo<K> before) {
        assertStoredEquals(rule + " (not even updatedAt or version)", before);
    }
}
