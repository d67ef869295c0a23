package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sent marks written behind the callers: in lots, not one write per mark. */
class SentMarksBehindTest {

    private final FaultyRepository<Long> repository = new FaultyRepository<>(InMemoryJobRepository.withLongKeys());
    private final InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());

    @Test
    void marksHandedInCloseTogetherAreWrittenInOneLot() throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        try (QueueJobClient<Long> client = clientWithDelay(Duration.ofMillis(500))) {
            // A steady stream: ten jobs 5 ms apart, well inside the 100 ms a lot may span.
            for (int i = 0; i < 10; i++) {
                ids.add(client.queueJob("lots", "alice", EchoRequest.ok("job " + i)));
                Thread.sleep(5);
            }
            assertThat(repository.markAllSentSizes)
                    .as("nothing written before the delay")
                    .isEmpty();
            Await.until(
                    Duration.ofSeconds(10),
                    "every job marked sent",
                    () -> ids.stream().allMatch(id -> repository.getJob(id).getSentAt() != null));
        }
        assertThat(repository.markAllSentSizes.stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .as("every mark written once")
                .isEqualTo(10);
        // One lot; two if the test thread stalled for more than the slack between two jobs.
        assertThat(repository.markAllSentSizes)
                .as("marks written in lots, not as each one falls due")
                .hasSizeLessThanOrEqualTo(2);
        for (long id : ids) {
            assertThat(repository.getJob(id).getSendCount()).isEqualTo(1);
        }
    }

    @Test
    void aMarkIsWrittenWithTheTimeOfItsSendNotOfTheWrite() throws InterruptedException {
        try (QueueJobClient<Long> client = clientWithDelay(Duration.ofMillis(800))) {
            Instant before = Instant.now();
            long id = client.queueJob("times", "alice", EchoRequest.ok("timed"));
            Instant after = Instant.now();
            Await.until(
                    Duration.ofSeconds(10),
                    "the job marked sent",
                    () -> repository.getJob(id).getSentAt() != null);
            Instant written = Instant.now();
            Instant sentAt = repository.getJob(id).getSentAt();
            assertThat(Duration.between(after, written))
                    .as("the mark waited its delay")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(600));
            // The lot's time is its youngest mark's hand-in: the send, give or take the clocks' read.
            assertThat(sentAt).isBetween(before.minusMillis(5), after.plusMillis(50));
        }
    }

    @Test
    void theDelayMustBeBetweenOneMillisecondAndOneMinute() {
        QueueJobClient.Builder<Long> builder = QueueJobClient.builder(repository, queue);
        for (Duration wrong : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(61))) {
            assertThatThrownBy(() -> builder.sentMarkDelay(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'sentMarkDelay' must be between 1 ms and 60 s")
                    .hasMessageContaining(wrong.toString());
        }
        assertThatThrownBy(() -> builder.sentMarkDelay(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'sentMarkDelay'");
        assertThat(builder.sentMarkDelay(Duration.ofMillis(1)).sentMarkDelay(Duration.ofMinutes(1)))
                .isSameAs(builder);
    }

    @Test
    void manyMarksWaitingAreWrittenBeforeTheirDelayAndNoneByTheCallers() throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        try (QueueJobClient<Long> client = clientWithDelay(Duration.ofMinutes(1))) {
            for (int i = 0; i < 20_100; i++) {
                ids.add(client.queueJob("many", "alice", EchoRequest.ok("job " + i)));
            }
            // Beyond 20,000 waiting, the oldest go at once, not a minute later.
            Await.until(
                    Duration.ofSeconds(20),
                    "the oldest marks written early",
                    () -> repository.getJob(ids.get(0)).getSentAt() != null);
            assertThat(repository.markSentCalls.get())
                    .as("no caller wrote its own mark")
                    .isZero();
            assertThat(repository.markAllSentSizes.get(0))
                    .as("an early write takes a full write's worth, not the few marks above the limit")
                    .isGreaterThanOrEqualTo(100);
            assertThat(repository.getJob(ids.get(ids.size() - 1)).getSentAt())
                    .as("the youngest still waits")
                    .isNull();
        }
        assertThat(repository.markAllSentSizes.stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .as("every mark written once, the rest at close")
                .isEqualTo(ids.size());
    }

    static List<Error> storeErrors() {
        return List.of(new AssertionError("custom store bug"), new OutOfMemoryError("Java heap space"));
    }

    @ParameterizedTest
    @MethodSource("storeErrors")
    void aStoreThatThrowsAnErrorLosesThatLotsMarksButTheWriterGoesOn(Error failure) {
        repository.failNextMarkAllSentWith.set(failure);
        try (QueueJobClient<Long> client = clientWithDelay(Duration.ofMillis(1))) {
            long first = client.queueJob("erring", "alice", EchoRequest.ok("first"));
            Await.until(
                    Duration.ofSeconds(10),
                    "the failing lot tried",
                    () -> repository.failNextMarkAllSentWith.get() == null);
            long second = client.queueJob("erring", "alice", EchoRequest.ok("second"));
            Await.until(
                    Duration.ofSeconds(10),
                    "the next job marked sent",
                    () -> repository.getJob(second).getSentAt() != null);
            // A lost mark costs a duplicate send by the sweeper, which the claim makes harmless.
            assertThat(repository.getJob(first).getStatus()).isEqualTo(JobStatus.PENDING);
        }
    }

    private QueueJobClient<Long> clientWithDelay(Duration sentMarkDelay) {
        return QueueJobClient.builder(repository, queue)
                .writeSentMarksBehind(true)
                .sentMarkDelay(sentMarkDelay)
                .build();
    }
}
