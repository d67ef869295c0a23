package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link WorkerListener} is told, through {@link QueueWorker#runOnce()} with a settable
 * clock, and that a listener that throws never changes how a job ends.
 */
class WorkerListenerTest {

    private static final String QUEUE = "listened";

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    private final EchoJob<Long> job = new EchoJob<>(
            repository,
            JobOptions.builder()
                    .clock(clock)
                    .retryPolicy(RetryPolicy.fixed(2, Duration.ofSeconds(10)))
                    .build());
    private QueueWorker worker;

    /** Records every call as text. */
    private static final class Recording implements WorkerListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void onClaimed(String queueName, String requestType, Duration pickupLatency) {
            calls.add("claimed " + queueName + " " + requestType + " " + pickupLatency);
        }

        @Override
        public void onFinished(String queueName, String requestType, Outcome.Type outcome, Duration executionTime) {
            assertThat(executionTime.isNegative()).isFalse();
            calls.add("finished " + queueName + " " + requestType + " " + outcome);
        }
    }

    /** Throws from every method. */
    private static final class Throwing implements WorkerListener {
        @Override
        public void onClaimed(String queueName, String requestType, Duration pickupLatency) {
            throw new IllegalStateException("listener bug in onClaimed");
        }

        @Override
        public void onFinished(String queueName, String requestType, Outcome.Type outcome, Duration executionTime) {
            throw new IllegalStateException("listener bug in onFinished");
        }
    }

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void listenersAreToldOfClaimsWithThePickupLatencyAndOfEachOutcome() {
        Recording recording = new Recording();
        worker = QueueWorker.builder(queue).job(QUEUE, job).listener(recording).build();
        long ok = client.queueJob(QUEUE, "alice", EchoRequest.ok("hi"));
        clock.advance(Duration.ofSeconds(7));

        worker.runOnce();
        long failing = client.queueJob(QUEUE, "alice", EchoRequest.failing("x", 1));
        clock.advance(Duration.ofMillis(250));
        worker.runOnce(); // attempt 1 throws: RETRY, due 10 s later
        clock.advance(Duration.ofSeconds(13));
        worker.runOnce(); // attempt 2, 3 s after it was due

        assertThat(repository.getJob(ok).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(repository.getJob(failing).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(recording.calls)
                .containsExactly(
                        "claimed listened EchoRequest PT7S",
                        "finished listened EchoRequest SUCCEEDED",
                        "claimed listened EchoRequest PT0.25S",
                        "finished listened EchoRequest RETRY",
                        "claimed listened EchoRequest PT3S",
                        "finished listened EchoRequest SUCCEEDED");
    }

    @Test
    void aDeliveryThatClaimsNothingIsFinishedWithoutAClaim() {
        Recording recording = new Recording();
        worker = QueueWorker.builder(queue).job(QUEUE, job).listener(recording).build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("hi"));
        assertThat(client.cancel(id)).isEqualTo(CancelResult.CANCELLED);
        queue.send(QUEUE, "not a job id", Duration.ZERO);

        worker.runOnce();

        assertThat(recording.calls)
                .containsExactlyInAnyOrder(
                        "finished listened EchoRequest ALREADY_DONE", "finished listened EchoRequest REJECTED");
    }

    @Test
    void aListenerThatThrowsNeverChangesHowAJobEnds_andTheOthersAreStillTold() {
        Recording recording = new Recording();
        worker = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .listener(new Throwing())
                .listener(recording)
                .build();
        long id = client.queueJob(QUEUE, "alice", EchoRequest.ok("hi"));

        assertThat(worker.runOnce()).isEqualTo(1);

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
        assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isEqualTo(1);
        assertThat(worker.stats().unexpectedErrors()).isZero();
        assertThat(recording.calls)
                .containsExactly("claimed listened EchoRequest PT0S", "finished listened EchoRequest SUCCEEDED");
    }

    @Test
    void aNullListenerIsRefused() {
        assertThatThrownBy(() -> QueueWorker.builder(queue).listener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'listener' cannot be null.");
    }
}
