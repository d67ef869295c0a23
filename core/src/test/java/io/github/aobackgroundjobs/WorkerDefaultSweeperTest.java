package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.CountingQueue;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.EchoResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every worker sweeps by default: unsent jobs are sent, a cancelled orphan ends CANCELLED, a
 * RUNNING orphan is re-sent once its lease is long expired, and a backlog however long is never
 * re-sent nor given up. {@code sweeper(...)} replaces the default, {@code noSweeper()} removes it.
 */
class WorkerDefaultSweeperTest {

    private static final String QUEUE = "echo";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    // Durable, as Azure Storage is: these tests are about the sweeper, not the recovery at start.
    private final CountingQueue queue = new CountingQueue(new InMemoryJobQueue(clock), true);
    private final List<QueueWorker> workers = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        workers.forEach(w -> w.close(Duration.ofSeconds(2)));
    }

    private QueueWorker start(QueueWorker.Builder builder) {
        QueueWorker worker = builder.maxPollInterval(Duration.ofMillis(10)).build();
        workers.add(worker);
        return worker.start();
    }

    private EchoJob<Long> echoJob() {
        return new EchoJob<>(
                repository,
                JobOptions.builder().clock(clock).leaseDuration(LEASE).build());
    }

    /** A record whose client died between insert and send. */
    private long unsent(String text) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("EchoRequest");
        job.setRequestData(JobSerializer.defaults().toJson(EchoRequest.ok(text), "request"));
        job.setQueueName(QUEUE);
        job.setCreated(clock.instant());
        job.setUpdatedAt(clock.instant());
        job.setNextAttemptAt(clock.instant());
        return repository.insert(job).getId();
    }

    /** A job whose worker died while running it, its message gone too. */
    private long orphan(String text) {
        long id = unsent(text);
        repository.claim(new ClaimRequest<>(id, "dead-worker", clock.instant(), LEASE, 3, "{}"));
        return id;
    }

    @Test
    void theDefaultSweeperSendsUnsentJobsEndsCancelledOrphansAndRecoversStaleLeases() {
        long unsent = unsent("unsent");
        long orphan = orphan("orphan");
        long cancelledOrphan = orphan("cancelled orphan");
        assertThat(repository.requestCancel(cancelledOrphan, clock.instant())).isEqualTo(CancelResult.REQUESTED);
        EchoJob<Long> job = echoJob();
        start(QueueWorker.builder(queue).job(QUEUE, job).sweepInterval(Duration.ofMillis(10)));

        sleep(100);
        assertThat(queue.sends.get())
                .as("nothing is due yet: the records are younger than every threshold")
                .isZero();

        clock.advance(LEASE.plusSeconds(1));
        Await.until(
                Duration.ofSeconds(5),
                "the cancelled orphan ends CANCELLED once its lease has expired",
                () -> repository.getJob(cancelledOrphan).getStatus() == JobStatus.CANCELLED);
        sleep(100);
        assertThat(repository.getJob(unsent).getStatus())
                .as("an unsent job waits out the unsent grace (%s)", JobSweeper.DEFAULT_UNSENT_GRACE)
                .isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(orphan).getStatus())
                .as("a RUNNING job whose lease expired moments ago is left to its own message")
                .isEqualTo(JobStatus.RUNNING);

        clock.advance(JobSweeper.DEFAULT_UNSENT_GRACE);
        Await.until(
                Duration.ofSeconds(5),
                "the unsent job is sent and runs",
                () -> repository.getJob(unsent).getStatus() == JobStatus.SUCCEEDED);
        assertThat(repository.getJob(orphan).getStatus()).isEqualTo(JobStatus.RUNNING);

        clock.advance(JobSweeper.DEFAULT_STALE_AFTER);
        Await.until(
                Duration.ofSeconds(5),
                "the orphan is sent again once its lease expired longer ago than staleAfter",
                () -> repository.getJob(orphan).getStatus() == JobStatus.SUCCEEDED);
        assertThat(job.runsOf(unsent)).isEqualTo(1);
        assertThat(job.runsOf(orphan)).isEqualTo(1);
        assertThat(job.runsOf(cancelledOrphan)).isZero();
    }

    @Test
    void noSweeperTurnsSweepingOff() {
        long unsent = unsent("unsent");
        start(QueueWorker.builder(queue)
                .job(QUEUE, echoJob())
                .sweepInterval(Duration.ofMillis(10))
                .noSweeper());
        clock.advance(Duration.ofHours(1));
        sleep(300);
        assertThat(queue.sends.get()).as("no sweeper, no send").isZero();
        assertThat(repository.getJob(unsent).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void anExplicitSweeperReplacesTheDefault() {
        // A job sent whose message was lost: only a sweeper that re-sends stale sent jobs finds it.
        long lost = unsent("lost");
        repository.markSent(lost, clock.instant());
        JobSweeper<Long> sweeper = JobSweeper.builder(repository, queue)
                .clock(clock)
                .staleAfter(Duration.ofMinutes(2))
                .build();
        EchoJob<Long> job = echoJob();
        start(QueueWorker.builder(queue).job(QUEUE, job).sweeper(sweeper, Duration.ofMillis(10)));
        clock.advance(Duration.ofMinutes(3));
        Await.until(
                Duration.ofSeconds(5),
                "the explicit sweeper re-sends the stale job",
                () -> repository.getJob(lost).getStatus() == JobStatus.SUCCEEDED);
        // The record's send count may stay at 1: the worker can finish the job between the sweeper's send and
        // its sent mark, and a finished job takes no mark. The queue saw the one message the sweeper sent.
        assertThat(queue.sends.get())
                .as("messages sent: the sweeper's one re-send")
                .isEqualTo(1);
        assertThat(job.runsOf(lost)).isEqualTo(1);
    }

    @Test
    void aBacklogLongerThanEveryThresholdIsNeitherResentNorGivenUp() {
        // 300 jobs of 20 s each on one thread: 100 minutes of backlog, past the unsent grace (1 min), the
        // stale threshold (15 min) and maxSends stale periods (5 x 15 min). The default sweeper runs every
        // 5 ms of real time throughout.
        SlowJob job = new SlowJob(repository, clock, Duration.ofSeconds(20));
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(client.queueJob(QUEUE, "alice", EchoRequest.ok("backlog " + i)));
        }
        // Proof that the sweeper is awake while the backlog drains: a record never sent, which it must send.
        long canary = unsent("canary");
        assertThat(queue.sends.get()).isEqualTo(300);
        Instant start = clock.instant();

        start(QueueWorker.builder(queue).job(QUEUE, job).concurrency(1).sweepInterval(Duration.ofMillis(5)));
        Await.until(
                Duration.ofSeconds(60),
                "the backlog drained",
                () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED)
                        && repository.getJob(canary).getStatus() == JobStatus.SUCCEEDED);

        assertThat(Duration.between(start, clock.instant()))
                .as("the backlog took longer than the stale threshold times maxSends")
                .isGreaterThan(JobSweeper.DEFAULT_STALE_AFTER.multipliedBy(JobSweeper.DEFAULT_MAX_SENDS));
        assertThat(queue.sends.get())
                .as("one message per backlog job, and one for the canary: nothing re-sent")
                .isEqualTo(301);
        for (long id : ids) {
            BackgroundJobInfo<Long> record = repository.getJob(id);
            assertThat(record.getSendCount()).as("sends of job %d", id).isEqualTo(1);
            assertThat(record.getAttempts()).as("attempts of job %d", id).isEqualTo(1);
            assertThat(job.runsOf(id)).as("runs of job %d", id).isEqualTo(1);
        }
        assertThat(repository.getJob(canary).getSendCount())
                .as("the canary was sent by the sweeper")
                .isEqualTo(1);
    }

    /** A job whose every run takes {@code duration} of the test's clock. */
    static final class SlowJob extends BackgroundJobBase<Long, EchoRequest, EchoResult> {
        private final SettableClock clock;
        private final Duration duration;
        private final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

        SlowJob(JobRepositoryBase<Long> repository, SettableClock clock, Duration duration) {
            super(
                    repository,
                    EchoRequest.class,
                    EchoResult.class,
                    JobOptions.builder().clock(clock).leaseDuration(LEASE).build());
            this.clock = clock;
            this.duration = duration;
        }

        @Override
        protected EchoResult onExecute(EchoRequest request, JobContext<Long> context) throws Exception {
            runs.computeIfAbsent(context.id(), k -> new AtomicInteger()).incrementAndGet();
            clock.advance(duration);
            Thread.sleep(1);
            return new EchoResult(request.text(), context.attempt());
        }

        int runsOf(long id) {
            AtomicInteger n = runs.get(id);
            return n == null ? 0 : n.get();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
