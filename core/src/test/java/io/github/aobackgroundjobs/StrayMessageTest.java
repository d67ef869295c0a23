package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.OtherRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A message carrying the id of another kind's job (sent to the wrong queue) is poisoned without
 * touching that job, whose own message later runs it normally.
 */
class StrayMessageTest {

    record OtherResult(int doubled) {}

    static final class OtherJob extends BackgroundJobBase<Long, OtherRequest, OtherResult> {
        OtherJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, OtherRequest.class, OtherResult.class, options);
        }

        @Override
        protected OtherResult onExecute(OtherRequest request, JobContext<Long> context) {
            return new OtherResult(request.value() * 2);
        }
    }

    @Test
    void aStrayMessageIsPoisonedAndTheJobStillRunsFromItsOwnQueue() {
        SettableClock clock = new SettableClock();
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        JobOptions options = JobOptions.builder().clock(clock).build();
        QueueWorker worker = QueueWorker.builder(queue)
                .job("echo", new EchoJob<>(repository, options))
                .job("other", new OtherJob(repository, options))
                .build();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();

        long other = client.queueJob("other", "alice", new OtherRequest(21));
        long echo = client.queueJob("echo", "alice", EchoRequest.ok("hi"));
        String strayText = new JobMessageCodec<>(JobKeyType.LONG).encode(other);
        queue.send("echo", strayText, Duration.ZERO);
        long versionBefore = repository.getJob(other).getVersion();

        worker.runOnce();

        assertThat(queue.receive("echo-poison", 32, Duration.ofSeconds(30)))
                .as("the stray copy goes to the echo queue's poison queue, byte-identical")
                .extracting(QueueMessage::text)
                .containsExactly(strayText);
        BackgroundJobInfo<Long> done = repository.getJob(other);
        assertThat(done.getStatus())
                .as("its own message, on its own queue, ran it")
                .isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getAttempts()).as("the stray message used no attempt").isEqualTo(1);
        assertThat(done.getVersion()).isGreaterThan(versionBefore);
        assertThat(repository.getJob(echo).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(queue.receive("other-poison", 32, Duration.ofSeconds(30))).isEmpty();
    }
}
