package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Shutdown": what an interrupt, a stack overflow and another virtual
 * machine error make of a job, in a worker and through a direct {@code execute}.
 */
class ShutdownDocumentedTest {

    record Task(String mode) {}

    record Result(String value) {}

    static final class TaskJob extends BackgroundJobBase<Long, Task, Result> {
        final CountDownLatch started = new CountDownLatch(1);

        TaskJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Task.class,
                    Result.class,
                    JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        }

        @Override
        protected Result onExecute(Task request, JobContext<Long> context) throws Exception {
            started.countDown();
            switch (request.mode()) {
                case "block":
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                    return new Result("woke");
                case "interrupted":
                    throw new InterruptedException("the job's own");
                case "recurse":
                    return recurse(0);
                case "oom":
                    throw new OutOfMemoryError("simulated");
                default:
                    return new Result("ok");
            }
        }

        private static Result recurse(int depth) {
            return depth < 0 ? null : recurse(depth + 1);
        }
    }

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();

    @Test
    void jobsStillRunningAtTheTimeoutAreInterruptedNotFailedAndCloseReturnsFalseAgain() throws Exception {
        TaskJob job = new TaskJob(repository);
        long id = client.queueJob("tasks", "alice", new Task("block"));
        QueueWorker worker =
                QueueWorker.builder(queue).job("tasks", job).noSweeper().build();
        worker.start();
        assertThat(job.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.close(Duration.ofMillis(100))).isFalse();
        assertThat(repository.getJob(id).getStatus()).as("left under its lease").isEqualTo(JobStatus.RUNNING);
        assertThat(JobSerializer.defaults().readError(repository.getJob(id))).isEmpty();
        assertThat(worker.close(Duration.ofMillis(100)))
                .as("what the first call returned")
                .isFalse();
    }

    @Test
    void anInterruptedExceptionIsAFailureInAWorkerThatIsNotStoppingButAShutdownForADirectExecute() {
        TaskJob job = new TaskJob(repository);
        long direct = client.queueJob("tasks", "alice", new Task("interrupted"));
        assertThat(job.execute(direct).type()).isEqualTo(Outcome.Type.BUSY);
        assertThat(repository.getJob(direct).getStatus()).isEqualTo(JobStatus.RUNNING);
        // The host is told of the shutdown by the interrupt flag; this test is not stopping.
        Thread.interrupted();

        InMemoryJobQueue own = new InMemoryJobQueue();
        QueueJobClient<Long> ownClient = QueueJobClient.builder(repository, own).build();
        long inWorker = ownClient.queueJob("tasks", "alice", new Task("interrupted"));
        try (QueueWorker worker =
                QueueWorker.builder(own).job("tasks", job).noSweeper().build()) {
            worker.runOnce();
            assertThat(worker.stats().outcomes(Outcome.Type.FAILED)).isEqualTo(1);
        }
        assertThat(repository.getJob(inWorker).getStatus()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aStackOverflowIsTheJobsFailureAndAnOutOfMemoryErrorIsNotStored() {
        TaskJob job = new TaskJob(repository);
        long deep = client.queueJob("tasks", "alice", new Task("recurse"));
        assertThat(job.execute(deep).type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(JobSerializer.defaults()
                        .readError(repository.getJob(deep))
                        .orElseThrow()
                        .type())
                .isEqualTo(StackOverflowError.class.getName());

        InMemoryJobQueue own = new InMemoryJobQueue();
        long oom = QueueJobClient.builder(repository, own).build().queueJob("tasks", "alice", new Task("oom"));
        try (QueueWorker worker =
                QueueWorker.builder(own).job("tasks", job).noSweeper().build()) {
            worker.runOnce();
            assertThat(worker.stats().unexpectedErrors()).isEqualTo(1);
        }
        assertThat(repository.getJob(oom).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(repository.getJob(oom).getExceptionData()).isNull();
        assertThat(own.approximateLength("tasks").orElse(-1))
                .as("the message is delivered again")
                .isEqualTo(1);
    }
}
