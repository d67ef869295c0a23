package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyQueue;
import io.github.aobackgroundjobs.support.OtherRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every row of the outcome table, through QueueWorker.runOnce() on the in-memory queue and
 * repository, with a settable clock: the record after, and what happened to the message.
 */
class WorkerOutcomeTest {

    private static final String QUEUE = "echo";
    private static final Duration VISIBILITY = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final JobSerializer serializer = JobSerializer.defaults();
    private QueueJobClient<Long> client;
    private EchoJob<Long> job;
    private QueueWorker worker;

    @BeforeEach
    void setUp() {
        client = QueueJobClient.builder(repository, queue).clock(clock).build();
        useJob(RetryPolicy.fixed(3, Duration.ofSeconds(10)));
    }

    @AfterEach
    void tearDown() {
        worker.close(Duration.ofSeconds(5));
    }

    private void useJob(RetryPolicy policy) {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(policy)
                .leaseDuration(LEASE)
                .workerId("worker-a")
                .build();
        job = new EchoJob<>(repository, options);
        worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .visibilityTimeout(VISIBILITY)
                .build();
    }

    private long visibleMessages() {
        return queue.receive(QUEUE, 32, Duration.ofSeconds(1)).size();
    }

    @Test
    void succeeded_storesResultAndDeletesTheMessage() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("hello"));

        assertThat(worker.runOnce()).isEqualTo(1);

        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(serializer
                        .readResult(record, io.github.aobackgroundjobs.support.EchoResult.class)
                        .orElseThrow()
                        .text())
                .isEqualTo("hello");
        assertThat(record.getAttempts()).isEqualTo(1);
        assertThat(record.getStarted()).isEqualTo(clock.instant());
        assertThat(record.getCompleted()).isEqualTo(clock.instant());
        assertThat(record.getLeaseOwner()).isNull();
        assertThat(record.getSentAt()).isNotNull();
        assertThat(job.statusCalls).containsExactly(id + ":RUNNING", id + ":SUCCEEDED");
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
        assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isEqualTo(1);
    }

    @Test
    void failed_withNoAttemptsLeft_storesTheErrorAndDeletesTheMessage() {
        useJob(RetryPolicy.none());
        long id = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 9));

        worker.runOnce();

        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.FAILED);
        ErrorInfo error = serializer.readError(record).orElseThrow();
        assertThat(error.message()).isEqualTo("planned failure 1 of 9");
        assertThat(error.context()).isEqualTo("executing");
        assertThat(error.stackTrace()).contains("EchoJob.onExecute");
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
        assertThat(job.statusCalls).containsExactly(id + ":RUNNING", id + ":FAILED");
    }

    @Test
    void failed_whenThePolicyNeverRetriesTheException() {
        useJob(RetryPolicy.fixed(5, Duration.ofSeconds(1)).neverRetryOn(IllegalStateException.class));
        long id = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 1));

        worker.runOnce();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void retry_keepsTheErrorSendsADelayedMessageAndRunsAgainWhenDue() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 1));
        Instant firstRun = clock.instant();

        worker.runOnce();

        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(record.getNextAttemptAt()).isEqualTo(firstRun.plusSeconds(10));
        assertThat(serializer.readError(record).orElseThrow().message()).isEqualTo("planned failure 1 of 1");
        assertThat(record.getSentAt())
                .as("the retry message is recorded as sent")
                .isNotNull();
        assertThat(record.getSendCount()).isEqualTo(2);
        assertThat(worker.runOnce())
                .as("the retry message is not visible before it is due")
                .isZero();

        clock.advance(Duration.ofSeconds(10));
        assertThat(worker.runOnce()).isEqualTo(1);

        record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(record.getAttempts()).isEqualTo(2);
        assertThat(record.getExceptionData())
                .as("a new attempt clears the last error")
                .isNull();
        assertThat(job.runsOf(id)).isEqualTo(2);
        assertThat(job.statusCalls)
                .containsExactly(id + ":RUNNING", id + ":PENDING", id + ":RUNNING", id + ":SUCCEEDED");
    }

    @Test
    void retry_endsFailedOnTheLastAttempt() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 99));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(worker.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(10));
        }
        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(record.getAttempts()).isEqualTo(3);
        assertThat(worker.runOnce()).isZero();
    }

    @Test
    void cancelled_beforeTheRun_makesTheMessageAlreadyDone() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        assertThat(client.cancel(id)).isEqualTo(CancelResult.CANCELLED);

        worker.runOnce();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.runsOf(id)).isZero();
        assertThat(worker.stats().outcomes(Outcome.Type.ALREADY_DONE)).isEqualTo(1);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
    }

    @Test
    void cancelled_duringTheRun_stopsTheJob() throws Exception {
        long id = client.queueJob(QUEUE, "alice", new EchoRequest("x", 0, 0, 0, true));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = runner.submit(worker::runOnce);
            assertThat(job.started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(client.cancel(id)).isEqualTo(CancelResult.REQUESTED);

            assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            runner.shutdownNow();
        }
        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(worker.stats().outcomes(Outcome.Type.CANCELLED)).isEqualTo(1);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
    }

    @Test
    void cancelled_whileItsWorkerWasLost_isCancelledByTheNextClaim() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        repository.claim(new ClaimRequest<>(id, "dead-worker", clock.instant(), LEASE, 3, "{}"));
        assertThat(repository.requestCancel(id, clock.instant())).isEqualTo(CancelResult.REQUESTED);
        clock.advance(VISIBILITY.plusSeconds(1));

        worker.runOnce();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.runsOf(id)).isZero();
        assertThat(worker.stats().outcomes(Outcome.Type.CANCELLED)).isEqualTo(1);
    }

    @Test
    void alreadyDone_aDuplicateMessageRunsNothing() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        queue.send(QUEUE, new JobMessageCodec<>(JobKeyType.LONG).encode(id), Duration.ZERO);

        assertThat(worker.runOnce()).isEqualTo(2);

        assertThat(job.runsOf(id)).isEqualTo(1);
        assertThat(worker.stats().outcomes(Outcome.Type.ALREADY_DONE)).isEqualTo(1);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
    }

    @Test
    void busy_underAnotherWorkersLiveLease_leavesTheRecordAndHidesTheMessageUntilTheLeaseEnds() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        repository.claim(new ClaimRequest<>(id, "worker-b", clock.instant(), LEASE, 3, "{}"));
        BackgroundJobInfo<Long> before = repository.getJob(id);

        worker.runOnce();

        BackgroundJobInfo<Long> after = repository.getJob(id);
        assertThat(after.getVersion()).isEqualTo(before.getVersion());
        assertThat(after.getLeaseOwner()).isEqualTo("worker-b");
        assertThat(worker.stats().outcomes(Outcome.Type.BUSY)).isEqualTo(1);
        clock.advance(LEASE.minusSeconds(1));
        assertThat(visibleMessages()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(visibleMessages()).isEqualTo(1);
    }

    @Test
    void busy_whenTheNextAttemptIsNotDue() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"), Duration.ofMinutes(5));
        queue.send(QUEUE, new JobMessageCodec<>(JobKeyType.LONG).encode(id), Duration.ZERO);

        assertThat(worker.runOnce()).isEqualTo(1);

        assertThat(job.runsOf(id)).isZero();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(worker.stats().outcomes(Outcome.Type.BUSY)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(worker.runOnce()).isEqualTo(2);
        assertThat(job.runsOf(id)).isEqualTo(1);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void rejected_textThatIsNotAnId_goesToPoisonByteIdentical() {
        List<String> junk = List.of(
                "not base64 at all!",
                Base64.getEncoder().encodeToString("{not json".getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString("{\"id\":1}".getBytes(StandardCharsets.UTF_8)),
                "x".repeat(64 * 1024));
        for (String text : junk) {
            queue.send(QUEUE, text, Duration.ZERO);
        }
        long good = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));

        worker.runOnce();

        assertThat(repository.getJob(good).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        List<QueueMessage> poisoned = queue.receive(QUEUE + "-poison", 32, Duration.ofSeconds(30));
        assertThat(poisoned).extracting(QueueMessage::text).containsExactlyInAnyOrderElementsOf(junk);
        assertThat(worker.stats().deadLettered()).isEqualTo(4);
    }

    @Test
    void rejected_unknownId() {
        String text = new JobMessageCodec<>(JobKeyType.LONG).encode(4242L);
        queue.send(QUEUE, text, Duration.ZERO);

        worker.runOnce();

        assertThat(queue.receive(QUEUE + "-poison", 32, VISIBILITY))
                .extracting(QueueMessage::text)
                .containsExactly(text);
        assertThat(worker.stats().outcomes(Outcome.Type.REJECTED)).isEqualTo(1);
    }

    @Test
    void rejected_strayMessageOfAnotherJobKind_isPoisonedAndLeavesThatJobUntouched() {
        long id = client.queueJob(QUEUE, "alice", new OtherRequest(7));
        BackgroundJobInfo<Long> before = repository.getJob(id);

        worker.runOnce();

        BackgroundJobInfo<Long> after = repository.getJob(id);
        assertThat(after.getStatus()).as("the other kind's job stays PENDING").isEqualTo(JobStatus.PENDING);
        assertThat(after.getAttempts()).as("no attempt is used up").isZero();
        assertThat(after.getVersion()).as("the claim wrote nothing").isEqualTo(before.getVersion());
        assertThat(after.getExceptionData()).isNull();
        assertThat(queue.receive(QUEUE + "-poison", 32, VISIBILITY))
                .as("the stray message is poisoned unchanged")
                .extracting(QueueMessage::text)
                .containsExactly(new JobMessageCodec<>(JobKeyType.LONG).encode(id));
        assertThat(worker.stats().outcomes(Outcome.Type.REJECTED)).isEqualTo(1);
        assertThat(job.statusCalls).as("the status hook is not told").isEmpty();
    }

    @Test
    void rejected_requestJsonThatDoesNotFit_abortsTheRecordWithTheReason() {
        BackgroundJobInfo<Long> bad = new BackgroundJobInfo<>();
        bad.setUserName("alice");
        bad.setRequestType("EchoRequest");
        bad.setRequestData("{\"text\":\"x\",\"failTimes\":0,\"sleepMillis\":0,\"progressSteps\":0,"
                + "\"waitForCancel\":false,\"unexpected\":true}");
        bad.setQueueName(QUEUE);
        bad.setCreated(clock.instant());
        bad.setNextAttemptAt(clock.instant());
        long id = repository.insert(bad).getId();
        queue.send(QUEUE, new JobMessageCodec<>(JobKeyType.LONG).encode(id), Duration.ZERO);

        worker.runOnce();

        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(serializer.readError(record).orElseThrow().message()).contains("cannot be read", "unexpected");
        assertThat(job.runsOf(id)).isZero();
    }

    @Test
    void aborted_afterEveryAttemptLostItsWorker() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        for (int lost = 0; lost < 3; lost++) {
            assertThat(repository
                            .claim(new ClaimRequest<>(id, "dead-" + lost, clock.instant(), LEASE, 3, "{}"))
                            .type())
                    .isEqualTo(ClaimResult.Type.CLAIMED);
            clock.advance(LEASE.plusSeconds(1));
        }

        worker.runOnce();

        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(serializer.readError(record).orElseThrow().message()).startsWith("Gave up after 3 attempts");
        assertThat(worker.stats().outcomes(Outcome.Type.ABORTED)).isEqualTo(1);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
        assertThat(job.runsOf(id)).isZero();
    }

    @Test
    void poison_afterMaxDequeueCount_marksTheRecordAborted() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        for (int i = 0; i < QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT; i++) {
            assertThat(queue.receive(QUEUE, 1, Duration.ofSeconds(1))).hasSize(1);
            clock.advance(Duration.ofSeconds(1));
        }

        worker.runOnce();

        assertThat(job.runsOf(id)).isZero();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(queue.receive(QUEUE + "-poison", 32, VISIBILITY)).hasSize(1);
    }

    @Test
    void aThrowingStatusHookOrListenerNeverChangesTheOutcome() {
        job.hookThrows = true;
        repository.updates().addListener(j -> {
            throw new IllegalStateException("listener failure");
        });
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));

        worker.runOnce();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.statusCalls).hasSize(2);
    }

    @Test
    void postStatusUpdatesOff_silencesTheHook() {
        job = new EchoJob<>(
                repository,
                JobOptions.builder().clock(clock).postStatusUpdates(false).build());
        worker.close(Duration.ofSeconds(1));
        worker = QueueWorker.builder(queue).job(QUEUE, job).build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));

        worker.runOnce();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.statusCalls).isEmpty();
    }

    @Test
    void progress_isSavedThrottledAndTheLastValueWins() {
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .progressInterval(Duration.ofMillis(200))
                .build();
        job = new EchoJob<>(repository, options);
        job.release = new CountDownLatch(1);
        worker.close(Duration.ofSeconds(1));
        worker = QueueWorker.builder(queue).job(QUEUE, job).build();
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        repository.updates().addListener(j -> {
            if (j.getStatus() == JobStatus.RUNNING && j.getProgressPercent() != null) {
                seen.add(j.getProgressPercent());
            }
        });
        long id = client.queueJob(QUEUE, "alice", new EchoRequest("x", 0, 400, 50, false));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            runner.submit(worker::runOnce);
            job.release.countDown();
            Await.until(
                    Duration.ofSeconds(10),
                    "the job to finish",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        } finally {
            runner.shutdownNow();
        }
        assertThat(seen)
                .as("50 reports within a few ms are saved as the first and then the last")
                .first()
                .isEqualTo(2);
        assertThat(seen).last().isEqualTo(100);
        assertThat(seen.size()).isLessThanOrEqualTo(4);
    }

    @Test
    void queueJob_validatesEverythingBeforeWritingAnything() {
        assertThatThrownBy(() -> client.queueJob(QUEUE, null, EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> client.queueJob(QUEUE, "u".repeat(51), EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> client.queueJob(QUEUE, " ", EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> client.queueJob(QUEUE, "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> client.queueJob(QUEUE, "alice", new Object() {
                    public Object getSelf() {
                        return this;
                    }
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.queueJob("Bad_Queue", "alice", EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> client.queueJob(QUEUE, "alice", EchoRequest.ok("x"), Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delay'");
        assertThat(repository.size()).isZero();
        assertThat(queue.approximateLength(QUEUE))
                .satisfiesAnyOf(
                        l -> assertThat(l).isEmpty(),
                        l -> assertThat(l.getAsLong()).isZero());
    }

    @Test
    void queueJob_sendFailure_abortsTheRecordAndTellsTheCallerWhichJob_requeueSendsAgain() {
        FaultyQueue broken = new FaultyQueue(queue);
        broken.setDown(true);
        QueueJobClient<Long> failing =
                QueueJobClient.builder(repository, broken).clock(clock).build();

        JobQueueingException error = org.junit.jupiter.api.Assertions.assertThrows(
                JobQueueingException.class, () -> failing.queueJob(QUEUE, "alice", EchoRequest.ok("x")));

        long id = (Long) error.getJobId();
        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(serializer.readError(record).orElseThrow().context()).isEqualTo("queueing");

        client.requeue(id);
        worker.runOnce();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThatThrownBy(() -> client.requeue(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SUCCEEDED");
    }

    @Test
    void requeue_ofAPendingJobWhoseMessageIsOut_isRefusedAndSendsNothing() {
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        assertThat(repository.getJob(id).getSentAt()).isNotNull();
        long before = queue.approximateLength(QUEUE).orElseThrow();

        assertThatThrownBy(() -> client.requeue(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Job " + id + " is PENDING")
                .hasMessageContaining("waits its turn");

        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isEqualTo(before);
        worker.runOnce();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void requeue_afterFailure_givesAFreshAttemptBudget() {
        useJob(RetryPolicy.none());
        long id = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 1));
        worker.runOnce();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.FAILED);

        client.requeue(id);
        worker.runOnce();

        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(record.getAttempts())
                .as("attempts restart at 1 after a requeue")
                .isEqualTo(1);
    }

    @Test
    void theWorkerRefusesAmbiguousOrUnsafeBindings() {
        EchoJob<Long> second = new EchoJob<>(repository, JobOptions.defaults());
        assertThatThrownBy(() -> QueueWorker.builder(queue)
                        .job("a-queue", job)
                        .job("b-queue", second)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'EchoRequest' is used by two jobs");
        assertThatThrownBy(() -> QueueWorker.builder(queue)
                        .job("a-queue", job)
                        .job("a-queue", second)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bound to two jobs");
        assertThatThrownBy(() -> QueueWorker.builder(queue)
                        .job("a-queue", job)
                        .visibilityTimeout(LEASE)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shorter than the visibility timeout");
        assertThatThrownBy(() -> QueueWorker.builder(queue).build()).isInstanceOf(IllegalStateException.class);
    }
}
