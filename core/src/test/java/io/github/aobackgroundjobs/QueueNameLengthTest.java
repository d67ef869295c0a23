package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Job queue names leave room for '-poison' wherever one enters, before anything is written. */
class QueueNameLengthTest {

    private static final String LONGEST = "q".repeat(JobValidation.MAX_JOB_QUEUE_NAME_LENGTH);
    private static final String TOO_LONG = "q".repeat(JobValidation.MAX_JOB_QUEUE_NAME_LENGTH + 1);

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();

    @Test
    void theClientRefusesATooLongQueueNameBeforeAnyWrite() {
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        assertThatThrownBy(() -> client.queueJob(TOO_LONG, "alice", EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'")
                .hasMessageContaining("at most 56");
        assertThat(repository.size()).as("no record, not even an ABORTED one").isZero();
    }

    @Test
    void theWorkerBuilderRefusesATooLongQueueName() {
        assertThatThrownBy(() ->
                        QueueWorker.builder(queue).job(TOO_LONG, new EchoJob<>(repository, JobOptions.defaults())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'")
                .hasMessageContaining("at most 56");
    }

    @Test
    void garbageOnTheLongestJobQueueReachesItsPoisonQueue() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job(LONGEST, new EchoJob<>(repository, JobOptions.defaults()))
                .build();
        queue.send(LONGEST, "not a job id", Duration.ZERO);

        worker.runOnce();

        assertThat(worker.stats().deadLettered()).isEqualTo(1);
        assertThat(worker.stats().unexpectedErrors()).isZero();
        assertThat(queue.receive(LONGEST + "-poison", 1, Duration.ofSeconds(30)))
                .extracting(QueueMessage::text)
                .containsExactly("not a job id");
    }
}
