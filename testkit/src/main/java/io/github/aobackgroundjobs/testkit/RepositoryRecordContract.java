package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobValidation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first part of {@link JobRepositoryContractTest}: inserting and reading records, and the
 * assertions every part uses.
 *
 * @param <K> the key type
 */
abstract class RepositoryRecordContract<K> extends RepositoryContractBase<K> {

    /** For the suite. */
    RepositoryRecordContract() {}

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

    @Test
    void aUuidAlreadyTakenIsRefusedNamingTheIdAndTheStoredRecordIsKept() {
        if (repository.keyType().javaType() != UUID.class) {
            assertThat(repository.insert(fixture.newJob("alice", TYPE)).getId())
                    .as("a LONG record's id always comes from the store, so none can be taken")
                    .isNotNull();
            return;
        }
        K taken = repository.keyType().cast(UUID.randomUUID());
        BackgroundJobInfo<K> first = fixture.newJob("alice", TYPE);
        first.setId(taken);
        repository.insert(first);
        BackgroundJobInfo<K> second = fixture.newJob("bob", TYPE);
        second.setId(taken);
        assertThatThrownBy(() -> repository.insert(second))
                .as("insert of a UUID record whose id another record has must throw IllegalArgumentException"
                        + " naming 'id'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");
        assertThat(fixture.reload(taken).getUserName())
                .as("the record that had the id first is kept as it was")
                .isEqualTo("alice");
    }

    @Test
    void insertAllRefusesTwoRecordsWithOneUuidBeforeWritingAnything() {
        K given = repository
                .keyType()
                .cast(repository.keyType().javaType() == UUID.class ? UUID.randomUUID() : Long.valueOf(7));
        List<BackgroundJobInfo<K>> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(fixture.newJob("alice", TYPE));
        }
        jobs.get(0).setId(given);
        jobs.get(2).setId(given);
        if (repository.keyType().javaType() != UUID.class) {
            assertThat(repository.insertAll(jobs))
                    .as("a LONG record's given id is ignored, so a repeated one is no conflict")
                    .extracting(BackgroundJobInfo::getId)
                    .doesNotHaveDuplicates();
            return;
        }
        assertThatThrownBy(() -> repository.insertAll(jobs))
                .as("insertAll of two records with one UUID must name the later one's index, 'id' and the earlier"
                        + " one's index")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jobs[2]'")
                .hasMessageContaining("'id'")
                .hasMessageContaining("'jobs[0]'");
        assertThat(repository.findActiveJobs("alice", 10))
                .as("a repeated UUID must be refused before anything is written")
                .isEmpty();
    }

    @Test
    void insertAllRefusesAUuidAnotherRecordHasNamingItsIndex() {
        if (repository.keyType().javaType() != UUID.class) {
            assertThat(repository.insertAll(List.of(fixture.newJob("alice", TYPE))))
                    .as("a LONG record's id always comes from the store, so none can be taken")
                    .hasSize(1);
            return;
        }
        K taken = repository.keyType().cast(UUID.randomUUID());
        BackgroundJobInfo<K> first = fixture.newJob("alice", TYPE);
        first.setId(taken);
        repository.insert(first);
        List<BackgroundJobInfo<K>> jobs =
                new ArrayList<>(List.of(fixture.newJob("bob", TYPE), fixture.newJob("bob", TYPE)));
        jobs.get(1).setId(taken);
        assertThatThrownBy(() -> repository.insertAll(jobs))
                .as("insertAll of a record whose UUID another record has must throw IllegalArgumentException naming"
                        + " its index and 'id'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jobs[1]'")
                .hasMessageContaining("'id'");
        assertThat(fixture.reload(taken).getUserName())
                .as("the record that had the id first is kept as it was")
                .isEqualTo("alice");
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
    void insertStoresAPresetProgressMessageAsStorableProgressMessageMakesIt() {
        BackgroundJobInfo<K> job = fixture.newJob("alice", TYPE);
        String message = "a\u0000b" + "x".repeat(300);
        job.setProgressPercent(10);
        job.setProgressMessage(message);
        K id = repository.insert(job).getId();
        assertThat(fixture.reload(id).getProgressMessage())
                .as("insert must store the progress message as JobValidation.storableProgressMessage makes it:"
                        + " at most 200 characters, NUL as U+FFFD")
                .isEqualTo(JobValidation.storableProgressMessage(message));
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
