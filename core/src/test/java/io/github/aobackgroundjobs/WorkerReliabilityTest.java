package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyQueue;
import io.github.aobackgroundjobs.support.FaultyRepository;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many workers, duplicate messages, lost workers, store outages, long jobs: on real threads. */
class WorkerReliabilityTest {

    private static final String QUEUE = "echo";

    @Test
    void fourWorkers_tenThousandJobs_tenPercentSentTwice_eachRunsExactlyOnce() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        JobMessageCodec<Long> codec = new JobMessageCodec<>(JobKeyType.LONG);
        List<EchoJob<Long>> jobs = new ArrayList<>();
        List<QueueWorker> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            // A short lease: a duplicate that finds its job running is deferred until the lease ends.
            EchoJob<Long> job = new EchoJob<>(
                    repository,
                    JobOptions.builder()
                            .workerId("worker-" + w)
                            .leaseDuration(Duration.ofSeconds(1))
                            .build());
            jobs.add(job);
            workers.add(QueueWorker.builder(queue)
                    .job(QUEUE, job)
                    .concurrency(4)
                    .name("w" + w)
                    .visibilityTimeout(Duration.ofSeconds(5))
                    .build()
                    .start());
        }
        try {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                long id = client.queueJob(QUEUE, "user" + (i % 7), EchoRequest.ok("job " + i));
                ids.add(id);
                if (i % 10 == 0) {
                    queue.send(QUEUE, codec.encode(id), Duration.ZERO);
                }
            }
            Await.until(
                    Duration.ofSeconds(120),
                    "all 11,000 messages settled",
                    () -> queue.approximateLength(QUEUE).orElseThrow() == 0
                            && workers.stream().allMatch(w -> w.runningCount() == 0));
            for (long id : ids) {
                assertThat(repository.getJob(id).getStatus()).as("job %d", id).isEqualTo(JobStatus.SUCCEEDED);
                int runs = jobs.stream().mapToInt(j -> j.runsOf(id)).sum();
                assertThat(runs).as("runs of job %d", id).isEqualTo(1);
            }
            long duplicatesSeen = workers.stream()
                    .mapToLong(w -> w.stats().outcomes(Outcome.Type.ALREADY_DONE)
                            + w.stats().outcomes(Outcome.Type.BUSY))
                    .sum();
            assertThat(duplicatesSeen).isGreaterThanOrEqualTo(1000);
            assertThat(workers.stream().mapToLong(w -> w.stats().deadLettered()).sum())
                    .isZero();
        } finally {
            workers.forEach(w -> w.close(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aWorkerLostMidJob_anotherTakesTheJobOverAfterTheLeaseExpires() throws Exception {
        SettableClock clock = new SettableClock();
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        Duration lease = Duration.ofSeconds(30);
        Duration visibility = Duration.ofSeconds(60);
        // Worker A reaches the shared stores through switches: turning them off is its death as
        // the stores see it (no heartbeat, no visibility renewal, no completion).
        FaultyRepository<Long> repositoryOfA = new FaultyRepository<>(repository);
        FaultyQueue queueOfA = new FaultyQueue(queue);
        EchoJob<Long> jobA = new EchoJob<>(
                repositoryOfA,
                JobOptions.builder()
                        .clock(clock)
                        .workerId("a")
                        .leaseDuration(lease)
                        .completionRetryTimeout(Duration.ZERO)
                        .build());
        jobA.release = new CountDownLatch(1);
        QueueWorker workerA = QueueWorker.builder(queueOfA)
                .job(QUEUE, jobA)
                .visibilityTimeout(visibility)
                .build();
        EchoJob<Long> jobB = new EchoJob<>(
                repository,
                JobOptions.builder()
                        .clock(clock)
                        .workerId("b")
                        .leaseDuration(lease)
                        .build());
        QueueWorker workerB = QueueWorker.builder(queue)
                .job(QUEUE, jobB)
                .visibilityTimeout(visibility)
                .build();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            runner.submit(workerA::runOnce);
            assertThat(jobA.started.await(10, TimeUnit.SECONDS)).isTrue();
            repositoryOfA.setDown(true);
            queueOfA.setDown(true);

            clock.advance(lease.minusSeconds(1));
            assertThat(workerB.runOnce()).as("message still hidden").isZero();
            clock.advance(visibility);
            assertThat(workerB.runOnce()).isEqualTo(1);

            BackgroundJobInfo<Long> record = repository.getJob(id);
            assertThat(record.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(record.getAttempts()).isEqualTo(2);
            assertThat(jobB.runsOf(id)).isEqualTo(1);
            jobA.release.countDown();
        } finally {
            runner.shutdown();
            assertThat(runner.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            workerA.close(Duration.ofSeconds(1));
            workerB.close(Duration.ofSeconds(1));
        }
        assertThat(repository.getJob(id).getStatus())
                .as("the dead worker's late result changes nothing")
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aJobThatLosesItsWorkerOnEveryAttempt_endsAbortedAfterMaxAttempts() throws Exception {
        SettableClock clock = new SettableClock();
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        Duration lease = Duration.ofSeconds(30);
        Duration visibility = Duration.ofSeconds(60);
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        ExecutorService runner = Executors.newCachedThreadPool();
        List<EchoJob<Long>> lostJobs = new ArrayList<>();
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                FaultyRepository<Long> store = new FaultyRepository<>(repository);
                FaultyQueue link = new FaultyQueue(queue);
                EchoJob<Long> job = new EchoJob<>(
                        store,
                        JobOptions.builder()
                                .clock(clock)
                                .workerId("lost-" + attempt)
                                .leaseDuration(lease)
                                .retryPolicy(RetryPolicy.none())
                                .completionRetryTimeout(Duration.ZERO)
                                .build());
                job.release = new CountDownLatch(1);
                lostJobs.add(job);
                QueueWorker worker = QueueWorker.builder(link)
                        .job(QUEUE, job)
                        .visibilityTimeout(visibility)
                        .build();
                runner.submit(worker::runOnce);
                assertThat(job.started.await(10, TimeUnit.SECONDS))
                        .as("attempt %d started", attempt)
                        .isTrue();
                store.setDown(true);
                link.setDown(true);
                clock.advance(visibility.plusSeconds(1));
            }
            EchoJob<Long> last = new EchoJob<>(
                    repository,
                    JobOptions.builder()
                            .clock(clock)
                            .workerId("last")
                            .leaseDuration(lease)
                            .retryPolicy(RetryPolicy.none())
                            .build());
            QueueWorker lastWorker = QueueWorker.builder(queue)
                    .job(QUEUE, last)
                    .visibilityTimeout(visibility)
                    .build();

            assertThat(lastWorker.runOnce()).isEqualTo(1);

            BackgroundJobInfo<Long> record = repository.getJob(id);
            assertThat(record.getStatus()).isEqualTo(JobStatus.ABORTED);
            assertThat(record.getAttempts()).isEqualTo(3);
            assertThat(last.runsOf(id)).isZero();
            assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
            lastWorker.close(Duration.ofSeconds(1));
        } finally {
            lostJobs.forEach(j -> j.release.countDown());
            runner.shutdown();
            assertThat(runner.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aStoreOutage_pausesReceiving_thenEveryJobFinishesOnce_withNothingDeadLettered() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        FaultyRepository<Long> store = new FaultyRepository<>(repository);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        EchoJob<Long> job = new EchoJob<>(
                store, JobOptions.builder().leaseDuration(Duration.ofSeconds(5)).build());
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .concurrency(4)
                .visibilityTimeout(Duration.ofSeconds(10))
                .maxOutageBackoff(Duration.ofMillis(500))
                .build()
                .start();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        try {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ids.add(client.queueJob(QUEUE, "alice", EchoRequest.slow("x" + i, 20)));
            }
            Await.until(Duration.ofSeconds(30), "some jobs done", () -> job.runs.size() >= 50);
            store.setDown(true);
            // Jobs that finish now hold their outcome and keep trying to save it; no new job starts.
            sleep(300);
            int startedBeforeOutage = job.runs.size();
            sleep(2000);
            assertThat(job.runs.size())
                    .as("no job starts while the store is down")
                    .isEqualTo(startedBeforeOutage);
            assertThat(startedBeforeOutage).isLessThan(ids.size());
            store.setDown(false);

            Await.until(
                    Duration.ofSeconds(60),
                    "every job to finish",
                    () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED));
            for (long id : ids) {
                assertThat(job.runsOf(id)).as("runs of job %d", id).isEqualTo(1);
            }
            assertThat(worker.stats().deadLettered()).isZero();
            Await.until(Duration.ofSeconds(10), "the worker to resume", () -> !worker.isStoreDown());
        } finally {
            worker.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void tenThousandJobsPostingToADeadWebhook_allFinish_withTheNotifierQueueBounded() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        int capacity = 500;
        try (WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                        java.net.URI.create("http://127.0.0.1:" + closedPort + "/hooks"),
                        "a-test-secret-of-32-bytes-or-more!".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .queueCapacity(capacity)
                .build()) {
            EchoJob<Long> job = new EchoJob<>(repository, JobOptions.defaults());
            java.util.concurrent.atomic.AtomicInteger maxPending = new java.util.concurrent.atomic.AtomicInteger();
            job.statusHook = (id, status) -> {
                notifier.notify(id, status, "EchoRequest", QUEUE);
                maxPending.accumulateAndGet(notifier.pendingCount(), Math::max);
            };
            QueueWorker worker = QueueWorker.builder(queue)
                    .job(QUEUE, job)
                    .concurrency(4)
                    .build()
                    .start();
            try {
                QueueJobClient<Long> client =
                        QueueJobClient.builder(repository, queue).build();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    ids.add(client.queueJob(QUEUE, "alice", EchoRequest.ok("x")));
                }
                Await.until(
                        Duration.ofSeconds(60),
                        "every job to finish",
                        () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED));
            } finally {
                worker.close(Duration.ofSeconds(10));
            }
            assertThat(maxPending.get()).isLessThanOrEqualTo(capacity);
            assertThat(notifier.sentCount()).isZero();
            assertThat(notifier.droppedCount()).isGreaterThan(10_000);
        }
    }

    @Test
    void aJobRunningThreeTimesTheVisibilityTimeout_runsOnce() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        Duration visibility = Duration.ofSeconds(2);
        List<QueueWorker> workers = new ArrayList<>();
        List<EchoJob<Long>> jobs = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            EchoJob<Long> job = new EchoJob<>(
                    repository,
                    JobOptions.builder()
                            .leaseDuration(Duration.ofSeconds(1))
                            .workerId("w" + w)
                            .build());
            jobs.add(job);
            workers.add(QueueWorker.builder(queue)
                    .job(QUEUE, job)
                    .visibilityTimeout(visibility)
                    .maxPollInterval(Duration.ofMillis(50))
                    .build()
                    .start());
        }
        try {
            long id = QueueJobClient.builder(repository, queue)
                    .build()
                    .queueJob(QUEUE, "alice", EchoRequest.slow("long", 6_000));
            Await.until(
                    Duration.ofSeconds(30),
                    "the long job to finish",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
            assertThat(jobs.stream().mapToInt(j -> j.runsOf(id)).sum()).isEqualTo(1);
            assertThat(repository.getJob(id).getAttempts()).isEqualTo(1);
        } finally {
            workers.forEach(w -> w.close(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aJobQueuedInTheSameProcess_wakesAnIdleWorkerAtOnce() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        EchoJob<Long> job = new EchoJob<>(repository, JobOptions.defaults());
        // With a 60 s poll interval the job can only run within the wait below if the send wakes the worker.
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .maxPollInterval(Duration.ofSeconds(60))
                .build()
                .start();
        try {
            sleep(300);
            long id = QueueJobClient.builder(repository, queue).build().queueJob(QUEUE, "alice", EchoRequest.ok("x"));
            Await.until(
                    Duration.ofSeconds(20),
                    "the job to run",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        } finally {
            worker.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void close_waitsForRunningJobs() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        EchoJob<Long> job = new EchoJob<>(repository, JobOptions.defaults());
        QueueWorker worker = QueueWorker.builder(queue).job(QUEUE, job).build().start();
        long id =
                QueueJobClient.builder(repository, queue).build().queueJob(QUEUE, "alice", EchoRequest.slow("x", 500));
        Await.until(Duration.ofSeconds(10), "the job to start", () -> job.runsOf(id) == 1);

        assertThat(worker.close(Duration.ofSeconds(10))).isTrue();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(worker.isRunning()).isFalse();
    }

    @Test
    void theSweeper_sendsWhatWasNeverSent_resendsLostMessages_andGivesUpAfterMaxSends() {
        SettableClock clock = new SettableClock();
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        EchoJob<Long> job =
                new EchoJob<>(repository, JobOptions.builder().clock(clock).build());
        QueueWorker worker = QueueWorker.builder(queue).job(QUEUE, job).build();
        JobSweeper<Long> sweeper = JobSweeper.builder(repository, queue)
                .clock(clock)
                .unsentGrace(Duration.ofMinutes(1))
                .staleAfter(Duration.ofMinutes(15))
                .maxSends(2)
                .build();
        try {
            // A client that died between insert and send.
            BackgroundJobInfo<Long> unsent = new BackgroundJobInfo<>();
            unsent.setUserName("alice");
            unsent.setRequestType("EchoRequest");
            unsent.setRequestData(JobSerializer.defaults().toJson(EchoRequest.ok("unsent"), "request"));
            unsent.setQueueName(QUEUE);
            unsent.setCreated(clock.instant());
            unsent.setUpdatedAt(clock.instant());
            unsent.setNextAttemptAt(clock.instant());
            long unsentId = repository.insert(unsent).getId();
            assertThat(sweeper.sweepOnce().found()).as("too young to sweep").isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
            worker.runOnce();
            assertThat(repository.getJob(unsentId).getStatus()).isEqualTo(JobStatus.SUCCEEDED);

            // A message lost from the queue.
            long lostId = QueueJobClient.builder(repository, queue)
                    .clock(clock)
                    .build()
                    .queueJob(QUEUE, "alice", EchoRequest.ok("lost"));
            queue.delete(QUEUE, queue.receive(QUEUE, 1, Duration.ofSeconds(30)).get(0));
            clock.advance(Duration.ofMinutes(16));
            JobSweeper.SweepReport report = sweeper.sweepOnce();
            assertThat(report.resent()).isEqualTo(1);
            assertThat(repository.getJob(lostId).getSendCount()).isEqualTo(2);

            // Lost again: two sends were made, so the sweeper gives up.
            queue.delete(QUEUE, queue.receive(QUEUE, 1, Duration.ofSeconds(30)).get(0));
            clock.advance(Duration.ofMinutes(16));
            assertThat(sweeper.sweepOnce().abandoned()).isEqualTo(1);
            BackgroundJobInfo<Long> record = repository.getJob(lostId);
            assertThat(record.getStatus()).isEqualTo(JobStatus.ABORTED);
            assertThat(JobSerializer.defaults().readError(record).orElseThrow().context())
                    .isEqualTo("sweeping");
        } finally {
            worker.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void statementBudget_twoWritesToQueue_twoToRun() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        FaultyRepository<Long> counted = new FaultyRepository<>(repository);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(counted, queue).build();
        EchoJob<Long> job = new EchoJob<>(counted, JobOptions.defaults());
        QueueWorker worker = QueueWorker.builder(queue).job(QUEUE, job).build();

        client.queueJob(QUEUE, "alice", EchoRequest.ok("x"));
        assertThat(counted.calls.get()).as("insert + mark sent").isEqualTo(2);
        worker.runOnce();
        assertThat(counted.calls.get()).as("+ claim + complete").isEqualTo(4);
        worker.close(Duration.ofSeconds(1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
