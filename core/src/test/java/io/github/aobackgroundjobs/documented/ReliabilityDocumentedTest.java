package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.JobMessageHandler;
import io.github.aobackgroundjobs.delivery.MessageActions;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.support.CountingQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The guarantees README.md's Concepts and docs/reliability.md give, on the in-memory parts: a
 * duplicate delivery, a message on the wrong queue, a killed worker, a message delivered too
 * often, a lost message, a restart.
 */
class ReliabilityDocumentedTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    record Report(String title) {}

    record Invoice(String number) {}

    /** Counts its runs per job, and sleeps as long as the title says in milliseconds, if it is a number. */
    static final class ReportJob extends BackgroundJobBase<Long, Report, String> {
        final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

        ReportJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Report.class, String.class, options);
        }

        @Override
        protected String onExecute(Report request, JobContext<Long> context) throws InterruptedException {
            runs.computeIfAbsent(context.id(), k -> new AtomicInteger()).incrementAndGet();
            if (request.title().chars().allMatch(Character::isDigit)) {
                Thread.sleep(Long.parseLong(request.title()));
            }
            return "done";
        }

        int runsOf(long id) {
            AtomicInteger n = runs.get(id);
            return n == null ? 0 : n.get();
        }
    }

    static final class InvoiceJob extends BackgroundJobBase<Long, Invoice, String> {
        InvoiceJob(JobRepositoryBase<Long> repository) {
            super(repository, Invoice.class, String.class);
        }

        @Override
        protected String onExecute(Invoice request, JobContext<Long> context) {
            return request.number();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static String text(long id) {
        return new JobMessageCodec<>(JobKeyType.LONG).encode(id);
    }

    // ------------------------------------------------------------------ duplicates

    @Test
    void aDuplicateMessageNeverRunsAJobTwice() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        // A copy received while the job runs waits out the lease before it is looked at again: keep it short.
        var job = new ReportJob(
                repository,
                JobOptions.builder().leaseDuration(Duration.ofSeconds(2)).build());
        var client = QueueJobClient.builder(repository, queue).build();
        long id = client.queueJob("reports", "alice", new Report("100"));
        queue.send("reports", text(id), Duration.ZERO);
        queue.send("reports", text(id), Duration.ZERO);
        try (QueueWorker worker =
                QueueWorker.builder(queue).job("reports", job).build().start()) {
            await(() -> queue.approximateLength("reports").getAsLong() == 0, "every copy settled");
        }
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.runsOf(id)).isEqualTo(1);
        assertThat(repository.getJob(id).getAttempts()).isEqualTo(1);
        assertThat(queue.approximateLength(queue.poisonQueueName("reports"))).hasValue(0);
    }

    // ------------------------------------------------------------------ wrong queue

    @Test
    void aMessageOnTheWrongQueueIsPoisonedAndLeavesThatJobAlone() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        var reports = new ReportJob(repository, JobOptions.defaults());
        var client = QueueJobClient.builder(repository, queue).build();
        long invoiceId = client.queueJob("invoices", "alice", new Invoice("A-1"));
        BackgroundJobInfo<Long> before = repository.getJob(invoiceId);
        queue.send("reports", text(invoiceId), Duration.ZERO);
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", reports)
                .noSweeper()
                .build()
                .start()) {
            await(
                    () -> queue.approximateLength(queue.poisonQueueName("reports"))
                                    .getAsLong()
                            == 1,
                    "the stray message poisoned");
        }
        assertThat(queue.messageTexts(queue.poisonQueueName("reports"))).containsExactly(text(invoiceId));
        BackgroundJobInfo<Long> after = repository.getJob(invoiceId);
        assertThat(after.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(after.getAttempts()).isZero();
        assertThat(after.getVersion()).isEqualTo(before.getVersion());
        assertThat(queue.messageTexts("invoices")).containsExactly(text(invoiceId));

        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("invoices", new InvoiceJob(repository))
                .build()
                .start()) {
            assertThat(client.awaitCompletion(invoiceId, LIMIT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    // ------------------------------------------------------------------ a killed worker

    @Test
    void aDeadWorkersJobIsTakenOverOnceItsLeaseExpires() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        JobOptions options = JobOptions.builder().clock(clock).build();
        var job = new ReportJob(repository, options);
        long id = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .clock(clock)
                .build()
                .queueJob("reports", "alice", new Report("x"));
        // The worker that claimed it was killed mid-job: its lease is all that is left of it.
        repository.claim(new ClaimRequest<>(id, "killed-worker", clock.instant(), options.leaseDuration(), 5, null));

        Outcome whileLeased = job.execute(id);
        assertThat(whileLeased.type()).isEqualTo(Outcome.Type.BUSY);
        assertThat(job.runsOf(id)).isZero();

        clock.advance(options.leaseDuration().plusSeconds(1));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(job.runsOf(id)).isEqualTo(1);
        assertThat(repository.getJob(id).getAttempts()).isEqualTo(2);
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(job.runsOf(id)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ poison after 5 deliveries

    /** Records what the handler did with the message. */
    static final class Actions implements MessageActions {
        final List<String> done = new ArrayList<>();

        @Override
        public void delete() {
            done.add("delete");
        }

        @Override
        public void sendFresh(String jobIdJson, Duration delay) {
            done.add("fresh");
        }

        @Override
        public void deferFor(String jobIdJson, Duration delay) {
            done.add("defer");
        }

        @Override
        public void deadLetter(String reason) {
            done.add("poison");
        }
    }

    @Test
    void aMessageDeliveredFiveTimesStillRunsItsJobAndTheSixthDeliveryIsPoisonAbortingTheJob() {
        var repository = InMemoryJobRepository.withLongKeys();
        var job = new ReportJob(repository, JobOptions.defaults());
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        var handler = JobMessageHandler.of(job, "reports", QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT);

        long fifth = client.queueJob("reports", "alice", new Report("x"));
        Actions onFifth = new Actions();
        assertThat(handler.handle(text(fifth), 5, onFifth).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(onFifth.done).containsExactly("delete");

        long sixth = client.queueJob("reports", "alice", new Report("x"));
        Actions onSixth = new Actions();
        assertThat(handler.handle(text(sixth), 6, onSixth).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(onSixth.done).containsExactly("poison");
        assertThat(job.runsOf(sixth)).isZero();
        assertThat(repository.getJob(sixth).getStatus()).isEqualTo(JobStatus.ABORTED);
    }

    @Test
    void theWorkerPoisonsAMessageReceivedMoreThanFiveTimes() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue(clock);
        var job = new ReportJob(repository, JobOptions.builder().clock(clock).build());
        long id = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .build()
                .queueJob("reports", "alice", new Report("x"));
        // Five deliveries that never settled (the hosts that took them died).
        for (int delivery = 1; delivery <= 5; delivery++) {
            List<QueueMessage> received = queue.receive("reports", 1, Duration.ofSeconds(1));
            assertThat(received)
                    .singleElement()
                    .satisfies(m -> assertThat(m.text()).isEqualTo(text(id)));
            clock.advance(Duration.ofSeconds(2));
        }
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", job)
                .noSweeper()
                .build()
                .start()) {
            await(
                    () -> queue.messageTexts(queue.poisonQueueName("reports")).contains(text(id)),
                    "the sixth delivery poisoned");
        }
        assertThat(job.runsOf(id)).isZero();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
    }

    // ------------------------------------------------------------------ lost messages

    @Test
    void theSweeperResendsALostMessageABoundedNumberOfTimesThenGivesTheJobUp() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue(clock);
        long id = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .build()
                .queueJob("reports", "alice", new Report("x"));
        JobSweeper<Long> sweeper =
                JobSweeper.builder(repository, queue).clock(clock).build();
        for (int sends = 1; sends < JobSweeper.DEFAULT_MAX_SENDS; sends++) {
            loseEveryMessage(queue);
            clock.advance(JobSweeper.DEFAULT_STALE_AFTER.plusMinutes(1));
            assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
            assertThat(queue.messageTexts("reports")).containsExactly(text(id));
            assertThat(repository.getJob(id).getSendCount()).isEqualTo(sends + 1);
        }
        loseEveryMessage(queue);
        clock.advance(JobSweeper.DEFAULT_STALE_AFTER.plusMinutes(1));
        JobSweeper.SweepReport last = sweeper.sweepOnce();
        assertThat(last.resent()).isZero();
        assertThat(last.abandoned()).isEqualTo(1);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(repository.getJob(id).getExceptionData()).contains("Gave up after 5 messages");
    }

    private static void loseEveryMessage(InMemoryJobQueue queue) {
        for (QueueMessage message : queue.receive("reports", 32, Duration.ofSeconds(1))) {
            queue.delete("reports", message);
        }
    }

    @Test
    void everyWorkerRunsASweeperByDefaultThatSendsAJobWhoseMessageNeverLeft() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new CountingQueue(new InMemoryJobQueue(), true);
        var job = new ReportJob(repository, JobOptions.builder().clock(clock).build());
        long id = insertedButNeverSent(repository, clock);
        clock.advance(JobSweeper.DEFAULT_UNSENT_GRACE.plusSeconds(1));

        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", job)
                .noSweeper()
                .build()
                .start()) {
            Thread.sleep(300);
            assertThat(repository.getJob(id).getStatus())
                    .as("without the sweeper nothing sends it")
                    .isEqualTo(JobStatus.PENDING);
        }
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", job)
                .sweepInterval(Duration.ofMillis(20))
                .build()
                .start()) {
            await(() -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED, "the default sweeper sent it");
        }
        assertThat(job.runsOf(id)).isEqualTo(1);
    }

    @Test
    void theWorkersSweeperResendsADeadWorkersLostMessageButLeavesAPendingJobWhoseMessageWasSent() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new CountingQueue(new InMemoryJobQueue(), true);
        JobOptions options = JobOptions.builder().clock(clock).build();
        var job = new ReportJob(repository, options);
        var client = QueueJobClient.builder(repository, queue).clock(clock).build();
        long waiting = client.queueJob("reports", "alice", new Report("x"));
        long interrupted = client.queueJob("reports", "alice", new Report("y"));
        // Both messages are lost; the second job's worker died holding it.
        for (QueueMessage message : queue.receive("reports", 32, Duration.ofSeconds(1))) {
            queue.delete("reports", message);
        }
        repository.claim(
                new ClaimRequest<>(interrupted, "killed-worker", clock.instant(), options.leaseDuration(), 5, null));
        clock.advance(
                options.leaseDuration().plus(JobSweeper.DEFAULT_STALE_AFTER).plusMinutes(1));

        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", job)
                .sweepInterval(Duration.ofMillis(20))
                .build()
                .start()) {
            await(
                    () -> repository.getJob(interrupted).getStatus() == JobStatus.SUCCEEDED,
                    "the dead worker's job re-sent and run");
            Thread.sleep(300);
        }
        assertThat(job.runsOf(interrupted)).isEqualTo(1);
        assertThat(repository.getJob(waiting).getStatus())
                .as("a sent PENDING job is taken for one waiting in a backlog")
                .isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(waiting).getSendCount()).isEqualTo(1);
        assertThat(job.runsOf(waiting)).isZero();
    }

    private static long insertedButNeverSent(InMemoryJobRepository<Long> repository, SettableClock clock) {
        BackgroundJobInfo<Long> record = new BackgroundJobInfo<>();
        record.setUserName("alice");
        record.setRequestType(new ReportJob(repository, JobOptions.defaults()).requestTypeName());
        record.setRequestData("{\"title\":\"x\"}");
        record.setQueueName("reports");
        record.setCreated(clock.instant());
        record.setUpdatedAt(clock.instant());
        record.setNextAttemptAt(clock.instant());
        return repository.insert(record).getId();
    }

    // ------------------------------------------------------------------ restart on the in-memory queue

    @Test
    void aWorkerStartingOnTheInMemoryQueueSendsWhatTheLastProcessTookWithIt() throws Exception {
        SettableClock clock = new SettableClock(Instant.now(), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .leaseDuration(Duration.ofSeconds(5))
                .build();
        var before = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .clock(clock)
                .build();
        long waiting = before.queueJob("reports", "alice", new Report("x"));
        long interrupted = before.queueJob("reports", "alice", new Report("y"));
        repository.claim(
                new ClaimRequest<>(interrupted, "stopped-process", clock.instant(), options.leaseDuration(), 5, null));
        clock.advance(options.leaseDuration().plusSeconds(1));

        var job = new ReportJob(repository, options);
        var afterRestart = new InMemoryJobQueue(clock);
        try (QueueWorker worker = QueueWorker.builder(afterRestart)
                .job("reports", job)
                .noSweeper()
                .build()
                .start()) {
            await(
                    () -> repository.getJob(waiting).getStatus() == JobStatus.SUCCEEDED
                            && repository.getJob(interrupted).getStatus() == JobStatus.SUCCEEDED,
                    "both jobs finished after the restart");
        }
        assertThat(job.runsOf(waiting)).isEqualTo(1);
        assertThat(job.runsOf(interrupted)).isEqualTo(1);
        assertThat(repository.getJob(interrupted).getAttempts()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ graceful close

    @Test
    void closeWaitsForTheRunningJobs() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        var job = new ReportJob(
                repository, JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        var client = QueueJobClient.builder(repository, queue).build();
        QueueWorker worker =
                QueueWorker.builder(queue).job("reports", job).build().start();
        long id = client.queueJob("reports", "alice", new Report("400"));
        await(() -> job.runsOf(id) == 1, "the job started");
        worker.close();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.runningCount()).isZero();
    }
}
