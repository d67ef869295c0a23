package io.github.aobackgroundjobs.testkit.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.testkit.ConcurrentRunner;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest;
import io.github.aobackgroundjobs.testkit.JobQueueContractTest;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;
import io.github.aobackgroundjobs.testkit.JobRepositoryFixture;
import io.github.aobackgroundjobs.testkit.OutcomeContractTest;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of the testkit's public types, read as an implementer would: what the suites ask
 * of a subclass and call back, what the fixture builds, how {@link ForwardingJobQueue} forwards
 * and how {@link ConcurrentRunner} reports.
 */
class TestkitJavadocTest {

    // ---------------------------------------------------------------- ConcurrentRunner

    @Test
    void concurrentRunnerReleasesEveryThreadAtOnceEachWithItsNumber() {
        CyclicBarrier allAtOnce = new CyclicBarrier(4);
        Set<Integer> numbers = ConcurrentHashMap.newKeySet();
        ConcurrentRunner.run(4, Duration.ofSeconds(10), worker -> {
            try {
                // Passes only if all four run at the same time.
                allAtOnce.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            numbers.add(worker);
        });
        assertThat(numbers).containsExactlyInAnyOrder(0, 1, 2, 3);

        List<Integer> one = new CopyOnWriteArrayList<>();
        ConcurrentRunner.run(1, Duration.ofSeconds(5), one::add);
        assertThat(one).containsExactly(0);
    }

    @Test
    void concurrentRunnerFailsAtTheFirstThreadThatThrowsNamingItWithWhatItThrewAsTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch neverOpened = new CountDownLatch(1);
        long before = System.nanoTime();

        // Thread 0 waits for something thread 1 was to do: the run must report thread 1's failure, not a timeout.
        Throwable thrown = catchThrowable(() -> ConcurrentRunner.run(2, Duration.ofSeconds(10), worker -> {
            if (worker == 1) {
                throw boom;
            }
            try {
                neverOpened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

        assertThat(thrown)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Thread 1 failed")
                .hasMessageContaining("boom");
        assertThat(thrown.getCause()).isSameAs(boom);
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("reported as the thread failed, not at the timeout")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void concurrentRunnerFailsARunLongerThanTheTimeoutAndInterruptsTheThreadsStillRunning() {
        CountDownLatch interrupted = new CountDownLatch(1);
        long before = System.nanoTime();

        assertThatThrownBy(() -> ConcurrentRunner.run(1, Duration.ofMillis(200), worker -> {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not finish within PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(awaitQuietly(interrupted))
                .as("the thread still running was interrupted")
                .isTrue();
    }

    @Test
    void concurrentRunnerRefusesBadArgumentsNamingThem() {
        for (int threads : new int[] {0, -1}) {
            assertThatThrownBy(() -> ConcurrentRunner.run(threads, Duration.ofSeconds(1), worker -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'threads'");
        }
        assertThatThrownBy(() -> ConcurrentRunner.run(1, null, worker -> {}))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'timeout'");
        for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> ConcurrentRunner.run(1, timeout, worker -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'timeout'");
        }
        assertThatThrownBy(() -> ConcurrentRunner.run(1, Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'work'");
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- ForwardingJobQueue

    @Test
    void forwardingJobQueueNeedsADelegateAndNamesIt() {
        assertThatThrownBy(() -> new ForwardingJobQueue(null) {})
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'delegate'");
        InMemoryJobQueue real = new InMemoryJobQueue();
        assertThat(new ForwardingJobQueue(real) {}.delegate()).isSameAs(real);
    }

    @Test
    void forwardingJobQueueHandsEveryOperationToTheRealQueue() {
        SettableClock clock = new SettableClock();
        InMemoryJobQueue real = new InMemoryJobQueue(clock);
        JobQueue forwarding = new ForwardingJobQueue(real) {};
        List<String> told = new CopyOnWriteArrayList<>();
        Registration listening = forwarding.addSendListener(told::add);

        String id = forwarding.send("orders", "one", Duration.ZERO);
        forwarding.send("orders", "two", Duration.ZERO);
        assertThat(told).as("the real queue's send listeners").containsExactly("orders", "orders");
        assertThat(real.approximateLength("orders")).hasValue(2);
        assertThat(forwarding.approximateLength("orders")).hasValue(2);

        QueueMessage first =
                forwarding.receive("orders", 1, Duration.ofSeconds(5)).get(0);
        assertThat(first.messageId()).isEqualTo(id);
        QueueMessage updated = forwarding.updateVisibility("orders", first, Duration.ZERO);
        assertThat(updated.messageId()).isEqualTo(id);
        forwarding.delete("orders", updated);
        QueueMessage second =
                forwarding.receive("orders", 1, Duration.ofSeconds(5)).get(0);
        forwarding.deadLetter("orders", second);
        assertThat(real.approximateLength("orders")).hasValue(0);
        assertThat(real.receive(real.poisonQueueName("orders"), 1, Duration.ofSeconds(1)))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("two"));
        listening.close();
        List<String> toldBeforeClose = List.copyOf(told);
        forwarding.send("orders", "three", Duration.ZERO);
        assertThat(told).as("closed through the forwarded registration").isEqualTo(toldBeforeClose);
    }

    @Test
    void forwardingJobQueueKeepsTheRealQueuesAccessCheck() {
        JobQueueAccessDeniedException refused = new JobQueueAccessDeniedException("orders", "refused", null);
        JobQueue forwarding = new ForwardingJobQueue(new MinimalJobQueue(new InMemoryJobQueue()) {
            @Override
            public void checkAccess(String queueName) {
                throw refused;
            }
        }) {};
        assertThatThrownBy(() -> forwarding.checkAccess("orders")).isSameAs(refused);
        assertThat(forwarding.isDurable())
                .as("MinimalJobQueue keeps the SPI's default")
                .isTrue();
    }

    @Test
    void forwardingJobQueueOverridesOnlyTheOperationToBreak() {
        InMemoryJobQueue real = new InMemoryJobQueue();
        JobQueue counting = new ForwardingJobQueue(real) {
            @Override
            public String send(String queueName, String text, Duration initialDelay) {
                throw new IllegalStateException("switched off");
            }
        };
        assertThatThrownBy(() -> counting.send("orders", "x", Duration.ZERO)).hasMessage("switched off");
        real.send("orders", "x", Duration.ZERO);
        assertThat(counting.receive("orders", 1, Duration.ofSeconds(1))).hasSize(1);
    }

    // ---------------------------------------------------------------- JobRepositoryFixture

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repository, clock);

    @Test
    void fixtureConstantsAreAsDocumented() {
        assertThat(JobRepositoryFixture.LEASE).isEqualTo(Duration.ofSeconds(30));
        assertThat(JobRepositoryFixture.MAX_ATTEMPTS).isEqualTo(3);
        assertThat(JobRepositoryFixture.WORKER).isEqualTo("worker-1");
        assertThat(JobRepositoryFixture.QUEUE).isEqualTo("test-jobs");
        assertThat(JobRepositoryFixture.TYPE).isEqualTo("TestRequest");
        assertThat(JobRepositoryFixture.GAVE_UP).contains("gave up after 3 attempts");
    }

    @Test
    void fixtureNeedsARepositoryAndAClockAndGivesThemBack() {
        assertThatThrownBy(() -> new JobRepositoryFixture<>(null, clock))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'repository'");
        assertThatThrownBy(() -> new JobRepositoryFixture<>(repository, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'clock'");
        assertThat(fixture.repository()).isSameAs(repository);
        assertThat(fixture.clock()).isSameAs(clock);
        assertThat(fixture.now()).isEqualTo(clock.instant());
        Instant later = fixture.advance(Duration.ofSeconds(5));
        assertThat(later).isEqualTo(Instant.parse("2026-03-01T12:00:05Z")).isEqualTo(clock.instant());
    }

    @Test
    void newJobIsAValidRecordCreatedNowAndNotInserted() {
        BackgroundJobInfo<Long> job = fixture.newJob("alice", "Report");
        assertThat(job.getId()).isNull();
        assertThat(job.getUserName()).isEqualTo("alice");
        assertThat(job.getRequestType()).isEqualTo("Report");
        assertThat(job.getRequestData()).isEqualTo(JobRepositoryFixture.REQUEST_DATA);
        assertThat(job.getQueueName()).isEqualTo(JobRepositoryFixture.QUEUE);
        assertThat(job.getCreated()).isEqualTo(fixture.now());
        assertThat(job.getNextAttemptAt()).isEqualTo(fixture.now());
        assertThat(repository.size()).as("not inserted").isZero();
        assertThat(repository.insert(job).getStatus()).as("valid").isEqualTo(JobStatus.PENDING);
    }

    @Test
    void pendingInsertsAPendingRecordOfTheGivenOrTheDefaultType() {
        BackgroundJobInfo<Long> plain = fixture.pending("alice");
        BackgroundJobInfo<Long> typed = fixture.pending("bob", "Report");
        assertThat(plain.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(plain.getRequestType()).isEqualTo(JobRepositoryFixture.TYPE);
        assertThat(typed.getRequestType()).isEqualTo("Report");
        assertThat(repository.findJob(plain.getId())).isPresent();
        assertThat(repository.findJob(typed.getId())).isPresent();
    }

    @Test
    void claimUsesTheFixturesLeaseAndMaxAttemptsAndGivesUpWithItsExceptionData() {
        BackgroundJobInfo<Long> job = fixture.pending("alice");
        ClaimResult<Long> claimed = fixture.claim(job.getId(), "worker-7");
        assertThat(claimed.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(claimed.job().getLeaseOwner()).isEqualTo("worker-7");
        assertThat(claimed.job().getLeaseExpiresAt()).isEqualTo(fixture.now().plus(JobRepositoryFixture.LEASE));

        // Three attempts: each claim after the lease expired is one more, the fourth gives up.
        for (int attempt = 2; attempt <= JobRepositoryFixture.MAX_ATTEMPTS; attempt++) {
            fixture.advance(JobRepositoryFixture.LEASE);
            assertThat(fixture.claim(job.getId(), "worker-7").type()).isEqualTo(ClaimResult.Type.CLAIMED);
        }
        fixture.advance(JobRepositoryFixture.LEASE);
        assertThat(fixture.claim(job.getId(), "worker-7").type()).isEqualTo(ClaimResult.Type.GAVE_UP);
        assertThat(fixture.reload(job.getId()).getExceptionData()).isEqualTo(JobRepositoryFixture.GAVE_UP);

        BackgroundJobInfo<Long> once = fixture.pending("alice");
        fixture.claim(once.getId(), "worker-7", 1);
        fixture.advance(JobRepositoryFixture.LEASE);
        assertThat(fixture.claim(once.getId(), "worker-7", 1).type())
                .as("claim(id, owner, maxAttempts) uses the attempts given")
                .isEqualTo(ClaimResult.Type.GAVE_UP);
    }

    @Test
    void runningIsARecordClaimedByTheFixturesWorker() {
        BackgroundJobInfo<Long> running = fixture.running("alice");
        BackgroundJobInfo<Long> typed = fixture.running("alice", "Report");
        assertThat(running.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.getLeaseOwner()).isEqualTo(JobRepositoryFixture.WORKER);
        assertThat(running.getRequestType()).isEqualTo(JobRepositoryFixture.TYPE);
        assertThat(typed.getRequestType()).isEqualTo("Report");
        assertThat(fixture.reload(running.getId()).getStatus()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void completeEndsTheWorkersAttemptAndReturnsWhatTheRepositoryReturned() {
        BackgroundJobInfo<Long> running = fixture.running("alice");
        assertThat(fixture.complete(running.getId(), JobStatus.SUCCEEDED, 25)).isTrue();
        assertThat(fixture.reload(running.getId()).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(fixture.complete(running.getId(), JobStatus.FAILED, 25))
                .as("no attempt of the worker's is running any more")
                .isFalse();
        BackgroundJobInfo<Long> other = fixture.pending("alice");
        fixture.claim(other.getId(), "worker-2");
        assertThat(fixture.complete(other.getId(), JobStatus.SUCCEEDED, 1))
                .as("an attempt held by another worker")
                .isFalse();
    }

    @Test
    void completeAsPendingIsARetryOneMinuteLaterAndOnlySucceededStoresAResult() {
        BackgroundJobInfo<Long> retried = fixture.running("alice");
        assertThat(fixture.complete(retried.getId(), JobStatus.PENDING, 5)).isTrue();
        BackgroundJobInfo<Long> after = fixture.reload(retried.getId());
        assertThat(after.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(after.getNextAttemptAt()).isEqualTo(fixture.now().plus(Duration.ofMinutes(1)));

        BackgroundJobInfo<Long> succeeded = fixture.finished("alice", "Report", JobStatus.SUCCEEDED, 1);
        assertThat(succeeded.getResultData()).isNotNull();
        assertThat(succeeded.getExceptionData()).isNull();
        BackgroundJobInfo<Long> failed = fixture.finished("alice", "Report", JobStatus.FAILED, 1);
        assertThat(failed.getResultData()).isNull();
        assertThat(failed.getExceptionData()).isNotNull();
    }

    @Test
    void finishedBuildsAJobInEachFinishedStateWithoutMovingTheClock() {
        for (JobStatus status :
                List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.ABORTED, JobStatus.CANCELLED)) {
            Instant before = fixture.now();
            BackgroundJobInfo<Long> job = fixture.finished("alice", "Report", status, 1234);
            assertThat(job.getStatus()).as("%s", status).isEqualTo(status);
            assertThat(job.getDurationMillis()).as("%s", status).isEqualTo(1234L);
            assertThat(job.getRequestType()).isEqualTo("Report");
            assertThat(job).usingRecursiveComparison().isEqualTo(fixture.reload(job.getId()));
            assertThat(fixture.now()).as("the clock ends where it started").isEqualTo(before);
        }
    }

    @Test
    void finishedRefusesAStateThatIsNotFinishedNamingStatusAndInsertsNothing() {
        for (JobStatus status : List.of(JobStatus.PENDING, JobStatus.RUNNING)) {
            assertThatThrownBy(() -> fixture.finished("alice", "Report", status, 10))
                    .as("%s", status)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'status'");
        }
        assertThatThrownBy(() -> fixture.finished("alice", "Report", null, 10))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'status'");
        assertThat(repository.size()).isZero();
    }

    @Test
    void runningAndFinishedFailTheTestWhenTheRepositoryDoesNotDoItsPart() {
        JobRepositoryFixture<Long> neverClaims = new JobRepositoryFixture<>(
                new MapJobRepository() {
                    @Override
                    public synchronized ClaimResult<Long> claim(ClaimRequest<Long> request) {
                        return ClaimResult.notFound();
                    }
                },
                clock);
        assertThatThrownBy(() -> neverClaims.running("alice"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("could not be claimed");
        JobRepositoryFixture<Long> neverCompletes = new JobRepositoryFixture<>(
                new MapJobRepository() {
                    @Override
                    public synchronized boolean complete(JobCompletion<Long> completion) {
                        return false;
                    }
                },
                clock);
        assertThatThrownBy(() -> neverCompletes.finished("alice", "Report", JobStatus.SUCCEEDED, 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("could not be completed");
    }

    @Test
    void reloadFailsTheTestForAJobThatIsGone() {
        Long unknown = fixture.unknownId();
        assertThatThrownBy(() -> fixture.reload(unknown))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(unknown.toString());
    }

    @Test
    void unknownIdIsAnIdNoRecordHasForEitherKeyType() {
        for (int i = 0; i < 3; i++) {
            fixture.pending("alice");
        }
        assertThat(repository.findJob(fixture.unknownId())).isEmpty();
        InMemoryJobRepository<UUID> uuids = InMemoryJobRepository.withUuidKeys();
        JobRepositoryFixture<UUID> uuidFixture = new JobRepositoryFixture<>(uuids, clock);
        uuidFixture.pending("alice");
        assertThat(uuidFixture.unknownId()).isInstanceOf(UUID.class);
        assertThat(uuids.findJob(uuidFixture.unknownId())).isEmpty();
    }

    // ---------------------------------------------------------------- RepositoryContractBase

    /** Records what the base calls back, in order. */
    static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());

    static class RecordingSuite extends RecoveryQueriesContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            CALLS.add("create");
            return new RecoveringMapJobRepository(true);
        }

        @Override
        protected void repositoryCreated() {
            CALLS.add("created:" + (fixture.repository() == repository) + ":" + clock.instant());
        }

        @Override
        protected void closeRepository(JobRepositoryBase<Long> closed) {
            CALLS.add("close:" + (closed == repository));
        }
    }

    @Test
    void eachTestGetsAFreshRepositoryAFixtureOnItAndTheClockAtStartAndItsRepositoryIsClosed() {
        CALLS.clear();
        SuiteRun run = SuiteRun.of(RecordingSuite.class);
        assertThat(run.failures()).isEmpty();
        assertThat(run.started()).isGreaterThan(3);
        List<String> expected = new ArrayList<>();
        for (long i = 0; i < run.started(); i++) {
            expected.addAll(List.of("create", "created:true:2026-03-01T12:00:00Z", "close:true"));
        }
        assertThat(CALLS).isEqualTo(expected);
    }

    static class UnavailableStoreSuite extends RecoveryQueriesContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            throw new IllegalStateException("the store is down");
        }

        @Override
        protected void closeRepository(JobRepositoryBase<Long> closed) {
            CALLS.add("close:" + closed);
        }
    }

    @Test
    void aTestWhoseRepositoryCouldNotBeCreatedFailsWithThatFailureAndClosesNothing() {
        CALLS.clear();
        SuiteRun run = SuiteRun.of(UnavailableStoreSuite.class);
        assertThat(run.failures())
                .hasSize((int) run.started())
                .allSatisfy(f -> assertThat(f).endsWith(": the store is down"));
        assertThat(CALLS)
                .as("closeRepository never gets a repository that does not exist")
                .isEmpty();
    }

    @Test
    void theBaseStartsTheClockAtItsDocumentedInstant() {
        OpenRepositorySuite suite = new OpenRepositorySuite();
        assertThat(suite.start()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(suite.clockNow()).isEqualTo(suite.start());
        assertThat(suite.clockZone()).isEqualTo(ZoneOffset.UTC);
    }

    // ---------------------------------------------------------------- JobRepositoryContractTest helpers

    /** A repository suite with its repository and fixture set by hand, to call its helpers directly. */
    static class OpenRepositorySuite extends JobRepositoryContractTest<Long> {
        OpenRepositorySuite() {
            repository = createRepository();
            fixture = new JobRepositoryFixture<>(repository, clock);
        }

        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return InMemoryJobRepository.withLongKeys();
        }

        Instant start() {
            return START;
        }

        Instant clockNow() {
            return clock.instant();
        }

        ZoneOffset clockZone() {
            return (ZoneOffset) clock.getZone();
        }

        JobRepositoryFixture<Long> fixture() {
            return fixture;
        }

        void stored(BackgroundJobInfo<Long> expected) {
            assertStoredEquals(expected);
        }

        void unchanged(String rule, BackgroundJobInfo<Long> before) {
            assertUnchanged(rule, before);
        }

        void unchanged(BackgroundJobInfo<Long> before) {
            assertUnchanged(before);
        }

        List<Long> idsOf(List<BackgroundJobInfo<Long>> jobs) {
            return ids(jobs);
        }
    }

    @Test
    void theRepositorySuitesAssertionsNameTheRuleAndEvenUpdatedAtOrVersion() {
        OpenRepositorySuite suite = new OpenRepositorySuite();
        BackgroundJobInfo<Long> first = suite.fixture().pending("alice");
        BackgroundJobInfo<Long> second = suite.fixture().pending("bob");
        assertThat(suite.idsOf(List.of(second, first))).containsExactly(second.getId(), first.getId());
        assertThatCode(() -> suite.stored(first)).doesNotThrowAnyException();
        assertThatCode(() -> suite.unchanged(first)).doesNotThrowAnyException();

        suite.fixture().advance(Duration.ofSeconds(1));
        suite.fixture().repository().markCleared(first.getId(), suite.fixture().now());

        assertThatThrownBy(() -> suite.stored(first))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the record returned must be the record as stored");
        assertThatThrownBy(() -> suite.unchanged("a refused claim must change nothing", first))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a refused claim must change nothing (not even updatedAt or version)");
        assertThatThrownBy(() -> suite.unchanged(first))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a refused write must change nothing (not even updatedAt or version)");
    }

    // ---------------------------------------------------------------- JobQueryRepositoryContractTest

    /** A query suite whose helpers are called directly. */
    static class OpenQuerySuite<K> extends JobQueryRepositoryContractTest<K> {
        @Override
        protected JobRepositoryBase<K> createRepository() {
            throw new UnsupportedOperationException("not run");
        }

        int compare(K a, K b) {
            return compareIds(a, b);
        }
    }

    @Test
    void compareIdsOrdersNumbersNumericallyAndUuidsByTheirUnsignedBytes() {
        OpenQuerySuite<Long> longs = new OpenQuerySuite<>();
        assertThat(longs.compare(2L, 10L)).as("2 before 10, not as text").isNegative();
        assertThat(longs.compare(10L, 10L)).isZero();
        OpenQuerySuite<UUID> uuids = new OpenQuerySuite<>();
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        assertThat(high.compareTo(low)).as("UUID.compareTo is signed").isNegative();
        assertThat(uuids.compare(high, low))
                .as("the first byte 0x80 is above 0x7f")
                .isPositive();
        assertThat(uuids.compare(low, high)).isNegative();
        assertThat(uuids.compare(low, low)).isZero();
    }

    static class NotAQueryRepositorySuite extends JobQueryRepositoryContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return new MapJobRepository();
        }
    }

    @Test
    void theQuerySuiteFailsARepositoryThatIsNotAQueryRepositorySayingSo() {
        SuiteRun run = SuiteRun.of(NotAQueryRepositorySuite.class);
        assertThat(run.started()).isGreaterThan(10);
        assertThat(run.failures())
                .hasSize((int) run.started())
                .allSatisfy(f -> assertThat(f).contains("must implement JobQueryRepository as well"));
    }

    // ---------------------------------------------------------------- RecoveryQueriesContractTest

    static class DefaultsOnlyRecoverySuite extends RecoveryQueriesContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return new MapJobRepository();
        }
    }

    @Test
    void aRepositoryKeepingBothDefaultsPassesTheSweepTestsAndFailsOnlyTheUnfinishedJobsOnes() {
        SuiteRun run = SuiteRun.of(DefaultsOnlyRecoverySuite.class);
        assertThat(run.failedTests())
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("unfinishedJobs"));
        assertThat(run.started()).isGreaterThan(run.failedTests().size());
    }

    // ---------------------------------------------------------------- OutcomeContractTest

    static class OpenOutcomeSuite extends OutcomeContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return InMemoryJobRepository.withLongKeys();
        }

        static Duration retryDelay() {
            return RETRY_DELAY;
        }

        static Duration lease() {
            return LEASE;
        }
    }

    @Test
    void outcomeSuiteConstantsAreAsDocumented() {
        assertThat(OpenOutcomeSuite.retryDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(OpenOutcomeSuite.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(OutcomeContractTest.ContractRequest.TYPE).isEqualTo("ContractRequest");
        assertThat(new OutcomeContractTest.ContractRequest("succeed", 21).value())
                .isEqualTo(21);
        assertThat(new OutcomeContractTest.ContractResult(42).doubled()).isEqualTo(42);
    }

    // ---------------------------------------------------------------- JobQueueContractTest

    static final List<List<String>> CLEANED = new CopyOnWriteArrayList<>();

    /** A queue suite whose helpers are called directly. */
    static class OpenQueueSuite extends JobQueueContractTest {
        OpenQueueSuite() {
            queue = createQueue();
        }

        @Override
        protected JobQueue createQueue() {
            return new InMemoryJobQueue();
        }

        @Override
        protected void waitFor(Duration duration) {
            throw new UnsupportedOperationException("not run");
        }

        static Duration hidden() {
            return HIDDEN;
        }

        boolean order() {
            return keepsOrder();
        }

        String name() {
            return newQueueName();
        }
    }

    @Test
    void queueSuiteDefaultsAreAsDocumented() {
        OpenQueueSuite suite = new OpenQueueSuite();
        assertThat(OpenQueueSuite.hidden()).isEqualTo(Duration.ofSeconds(2));
        assertThat(suite.order()).as("keepsOrder is true by default").isTrue();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = suite.name();
            assertThatCode(() -> JobValidation.requireStorageQueueName(name)).doesNotThrowAnyException();
            assertThat(name.length())
                    .as("a job queue name the clients take: 56 at most")
                    .isLessThanOrEqualTo(56);
            names.add(name);
        }
        assertThat(names).doesNotHaveDuplicates();
    }

    static class UnreachableQueueSuite extends JobQueueContractTest {
        @Override
        protected JobQueue createQueue() {
            throw new IllegalStateException("the queue service is down");
        }

        @Override
        protected void waitFor(Duration duration) {}

        @Override
        protected void cleanUp(JobQueue queue, List<String> queueNames) {
            CLEANED.add(queueNames);
        }
    }

    @Test
    void aQueueTestWhoseQueueCouldNotBeCreatedFailsWithThatFailureAndCleansUpNothing() {
        CLEANED.clear();
        SuiteRun run = SuiteRun.of(UnreachableQueueSuite.class);
        assertThat(run.failures())
                .hasSize((int) run.started())
                .allSatisfy(f -> assertThat(f).endsWith(": the queue service is down"));
        assertThat(CLEANED).as("cleanUp never gets a queue that does not exist").isEmpty();
    }

    static final SettableClock SHARED_CLOCK = new SettableClock();
    static final InMemoryJobQueue SHARED_QUEUE = new InMemoryJobQueue(SHARED_CLOCK);

    static class SharedQueueSuite extends JobQueueContractTest {
        @Override
        protected JobQueue createQueue() {
            return SHARED_QUEUE;
        }

        @Override
        protected void waitFor(Duration duration) {
            SHARED_CLOCK.advance(duration);
        }
    }

    @Test
    void oneQueueInstanceMayServeEveryTestOfTheQueueSuite() {
        SuiteRun run = SuiteRun.of(SharedQueueSuite.class);
        assertThat(run.started()).isGreaterThan(10);
        assertThat(run.failures()).isEmpty();
    }

    /** Gives each batch back newest first: a queue service that promises no order. */
    static class ReversingQueueSuite extends JobQueueContractTest {
        private final SettableClock clock = new SettableClock();

        @Override
        protected JobQueue createQueue() {
            return new ForwardingJobQueue(new InMemoryJobQueue(clock)) {
                @Override
                public List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout) {
                    List<QueueMessage> batch =
                            new ArrayList<>(super.receive(queueName, maxMessages, visibilityTimeout));
                    Collections.reverse(batch);
                    return batch;
                }
            };
        }

        @Override
        protected void waitFor(Duration duration) {
            clock.advance(duration);
        }
    }

    static class UnorderedQueueSuite extends ReversingQueueSuite {
        @Override
        protected boolean keepsOrder() {
            return false;
        }
    }

    @Test
    void keepsOrderChoosesWhetherTheQueueSuiteChecksASingleProducersOrder() {
        assertThat(SuiteRun.of(ReversingQueueSuite.class).failures())
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("aSingleProducersMessagesComeBackInOrder()")
                .contains("keepsOrder() is true");
        SuiteRun unordered = SuiteRun.of(UnorderedQueueSuite.class);
        assertThat(unordered.failures()).isEmpty();
        assertThat(unordered.started()).isGreaterThan(10);
    }
}
