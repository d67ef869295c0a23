package io.github.aobackgroundjobs.testkit.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.JobUpdates;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RequestTypes;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.github.aobackgroundjobs.testkit.JobRepositoryFixture;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * docs/custom-repository.md, "What to implement": the defaults a repository written from the
 * document ({@link MapJobRepository}, only the abstract methods) gets from the base class.
 */
class CustomRepositoryDocumentedTest {

    record ShipOrder(long orderId) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    /** Counts the single-record calls the batch defaults make. */
    static class CountingRepository extends MapJobRepository {
        final AtomicInteger inserts = new AtomicInteger();
        final AtomicInteger marks = new AtomicInteger();
        final AtomicInteger claims = new AtomicInteger();

        @Override
        protected BackgroundJobInfo<Long> insertValidated(BackgroundJobInfo<Long> job) {
            inserts.incrementAndGet();
            return super.insertValidated(job);
        }

        @Override
        public boolean markSent(Long id, Instant now) {
            marks.incrementAndGet();
            return super.markSent(id, now);
        }

        @Override
        public ClaimResult<Long> claim(ClaimRequest<Long> request) {
            claims.incrementAndGet();
            return super.claim(request);
        }
    }

    private final CountingRepository repository = new CountingRepository();
    private final JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repository, clock);

    @Test
    void insertAllDefaultCallsInsertValidatedOncePerJobInOrder() {
        List<BackgroundJobInfo<Long>> jobs =
                List.of(fixture.newJob("alice", "A"), fixture.newJob("bob", "B"), fixture.newJob("carol", "C"));
        List<BackgroundJobInfo<Long>> saved = repository.insertAll(jobs);
        assertThat(repository.inserts).hasValue(3);
        assertThat(saved).extracting(BackgroundJobInfo::getUserName).containsExactly("alice", "bob", "carol");
    }

    @Test
    void markAllSentDefaultCallsMarkSentOncePerJobAndCountsThePendingOnes() {
        Long pending = fixture.pending("alice").getId();
        Long running = fixture.running("alice").getId();
        repository.marks.set(0);
        assertThat(repository.markAllSent(List.of(pending, running, fixture.unknownId()), clock.instant()))
                .isEqualTo(1);
        assertThat(repository.marks).hasValue(3);
    }

    @Test
    void claimAllDefaultCallsClaimOncePerRequestInOrder() {
        Long first = fixture.pending("alice").getId();
        Long second = fixture.pending("alice").getId();
        List<ClaimResult<Long>> results = repository.claimAll(List.of(request(first), request(second), request(first)));
        assertThat(repository.claims).hasValue(3);
        assertThat(results)
                .extracting(ClaimResult::type)
                .containsExactly(ClaimResult.Type.CLAIMED, ClaimResult.Type.CLAIMED, ClaimResult.Type.BUSY);
    }

    private ClaimRequest<Long> request(Long id) {
        return new ClaimRequest<>(id, "worker-1", clock.instant(), Duration.ofSeconds(30), 3, "{}");
    }

    @Test
    void theBatchDefaultsSaveOneJobAtATimeAndTheSweeperSendsWhatAFailurePartWayLeft() {
        AtomicInteger calls = new AtomicInteger();
        MapJobRepository failsSecond = new MapJobRepository() {
            @Override
            protected BackgroundJobInfo<Long> insertValidated(BackgroundJobInfo<Long> job) {
                if (calls.incrementAndGet() == 2) {
                    throw new JobStoreUnavailableException("store gone for the test", null);
                }
                return super.insertValidated(job);
            }
        };
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        var client = QueueJobClient.builder(failsSecond, queue).clock(clock).build();
        List<ShipOrder> three = List.of(new ShipOrder(1), new ShipOrder(2), new ShipOrder(3));
        assertThatThrownBy(() -> client.queueJobs("orders", "alice", three))
                .isInstanceOf(JobStoreUnavailableException.class);
        List<BackgroundJobInfo<Long>> left = failsSecond.findActiveJobs("alice", 10);
        assertThat(left).singleElement().satisfies(job -> {
            assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(job.getSentAt()).isNull();
        });
        assertThat(queue.approximateLength("orders").orElse(0)).isZero();
        clock.advance(JobSweeper.DEFAULT_UNSENT_GRACE.plusSeconds(1));
        JobSweeper.builder(failsSecond, queue).clock(clock).build().sweepOnce();
        assertThat(queue.approximateLength("orders")).hasValue(1);
    }

    @Test
    void aRepositorySayingSentMarksBehindGetsThemWrittenBehindTheClient() throws Exception {
        MapJobRepository remote = new MapJobRepository() {
            @Override
            public boolean sentMarksBehindByDefault() {
                return true;
            }
        };
        try (var client = QueueJobClient.builder(remote, new InMemoryJobQueue(clock))
                .sentMarkDelay(Duration.ofMillis(200))
                .build()) {
            long id = client.queueJob("orders", "alice", new ShipOrder(1));
            assertThat(remote.getJob(id).getSentAt())
                    .as("not written by queueJob")
                    .isNull();
            assertThat(client.awaitSentMarks(Duration.ofSeconds(5))).isTrue();
            assertThat(remote.getJob(id).getSendCount()).isEqualTo(1);
        }
    }

    @Test
    void sentMarksBehindByDefaultIsFalseUnlessTheRepositorySaysOtherwise() {
        assertThat(new MapJobRepository().sentMarksBehindByDefault()).isFalse();
    }

    @Test
    void supportsApplicationTransactionsIsFalseUnlessOverridden() {
        assertThat(new MapJobRepository().supportsApplicationTransactions()).isFalse();
    }

    @Test
    void checkAvailableDefaultReturnsQuietly() {
        assertThatCode(() -> new MapJobRepository().checkAvailable()).doesNotThrowAnyException();
    }

    @Test
    void findUnfinishedJobsDefaultIsUnsupportedNamingTheRepository() {
        assertThatThrownBy(() -> new MapJobRepository().findUnfinishedJobs(Set.of("orders"), null, 10))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(MapJobRepository.class.getName());
    }

    @Test
    void updatesOnUpdatedAndInsertAreFinalInTheBaseClass() throws Exception {
        Class<?> base = JobRepositoryBase.class;
        List<Method> methods = List.of(
                base.getMethod("updates"),
                base.getMethod("onUpdated", Object.class),
                base.getMethod("insert", BackgroundJobInfo.class),
                base.getMethod("insertAll", List.class),
                base.getMethod("insert", Connection.class, BackgroundJobInfo.class));
        assertThat(methods)
                .allSatisfy(m -> assertThat(Modifier.isFinal(m.getModifiers()))
                        .as("%s is final", m)
                        .isTrue());
    }

    @Test
    void aRepositoryNeverPublishesTheClientPublishesWhatItSaves() {
        List<BackgroundJobInfo<Long>> told = new CopyOnWriteArrayList<>();
        repository.updates().addListener(told::add);
        Long direct = fixture.pending("alice").getId();
        repository.markSent(direct, clock.instant());
        assertThat(told).as("the repository's own writes tell no one").isEmpty();

        var client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        long queued = client.queueJob("orders", "alice", new ShipOrder(1));
        assertThat(told).extracting(BackgroundJobInfo::getId).contains(queued);
        assertThat(repository.updates()).isInstanceOf(JobUpdates.class).isSameAs(repository.updates());
    }

    @Test
    void queueJobInTransactionOnARepositoryWithoutSupportNamesTheRepository() {
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        Connection connection = unusableConnection();
        assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(CountingRepository.class.getName());
        assertThat(repository.inserts).as("nothing written").hasValue(0);
    }

    @Test
    void supportWithoutTheConnectionInsertIsUnsupportedNamingTheMissingOverride() {
        MapJobRepository halfDone = new MapJobRepository() {
            @Override
            public boolean supportsApplicationTransactions() {
                return true;
            }
        };
        var client = QueueJobClient.builder(halfDone, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        assertThatThrownBy(
                        () -> client.queueJobInTransaction(unusableConnection(), "orders", "alice", new ShipOrder(1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("insertValidated(Connection, BackgroundJobInfo)");
    }

    @Test
    void theConnectionInsertWithoutSupportsApplicationTransactionsIsNeverCalled() {
        List<BackgroundJobInfo<Long>> viaConnection = new ArrayList<>();
        MapJobRepository forgotTheFlag = new MapJobRepository() {
            @Override
            protected BackgroundJobInfo<Long> insertValidated(Connection connection, BackgroundJobInfo<Long> job) {
                viaConnection.add(job);
                return insertValidated(job);
            }
        };
        var client = QueueJobClient.builder(forgotTheFlag, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        assertThatThrownBy(
                        () -> client.queueJobInTransaction(unusableConnection(), "orders", "alice", new ShipOrder(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(viaConnection).isEmpty();
    }

    @Test
    void aRepositoryThatOptsInGetsTheRecordThroughTheApplicationsConnectionAndSendsAfterIt() {
        List<Connection> used = new ArrayList<>();
        MapJobRepository optedIn = new MapJobRepository() {
            @Override
            public boolean supportsApplicationTransactions() {
                return true;
            }

            @Override
            protected BackgroundJobInfo<Long> insertValidated(Connection connection, BackgroundJobInfo<Long> job) {
                used.add(connection);
                return insertValidated(job);
            }
        };
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        var client = QueueJobClient.builder(optedIn, queue).clock(clock).build();
        Connection connection = unusableConnection();
        var job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(7));
        assertThat(used).hasSize(1);
        assertThat(used.get(0)).isSameAs(connection);
        assertThat(queue.approximateLength("orders").orElse(0))
                .as("nothing sent before send()")
                .isZero();
        job.send();
        assertThat(queue.approximateLength("orders")).hasValue(1);
        assertThat(optedIn.getJob(job.id()).getSendCount()).isEqualTo(1);
    }

    /** Opts into transactions over the map; counts the reads by id. */
    static final class OptedInRepository extends MapJobRepository {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public boolean supportsApplicationTransactions() {
            return true;
        }

        @Override
        protected BackgroundJobInfo<Long> insertValidated(Connection connection, BackgroundJobInfo<Long> job) {
            return insertValidated(job);
        }

        @Override
        public Optional<BackgroundJobInfo<Long>> findJob(Long id) {
            reads.incrementAndGet();
            return super.findJob(id);
        }
    }

    @Test
    void sendReadsTheRecordBackOnceByIdAndSendsOneMessageHoweverManyThreadsCallIt() throws Exception {
        OptedInRepository optedIn = new OptedInRepository();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        var client = QueueJobClient.builder(optedIn, queue).clock(clock).build();
        var job = client.queueJobInTransaction(unusableConnection(), "orders", "alice", new ShipOrder(8));
        optedIn.reads.set(0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sends.add(threads.submit(() -> {
                    go.await();
                    job.send();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> send : sends) {
                send.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(queue.approximateLength("orders")).hasValue(1);
        assertThat(optedIn.reads).as("one read by id before the send").hasValue(1);
        assertThat(job.isSent()).isTrue();
    }

    @Test
    void aTransactionalJobIsPublishedWhenSendRunsNotWhenItIsSaved() {
        OptedInRepository optedIn = new OptedInRepository();
        List<BackgroundJobInfo<Long>> told = new CopyOnWriteArrayList<>();
        optedIn.updates().addListener(told::add);
        var client = QueueJobClient.builder(optedIn, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        var job = client.queueJobInTransaction(unusableConnection(), "orders", "alice", new ShipOrder(3));
        assertThat(told).as("nothing published before send()").isEmpty();
        job.send();
        assertThat(told).extracting(BackgroundJobInfo::getId).contains(job.id());
    }

    @Test
    void aClaimRequestNamesALeaseThatIsNotPositiveAndMaxAttemptsBelowOne() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> new ClaimRequest<>(1L, "w", now, Duration.ZERO, 3, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'leaseDuration'");
        assertThatThrownBy(() -> new ClaimRequest<>(1L, "w", now, Duration.ofSeconds(-1), 3, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'leaseDuration'");
        assertThatThrownBy(() -> new ClaimRequest<>(1L, "w", now, Duration.ofSeconds(30), 0, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxAttempts'");
    }

    @Test
    void aCompletionNamesAStatusNoRunningJobEndsInANegativeDurationAndARetryWithoutItsTime() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> new JobCompletion<>(1L, "w", JobStatus.RUNNING, now, 1, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'status'");
        assertThatThrownBy(() -> new JobCompletion<>(1L, "w", JobStatus.SUCCEEDED, now, -1, "{}", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'durationMillis'");
        assertThatThrownBy(() -> new JobCompletion<>(1L, "w", JobStatus.PENDING, now, 1, null, "{}", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'nextAttemptAt'");
    }

    @Test
    void insertOfAnInvalidRecordNeverReachesInsertValidated() {
        BackgroundJobInfo<Long> job = fixture.newJob("alice", "T");
        job.setQueueName("Not_A_Queue");
        assertThatThrownBy(() -> repository.insert(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThat(repository.inserts).hasValue(0);
    }

    @Test
    void theSpiTypesLiveInTheSpiPackageAndTheInMemoryOnesInMemory() throws Exception {
        for (String name : List.of(
                "JobRepositoryBase",
                "JobQueryRepository",
                "JobQueue",
                "ClaimRequest",
                "ClaimResult",
                "JobCompletion",
                "LeaseState",
                "JobKeyType",
                "JobQuery",
                "JobPage",
                "JobStatistics",
                "StatisticsQuery",
                "JobValidation",
                "QueueMessage",
                "MessageReceiptExpiredException")) {
            assertThat(Class.forName("io.github.aobackgroundjobs.spi." + name)).isNotNull();
        }
        assertThat(InMemoryJobRepository.class.getPackageName()).isEqualTo("io.github.aobackgroundjobs.memory");
        assertThat(InMemoryJobQueue.class.getPackageName()).isEqualTo("io.github.aobackgroundjobs.memory");
    }

    /** A connection every call of which fails: proves the library does not touch it. */
    private static Connection unusableConnection() {
        return (Connection) Proxy.newProxyInstance(
                CustomRepositoryDocumentedTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                    throw new AssertionError("the connection was used: " + m.getName());
                });
    }

    // ---------------------------------------------------------------- findSweepCandidates' default

    @Test
    void sweepCandidatesDefaultWithoutSentBeforeFindsUnsentAndExpiredRunningJobsButNoSentOne() {
        MapJobRepository plain = new MapJobRepository();
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(plain, clock);
        Long unsent = f.pending("alice").getId();
        Long sent = f.pending("alice").getId();
        plain.markSent(sent, clock.instant());
        Long running = f.running("alice").getId();
        Instant now = f.advance(Duration.ofHours(1));
        assertThat(plain.findSweepCandidates(now, null, now, 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(unsent, running);
    }

    @Test
    void sweepCandidatesDefaultAppliesEachCutOffToItsOwnKind() {
        MapJobRepository plain = new MapJobRepository();
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(plain, clock);
        BackgroundJobInfo<Long> running = f.running("alice");
        Long sent = f.pending("alice").getId();
        plain.markSent(sent, clock.instant());
        Instant now = f.advance(Duration.ofHours(1));
        Instant beforeAnything = running.getLeaseExpiresAt().minus(Duration.ofHours(2));
        assertThat(plain.findSweepCandidates(now, beforeAnything, now, 10))
                .as("the lease expired before leaseExpiredBefore: found, however early sentBefore is")
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(running.getId());
        assertThat(plain.findSweepCandidates(now, now, beforeAnything, 10))
                .as("sent before sentBefore: found, however early leaseExpiredBefore is")
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(sent);
    }

    @Test
    void sweepCandidatesDefaultIsNotHiddenByABacklogOfSentJobsLargerThanTheLimit() {
        MapJobRepository plain = new MapJobRepository();
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(plain, clock);
        for (int i = 0; i < 50; i++) {
            plain.markSent(f.pending("alice").getId(), clock.instant());
        }
        f.advance(Duration.ofMinutes(1));
        Long running = f.running("alice").getId();
        Instant now = f.advance(Duration.ofHours(1));
        assertThat(plain.findSweepCandidates(now, null, now, 5))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(running);
    }

    @Test
    void sweepCandidatesDefaultStopsAskingAgainAtTheRepositorysOwnCap() {
        MapJobRepository capped = new MapJobRepository() {
            @Override
            public synchronized List<BackgroundJobInfo<Long>> findSweepCandidates(
                    Instant unsentBefore, Instant staleBefore, int limit) {
                if (limit > 10) {
                    throw new IllegalArgumentException("'limit' may be at most 10 here, not " + limit + ".");
                }
                return super.findSweepCandidates(unsentBefore, staleBefore, limit);
            }
        };
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(capped, clock);
        for (int i = 0; i < 12; i++) {
            capped.markSent(f.pending("alice").getId(), clock.instant());
        }
        f.advance(Duration.ofMinutes(1));
        f.running("alice");
        Instant now = f.advance(Duration.ofHours(1));
        assertThat(capped.findSweepCandidates(now, null, now, 5))
                .as("the larger limit refused: what the allowed one found, without the backlog")
                .isEmpty();
        assertThatThrownBy(() -> capped.findSweepCandidates(now, null, now, 11))
                .as("a limit above the cap asked by the caller is refused")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit'");
    }

    @Test
    void theWorkersDefaultSweeperCancelsADeadWorkersJobOnARepositoryKeepingTheDefault() {
        MapJobRepository plain = new MapJobRepository();
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(plain, clock);
        BackgroundJobInfo<Long> running = f.running("alice");
        plain.requestCancel(running.getId(), clock.instant());
        f.advance(Duration.ofMinutes(1));
        JobSweeper<Long> sweeper = JobSweeper.builder(plain, new InMemoryJobQueue(clock))
                .clock(clock)
                .resendStaleSent(false)
                .build();
        assertThat(sweeper.sweepOnce().cancelled()).isEqualTo(1);
        assertThat(plain.getJob(running.getId()).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void theInMemoryRepositoryRefusesALimitUnderOneAndHasNoCap() {
        var memory = InMemoryJobRepository.withLongKeys();
        Instant now = clock.instant();
        List<ThrowingCallable> underOne = List.of(
                () -> memory.findActiveJobs("alice", 0),
                () -> memory.findSweepCandidates(now, now, 0),
                () -> memory.findSweepCandidates(now, null, now, 0),
                () -> memory.findUnfinishedJobs(Set.of("orders"), null, 0),
                () -> memory.findUpdatedSince(now, null, 0));
        assertThat(underOne)
                .allSatisfy(call -> assertThatThrownBy(call)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("'limit'"));
        assertThat(memory.findActiveJobs("alice", Integer.MAX_VALUE)).isEmpty();
        assertThat(memory.findSweepCandidates(now, now, Integer.MAX_VALUE)).isEmpty();
        assertThat(memory.findSweepCandidates(now, null, now, Integer.MAX_VALUE))
                .isEmpty();
        assertThat(memory.findUnfinishedJobs(Set.of("orders"), null, Integer.MAX_VALUE))
                .isEmpty();
        assertThat(memory.findUpdatedSince(now, null, Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void sweepCandidatesDefaultRefusesALimitUnderOne() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> new MapJobRepository().findSweepCandidates(now, null, now, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit'");
    }

    @Test
    void sweepCandidatesComeInTheOrderEachBecameACandidate() {
        assertSweepOrder(InMemoryJobRepository.withLongKeys());
        assertSweepOrder(new MapJobRepository());
    }

    private void assertSweepOrder(JobRepositoryBase<Long> store) {
        SettableClock time = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(store, time);
        Instant t0 = time.instant();
        Long unsent = f.pending("alice").getId();
        BackgroundJobInfo<Long> delayed = f.newJob("alice", "T");
        delayed.setNextAttemptAt(t0.plusSeconds(50));
        Long sentButDueLater = store.insert(delayed).getId();
        Long running = f.running("alice").getId();
        time.set(t0.plusSeconds(1));
        store.markSent(sentButDueLater, time.instant());
        time.set(t0.plusSeconds(10));
        Long sentAtTen = f.pending("alice").getId();
        store.markSent(sentAtTen, time.instant());
        Instant now = time.advance(Duration.ofHours(2));
        List<Long> expected = List.of(unsent, sentAtTen, running, sentButDueLater);
        assertThat(store.findSweepCandidates(now, now, 10))
                .as("unsent by updatedAt, sent by the later of sentAt and due, RUNNING by leaseExpiresAt")
                .extracting(BackgroundJobInfo::getId)
                .containsExactlyElementsOf(expected);
        assertThat(store.findSweepCandidates(now, now, now, 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void findActiveJobsBreaksATieOfCreatedByUuidCanonicalTextDescending() {
        var memory = InMemoryJobRepository.withUuidKeys();
        JobRepositoryFixture<UUID> f = new JobRepositoryFixture<>(memory, clock);
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        assertThat(high.compareTo(low)).as("UUID.compareTo would put it first").isNegative();
        for (UUID id : List.of(low, high)) {
            BackgroundJobInfo<UUID> job = f.newJob("alice", "T");
            job.setId(id);
            memory.insert(job);
        }
        assertThat(memory.findActiveJobs("alice", 10))
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(high, low);
    }

    @Test
    void statisticsPerTypeByTypeNameWithDurationsOnlyOfJobsThatHaveOneAndFailuresTiedByIdDescending() {
        assertStatistics(InMemoryJobRepository.withLongKeys());
        assertStatistics(new MapJobQueryRepository());
    }

    private <R extends JobRepositoryBase<Long> & JobQueryRepository<Long>> void assertStatistics(R store) {
        SettableClock time = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        JobRepositoryFixture<Long> f = new JobRepositoryFixture<>(store, time);
        f.finished("alice", "BType", JobStatus.SUCCEEDED, 100);
        Long firstFailure = f.finished("alice", "AType", JobStatus.FAILED, 10).getId();
        Long secondFailure = f.finished("alice", "AType", JobStatus.FAILED, 30).getId();
        store.requestCancel(f.pending("alice", "AType").getId(), time.instant());
        store.requestCancel(f.pending("alice", "CType").getId(), time.instant());
        var stats = store.statistics(new StatisticsQuery(
                time.instant().minus(Duration.ofHours(1)), time.instant().plus(Duration.ofHours(1)), ChronoUnit.HOURS));
        assertThat(stats.byRequestType()).extracting(t -> t.requestType()).containsExactly("AType", "BType", "CType");
        var a = stats.byRequestType().get(0);
        assertThat(a.completed()).as("the cancelled job counts as completed").isEqualTo(3);
        assertThat(a.failed()).isEqualTo(2);
        assertThat(a.averageDurationMillis()).as("of the two with a duration").isEqualTo(20.0);
        assertThat(a.p95DurationMillis()).isEqualTo(30);
        var c = stats.byRequestType().get(2);
        assertThat(c.averageDurationMillis()).isZero();
        assertThat(c.p95DurationMillis()).isZero();
        assertThat(stats.recentFailures())
                .as("completed at the same instant: id descending")
                .extracting(BackgroundJobInfo::getId)
                .containsExactly(secondFailure, firstFailure);
    }

    // ---------------------------------------------------------------- a queue of one's own: the defaults

    private final MinimalJobQueue ownQueue = new MinimalJobQueue(new InMemoryJobQueue(clock));

    @Test
    void aQueueIsDurableByDefault() {
        assertThat(ownQueue.isDurable()).isTrue();
    }

    @Test
    void checkAccessByDefaultChecksTheNameOnly() {
        assertThatCode(() -> ownQueue.checkAccess("orders")).doesNotThrowAnyException();
        assertThat(ownQueue.approximateLength("orders").orElse(0))
                .as("changes nothing")
                .isZero();
        assertThatThrownBy(() -> ownQueue.checkAccess("Bad_Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }

    @Test
    void deadLetterByDefaultCopiesTheTextToThePoisonQueueThenDeletes() {
        String text = "{\"id\":\"42\"} h\u00e9llo \ud83d\ude00";
        ownQueue.send("orders", text, Duration.ZERO);
        var message = ownQueue.receive("orders", 1, Duration.ofSeconds(30)).get(0);
        ownQueue.deadLetter("orders", message);
        assertThat(ownQueue.poisonQueueName("orders")).isEqualTo("orders-poison");
        assertThat(ownQueue.approximateLength("orders")).hasValue(0);
        assertThat(ownQueue.receive("orders-poison", 1, Duration.ofSeconds(30)))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo(text));
    }

    @Test
    void aSendListenerByDefaultIsNeverCalledAndItsRegistrationCloses() {
        List<String> heard = new ArrayList<>();
        var registration = ownQueue.addSendListener(heard::add);
        ownQueue.send("orders", "x", Duration.ZERO);
        assertThat(heard).isEmpty();
        assertThatCode(registration::close).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- a worker on a queue that keeps no messages

    static final class ShipJob extends BackgroundJobBase<Long, ShipOrder, ShipOrder> {
        ShipJob(JobRepositoryBase<Long> repository) {
            super(repository, ShipOrder.class, ShipOrder.class);
        }

        @Override
        protected ShipOrder onExecute(ShipOrder request, JobContext<Long> context) {
            return request;
        }
    }

    /** A job saved but never sent, as a crash between the insert and the send leaves it. */
    private static Long savedButNeverSent(JobRepositoryBase<Long> store) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType(RequestTypes.nameOf(ShipOrder.class));
        job.setRequestData("{\"orderId\":9}");
        job.setQueueName("orders");
        job.setStatus(JobStatus.PENDING);
        job.setCreated(Instant.now());
        return store.insert(job).getId();
    }

    @Test
    void aWorkerOnAQueueThatKeepsNoMessagesSendsEveryUnfinishedJobAsItStarts() throws Exception {
        RecoveringMapJobRepository store = new RecoveringMapJobRepository(true);
        Long lost = savedButNeverSent(store);
        try (QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                .job("orders", new ShipJob(store))
                .noSweeper()
                .build()) {
            worker.start();
            assertThat(QueueJobClient.builder(store, new InMemoryJobQueue())
                            .build()
                            .awaitCompletion(lost, Duration.ofSeconds(10))
                            .getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void aWorkerStartsWithoutFindUnfinishedJobsAndLeavesTheLostJobToTheSweeper() throws Exception {
        MapJobRepository store = new MapJobRepository();
        Long lost = savedButNeverSent(store);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("orders", new ShipJob(store))
                .noSweeper()
                .build()) {
            worker.start();
            var client = QueueJobClient.builder(store, queue).build();
            long fresh = client.queueJob("orders", "alice", new ShipOrder(10));
            assertThat(client.awaitCompletion(fresh, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            assertThat(store.getJob(lost).getStatus()).isEqualTo(JobStatus.PENDING);
        }
    }

    // ---------------------------------------------------------------- ForwardingJobQueue

    @Test
    void forwardingJobQueueForwardsEveryMethodOfTheSpiDefaultsIncluded() {
        List<String> notForwarded = Arrays.stream(JobQueue.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> {
                    try {
                        return ForwardingJobQueue.class
                                        .getMethod(m.getName(), m.getParameterTypes())
                                        .getDeclaringClass()
                                != ForwardingJobQueue.class;
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                })
                .map(Method::getName)
                .toList();
        assertThat(notForwarded).isEmpty();
    }

    @Test
    void forwardingJobQueueKeepsTheWrappedQueuesDurabilityAndPoisonName() {
        JobQueue wrapped = new ForwardingJobQueue(new InMemoryJobQueue(clock)) {};
        assertThat(wrapped.isDurable()).as("InMemoryJobQueue is not durable").isFalse();
        assertThat(wrapped.poisonQueueName("orders")).isEqualTo("orders-poison");
        String id = wrapped.send("orders", "text", Duration.ZERO);
        assertThat(((ForwardingJobQueue) wrapped).delegate().receive("orders", 1, Duration.ofSeconds(1)))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("text"))
                .satisfies(m -> assertThat(m.messageId()).isEqualTo(id));
    }
}
