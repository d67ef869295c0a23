package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.CountingQueue;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyQueue;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker starting on a queue whose messages did not survive the restart (the in-memory
 * queue) sends the messages of its unfinished jobs again: PENDING at once, RUNNING when the dead
 * worker's lease ends; a cancelled orphan ends CANCELLED. Each job body runs once more than the
 * kills that interrupted it, also with several workers starting at once.
 */
class WorkerRestartRecoveryTest {

    private static final String QUEUE = "echo";
    private static final String OTHER_QUEUE = "other";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final List<QueueWorker> workers = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        workers.forEach(w -> w.close(Duration.ofSeconds(2)));
    }

    /** Jobs queued by the previous process: their messages went with its in-memory queue. */
    private long queuedBeforeTheRestart(String queueName, EchoRequest request) {
        return QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .build()
                .queueJob(queueName, "alice", request);
    }

    /** A job the previous process was running when it died: RUNNING under its lease, body counted nowhere. */
    private long runningWhenKilled(EchoRequest request) {
        long id = queuedBeforeTheRestart(QUEUE, request);
        ClaimResult<Long> claim =
                repository.claim(new ClaimRequest<>(id, "dead-worker", clock.instant(), LEASE, 3, "{}"));
        assertThat(claim.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        return id;
    }

    private QueueWorker worker(EchoJob<Long> job, InMemoryJobQueue queue, String name) {
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .concurrency(4)
                .maxPollInterval(Duration.ofMillis(20))
                .name(name)
                .build();
        workers.add(worker);
        return worker;
    }

    private EchoJob<Long> echoJob(String workerId) {
        return new EchoJob<>(
                repository,
                JobOptions.builder()
                        .clock(clock)
                        .workerId(workerId)
                        .leaseDuration(LEASE)
                        .build());
    }

    @Test
    void aStartingWorkerSendsTheLostMessagesOfEveryUnfinishedJobOfItsQueues() {
        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(queuedBeforeTheRestart(QUEUE, EchoRequest.ok("pending " + i)));
        }
        long expired = runningWhenKilled(EchoRequest.ok("expired"));
        clock.advance(LEASE.plusSeconds(5));
        long live = runningWhenKilled(EchoRequest.ok("live lease"));
        long otherQueue = queuedBeforeTheRestart(OTHER_QUEUE, EchoRequest.ok("not this worker's"));
        long done = queuedBeforeTheRestart(QUEUE, EchoRequest.ok("done"));
        repository.claim(new ClaimRequest<>(done, "dead-worker", clock.instant(), LEASE, 3, "{}"));
        repository.complete(new io.github.aobackgroundjobs.spi.JobCompletion<>(
                done, "dead-worker", JobStatus.SUCCEEDED, clock.instant(), 5, "{}", null, null));

        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        EchoJob<Long> job = echoJob("restarted");
        QueueWorker worker = worker(job, queue, "restarted").start();

        Await.until(
                Duration.ofSeconds(10),
                "the PENDING jobs and the expired lease run",
                () -> pending.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED)
                        && repository.getJob(expired).getStatus() == JobStatus.SUCCEEDED);
        assertThat(worker.isRecovering()).as("recovery has finished").isFalse();
        assertThat(worker.stats().recoveredMessages())
                .as("one message per unfinished job of the worker's queue: 5 PENDING + 2 RUNNING")
                .isEqualTo(7);
        for (long id : pending) {
            assertThat(job.runsOf(id)).as("runs of PENDING job %d", id).isEqualTo(1);
        }
        assertThat(job.runsOf(expired)).as("the interrupted job runs once more").isEqualTo(1);
        assertThat(repository.getJob(expired).getAttempts())
                .as("the dead worker's attempt and this one")
                .isEqualTo(2);
        assertThat(repository.getJob(live).getStatus())
                .as("a RUNNING job under a live lease is left to its lease")
                .isEqualTo(JobStatus.RUNNING);
        assertThat(job.runsOf(live)).isZero();

        clock.advance(LEASE);
        Await.until(
                Duration.ofSeconds(10),
                "the job whose lease has now ended runs",
                () -> repository.getJob(live).getStatus() == JobStatus.SUCCEEDED);
        assertThat(job.runsOf(live)).isEqualTo(1);
        assertThat(repository.getJob(otherQueue).getStatus())
                .as("a job of a queue the worker does not serve is not its to send")
                .isEqualTo(JobStatus.PENDING);
        assertThat(job.runsOf(done)).as("a finished job is not sent again").isZero();
    }

    @Test
    void aRunningJobWhoseCancelWasRequestedEndsCancelledOnceItsLeaseHasExpired() {
        long cancelled = runningWhenKilled(EchoRequest.ok("cancel me"));
        assertThat(repository.requestCancel(cancelled, clock.instant()))
                .as("its worker was alive when the user asked")
                .isEqualTo(CancelResult.REQUESTED);
        clock.advance(LEASE.plusSeconds(1));
        long cancelledLive = runningWhenKilled(EchoRequest.ok("cancel me later"));
        assertThat(repository.requestCancel(cancelledLive, clock.instant())).isEqualTo(CancelResult.REQUESTED);

        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        EchoJob<Long> job = echoJob("restarted");
        QueueWorker worker = worker(job, queue, "restarted").start();
        Await.until(Duration.ofSeconds(10), "recovery", () -> !worker.isRecovering());

        assertThat(repository.getJob(cancelled).getStatus())
                .as("a cancelled job whose worker is gone ends CANCELLED at start")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(repository.getJob(cancelledLive).getStatus()).isEqualTo(JobStatus.RUNNING);
        clock.advance(LEASE);
        Await.until(
                Duration.ofSeconds(10),
                "the claim cancels the job whose lease has ended",
                () -> repository.getJob(cancelledLive).getStatus() == JobStatus.CANCELLED);
        assertThat(job.runsOf(cancelled) + job.runsOf(cancelledLive))
                .as("a cancelled job never runs")
                .isZero();
    }

    @Test
    void aDurableQueueKeptItsMessagesSoNothingIsSentAgain() {
        queuedBeforeTheRestart(QUEUE, EchoRequest.ok("queued"));
        CountingQueue queue = new CountingQueue(new InMemoryJobQueue(clock), true);
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, echoJob("w"))
                .maxPollInterval(Duration.ofMillis(20))
                .build();
        workers.add(worker);
        worker.start();
        assertThat(worker.isRecovering())
                .as("nothing to recover on a durable queue")
                .isFalse();
        assertThat(queue.sends.get()).isZero();
        assertThat(worker.stats().recoveredMessages()).isZero();
    }

    @Test
    void aJobQueuedInThisProcessBeforeTheWorkerStartedIsNotSentAgain() {
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.queueJob(QUEUE, "alice", EchoRequest.ok("queued here " + i)));
        }
        long lost = queuedBeforeTheRestart(QUEUE, EchoRequest.ok("queued by the previous process"));
        EchoJob<Long> job = echoJob("w");
        QueueWorker worker = worker(job, queue, "w").start();
        // A delivery is counted after its job's record is saved: wait for the count too.
        Await.until(
                Duration.ofSeconds(10),
                "every job done and its delivery counted",
                () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED)
                        && repository.getJob(lost).getStatus() == JobStatus.SUCCEEDED
                        && worker.stats().processed() >= 6);
        assertThat(worker.stats().recoveredMessages())
                .as("only the job whose message is not in this process's queue is sent again")
                .isEqualTo(1);
        assertThat(worker.stats().processed())
                .as("one delivery per job: no duplicate message")
                .isEqualTo(6);
    }

    @Test
    void workersStartingTogetherRunEachJobExactlyOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(queuedBeforeTheRestart(QUEUE, EchoRequest.ok("pending " + i)));
        }
        for (int i = 0; i < 10; i++) {
            ids.add(runningWhenKilled(EchoRequest.ok("running " + i)));
        }
        clock.advance(LEASE.plusSeconds(1));

        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        List<EchoJob<Long>> jobs = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> starters = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            EchoJob<Long> job = echoJob("w" + w);
            jobs.add(job);
            QueueWorker worker = worker(job, queue, "w" + w);
            Thread starter = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                worker.start();
            });
            starter.start();
            starters.add(starter);
        }
        go.countDown();
        for (Thread starter : starters) {
            starter.join();
        }

        Await.until(
                Duration.ofSeconds(30),
                "every job done",
                () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED));
        assertThat(workers.stream()
                        .mapToLong(w -> w.stats().recoveredMessages())
                        .sum())
                .as("every unfinished job was sent at least once; a worker starting after others have"
                        + " finished some jobs sends fewer than all, and duplicates are allowed")
                .isBetween(210L, 3L * 210);
        for (long id : ids) {
            assertThat(jobs.stream().mapToInt(j -> j.runsOf(id)).sum())
                    .as("runs of job %d: the claim lets one delivery run it", id)
                    .isEqualTo(1);
        }
    }

    @Test
    void recoveryWaitsForTheStoreAndThenSendsEverything() {
        long id = queuedBeforeTheRestart(QUEUE, EchoRequest.ok("queued"));
        FaultyRepository<Long> store = new FaultyRepository<>(repository);
        store.setDown(true);
        EchoJob<Long> job = new EchoJob<>(
                store, JobOptions.builder().clock(clock).leaseDuration(LEASE).build());
        QueueWorker worker = startedDuringAnOutage(new InMemoryJobQueue(clock), job);
        assertThat(worker.isRecovering()).as("still waiting for the store").isTrue();
        assertThat(worker.isStoreDown())
                .as("the outage shows while recovery waits")
                .isTrue();
        assertThat(worker.isQueueDown()).isFalse();
        assertThat(worker.checkHealth().check("store").orElseThrow().up()).isFalse();
        store.setDown(false);
        Await.until(
                Duration.ofSeconds(10),
                "the job runs once the store answers",
                () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        assertThat(worker.isRecovering()).isFalse();
        assertThat(worker.isStoreDown()).isFalse();
        assertThat(worker.checkHealth().check("store").orElseThrow().up()).isTrue();
        assertThat(job.runsOf(id)).isEqualTo(1);
    }

    @Test
    void recoveryWaitsForTheQueueAndShowsItDown() {
        long id = queuedBeforeTheRestart(QUEUE, EchoRequest.ok("queued"));
        FaultyQueue queue = new FaultyQueue(new InMemoryJobQueue(clock));
        queue.setDown(true);
        EchoJob<Long> job = echoJob("w");
        QueueWorker worker = startedDuringAnOutage(queue, job);
        assertThat(worker.isRecovering()).as("still waiting for the queue").isTrue();
        assertThat(worker.isQueueDown())
                .as("the outage shows while recovery waits")
                .isTrue();
        assertThat(worker.isStoreDown()).isFalse();
        assertThat(worker.checkHealth().check("worker").orElseThrow().details())
                .containsEntry("queueBackingOff", "true");
        queue.setDown(false);
        Await.until(
                Duration.ofSeconds(10),
                "the job runs once the queue answers",
                () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        assertThat(worker.isRecovering()).isFalse();
        assertThat(worker.isQueueDown()).isFalse();
        assertThat(worker.checkHealth().check("worker").orElseThrow().details())
                .containsEntry("queueBackingOff", "false");
        assertThat(job.runsOf(id)).isEqualTo(1);
    }

    /** A worker started while its store or queue is down, after its recovery has tried a few times. */
    private QueueWorker startedDuringAnOutage(io.github.aobackgroundjobs.spi.JobQueue queue, EchoJob<Long> job) {
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .maxPollInterval(Duration.ofMillis(20))
                .maxOutageBackoff(Duration.ofMillis(50))
                .build();
        workers.add(worker);
        worker.start();
        sleep(300);
        return worker;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
