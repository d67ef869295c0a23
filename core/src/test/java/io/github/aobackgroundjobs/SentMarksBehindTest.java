package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sent marks written behind the callers: in lots, not one write per mark. */
class SentMarksBehindTest {

    private final FaultyRepository<Long> repository = new FaultyRepository<>(InMemoryJobRepository.withLongKeys());
    private final InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());

    @Test
    void marksHandedInCloseTogetherAreWrittenInOneLot() throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        try (QueueJobClient<Long> client = QueueJobClient.builder(repository, queue)
                .writeSentMarksBehind(true)
                .build()) {
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
}
