package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyQueue;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application's callback that throws an {@link Error} or a checked exception thrown
 * unchecked is logged and changes nothing, as the Javadoc of each callback says of "an
 * exception": before, only a {@link RuntimeException} was contained, so such a listener failed
 * the job that reported progress and reached {@code queueJob}'s caller between the saved record
 * and its message, and such a periodic task never ran again. Only errors after which the JVM
 * cannot go on (out of memory) still reach the caller.
 */
class CallbackErrorsTest {

    private static final String QUEUE = "called-back";

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    private final EchoJob<Long> job =
            new EchoJob<>(repository, JobOptions.builder().clock(clock).build());
    private QueueWorker worker;

    static List<Supplier<Throwable>> failures() {
        return List.of(
                () -> new AssertionError("listener assertion"),
                () -> new NoClassDefFoundError("com/example/Missing"),
                () -> new ExceptionInInitializerError("static initializer failed"),
                () -> new StackOverflowError(),
                () -> new IOException("checked, thrown unchecked"));
    }

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest
    @MethodSource("failures")
    void anUpdateListenerThatThrowsChangesNeitherTheQueueingNorTheJob(Supplier<Throwable> failure) {
        List<JobStatus> told = new CopyOnWriteArrayList<>();
        repository.updates().addListener(changed -> {
            throw sneaky(failure.get());
        });
        repository.updates().addListener(changed -> told.add(changed.getStatus()));
        worker = QueueWorker.builder(queue).job(QUEUE, job).build();

        long id = client.queueJob(QUEUE, "alice", new EchoRequest("with progress", 0, 0, 4, false));

        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isOne();
        assertThat(worker.runOnce()).isEqualTo(1);
        BackgroundJobInfo<Long> done = repository.getJob(id);
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getProgressPercent()).isEqualTo(100);
        assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isOne();
        assertThat(worker.stats().unexpectedErrors()).isZero();
        assertThat(told).startsWith(JobStatus.PENDING, JobStatus.RUNNING).endsWith(JobStatus.SUCCEEDED);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aWorkerListenerThatThrowsNeverChangesHowAJobEnds(Supplier<Throwable> failure) {
        worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .listener(new WorkerListener() {
                    @Override
                    public void onClaimed(String queueName, String requestType, Duration pickupLatency) {
                        throw sneaky(failure.get());
                    }

                    @Override
                    public void onFinished(
                            String queueName, String requestType, Outcome.Type outcome, Duration executionTime) {
                        throw sneaky(failure.get());
                    }
                })
                .build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("hi"));

        assertThat(worker.runOnce()).isEqualTo(1);

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
        assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isOne();
        assertThat(worker.stats().unexpectedErrors()).isZero();
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aSendListenerThatThrowsDoesNotFailTheSend(Supplier<Throwable> failure) {
        queue.addSendListener(name -> {
            throw sneaky(failure.get());
        });

        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("hi"));

        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isOne();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aPeriodicTaskThatThrowsAnErrorRunsAgainAtItsNextTurn() {
        AtomicInteger runs = new AtomicInteger();
        worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .periodicTask("erring", Duration.ofMillis(10), () -> {
                    runs.incrementAndGet();
                    throw new AssertionError("periodic task bug");
                })
                .build();

        worker.start();

        Await.until(Duration.ofSeconds(10), "the task ran five times", () -> runs.get() >= 5);
        assertThat(worker.isRunning()).isTrue();
    }

    @Test
    void aPeriodicTaskThatRunsOutOfMemoryRunsAgainAtItsNextTurn() {
        AtomicInteger runs = new AtomicInteger();
        worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .periodicTask("allocating", Duration.ofMillis(10), () -> {
                    if (runs.incrementAndGet() == 1) {
                        // A task's one large allocation failing: thrown on, the timer would keep it
                        // in the task's future and never run the task again, without a word.
                        throw new OutOfMemoryError("Java heap space");
                    }
                })
                .build();

        worker.start();

        Await.until(Duration.ofSeconds(10), "the task ran again after the error", () -> runs.get() >= 3);
    }

    @Test
    void aQueueThatThrowsAnErrorWhileReceivingDoesNotStopThePolling() {
        InMemoryJobQueue realTimeQueue = new InMemoryJobQueue();
        FaultyQueue faulty = new FaultyQueue(realTimeQueue);
        faulty.failNextReceiveWith.set(new NoClassDefFoundError("com/example/Missing"));
        worker = QueueWorker.builder(faulty)
                .job(QUEUE, new EchoJob<>(repository, JobOptions.defaults()))
                .maxPollInterval(Duration.ofMillis(50))
                .maxOutageBackoff(Duration.ofMillis(100))
                .build();
        QueueJobClient<Long> realTime =
                QueueJobClient.builder(repository, realTimeQueue).build();

        worker.start();
        Await.until(Duration.ofSeconds(10), "the failing receive made", () -> faulty.failNextReceiveWith.get() == null);
        long id = realTime.queueJob(QUEUE, "alice", EchoRequest.ok("after the error"));

        Await.until(
                Duration.ofSeconds(20),
                "the job queued after the error run",
                () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        assertThat(worker.isRunning()).isTrue();
    }

    @Test
    void aRepositoryThatThrowsAnErrorRecoveringLostMessagesAtStartDoesNotStopThePolling() {
        // An in-memory queue keeps no messages across restarts: the poller first sends the
        // unfinished jobs' messages again, reading them through the repository.
        InMemoryJobQueue realTimeQueue = new InMemoryJobQueue();
        FaultyRepository<Long> faulty = new FaultyRepository<>(repository);
        faulty.failNextFindUnfinishedJobsWith.set(new NoClassDefFoundError("com/example/Missing"));
        worker = QueueWorker.builder(realTimeQueue)
                .job(QUEUE, new EchoJob<>(faulty, JobOptions.defaults()))
                .maxPollInterval(Duration.ofMillis(50))
                .build();
        QueueJobClient<Long> realTime =
                QueueJobClient.builder(faulty, realTimeQueue).build();

        worker.start();
        Await.until(
                Duration.ofSeconds(10),
                "the failing recovery made",
                () -> faulty.failNextFindUnfinishedJobsWith.get() == null);
        long id = realTime.queueJob(QUEUE, "alice", EchoRequest.ok("after the error"));

        Await.until(
                Duration.ofSeconds(20),
                "the job queued after the error run",
                () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
    }

    @Test
    void anErrorAfterWhichTheJvmCannotGoOnStillReachesTheCaller() {
        repository.updates().addListener(changed -> {
            throw new OutOfMemoryError("listener ran out of memory");
        });

        assertThatThrownBy(() -> client.queueJob(QUEUE, "alice", EchoRequest.ok("hi")))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessage("listener ran out of memory");
    }

    @Test
    void aWorkerListenerRunningOutOfMemoryIsCountedAsUnexpectedAndTheWorkerGoesOn() {
        worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .listener(new WorkerListener() {
                    @Override
                    public void onFinished(
                            String queueName, String requestType, Outcome.Type outcome, Duration executionTime) {
                        throw new OutOfMemoryError("listener ran out of memory");
                    }
                })
                .build();
        long first = client.queueJob(QUEUE, "alice", EchoRequest.ok("first"));
        long second = client.queueJob(QUEUE, "alice", EchoRequest.ok("second"));

        assertThat(worker.runOnce()).isEqualTo(2);

        assertThat(repository.getJob(first).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(repository.getJob(second).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(worker.stats().unexpectedErrors()).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
