package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The knobs docs/performance.md tells users to turn, on the core side: the sent marks written
 * behind and their delay, the worker's batch size and threads, and the batch form of queueing.
 */
class TuningOptionsDocumentedTest {

    record Report(String title) {}

    static final class ReportJob extends BackgroundJobBase<Long, Report, String> {
        ReportJob(JobRepositoryBase<Long> repository) {
            super(repository, Report.class, String.class);
        }

        @Override
        protected String onExecute(Report request, JobContext<Long> context) {
            return request.title();
        }
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void marksWrittenBehindWaitTheDefaultFiveSecondsUnlessFlushed() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        try (var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(true)
                .build()) {
            long id = client.queueJob("reports", "alice", new Report("x"));
            assertThat(repository.getJob(id).getSentAt())
                    .as("not written on the caller's path")
                    .isNull();
            Thread.sleep(500);
            assertThat(repository.getJob(id).getSentAt())
                    .as("still waiting its 5 s")
                    .isNull();
            assertThat(client.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
            assertThat(repository.getJob(id).getSendCount()).isEqualTo(1);
        }
    }

    @Test
    void aShortSentMarkDelayWritesTheMarkWithoutAFlush() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        try (var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(true)
                .sentMarkDelay(Duration.ofMillis(1))
                .build()) {
            long id = client.queueJob("reports", "alice", new Report("x"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (repository.getJob(id).getSentAt() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
        }
    }

    @Test
    void aMarkWhoseJobWasClaimedMeanwhileWritesNothing() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var job = new ReportJob(repository);
        try (var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(true)
                .build()) {
            long id = client.queueJob("reports", "alice", new Report("x"));
            assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.SUCCEEDED);
            BackgroundJobInfo<Long> done = repository.getJob(id);
            assertThat(client.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
            BackgroundJobInfo<Long> after = repository.getJob(id);
            assertThat(after.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(after.getVersion()).isEqualTo(done.getVersion());
            assertThat(after.getSentAt()).isNull();
        }
    }

    @Test
    void closeWritesTheMarksStillWaitingAndLaterCallsMarkSynchronously() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(true)
                .build();
        long before = client.queueJob("reports", "alice", new Report("x"));
        client.close();
        assertThat(repository.getJob(before).getSentAt()).isNotNull();
        long after = client.queueJob("reports", "alice", new Report("y"));
        assertThat(repository.getJob(after).getSentAt()).isNotNull();
        client.close();
    }

    @Test
    void writeSentMarksBehindFalseMarksBeforeQueueJobReturns() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(false)
                .build();
        long id = client.queueJob("reports", "alice", new Report("x"));
        assertThat(repository.getJob(id).getSentAt()).isNotNull();
    }

    @Test
    void theWorkersBatchSizeIsFrom1To32AndItsThreadsFrom1To1024() {
        var b = QueueWorker.builder(new InMemoryJobQueue());
        assertRefused(() -> b.batchSize(0), "'batchSize'");
        assertThatCode(() -> b.batchSize(1)).doesNotThrowAnyException();
        assertRefused(() -> b.concurrency(0), "'concurrency'");
        assertRefused(() -> b.concurrency(1025), "'concurrency'");
        assertThatCode(() -> b.concurrency(1).concurrency(1024)).doesNotThrowAnyException();
        assertRefused(() -> b.visibilityTimeout(Duration.ofMillis(999)), "'visibilityTimeout'");
        assertRefused(() -> b.visibilityTimeout(Duration.ofDays(7).plusSeconds(1)), "'visibilityTimeout'");
        assertRefused(() -> b.maxDequeueCount(0), "'maxDequeueCount'");
        assertRefused(() -> b.maxPollInterval(Duration.ZERO), "'maxPollInterval'");
        assertRefused(() -> b.maxOutageBackoff(Duration.ZERO), "'maxOutageBackoff'");
        assertRefused(() -> b.shutdownTimeout(Duration.ofMillis(-1)), "'shutdownTimeout'");
        assertThatCode(() -> b.shutdownTimeout(Duration.ZERO)).doesNotThrowAnyException();
        assertRefused(() -> b.name(" "), "'name'");
        for (ThrowingCallable nullArgument : List.<ThrowingCallable>of(
                () -> b.visibilityTimeout(null),
                () -> b.maxPollInterval(null),
                () -> b.maxOutageBackoff(null),
                () -> b.shutdownTimeout(null),
                () -> b.name(null))) {
            assertThatThrownBy(nullArgument).isInstanceOf(NullPointerException.class);
        }
        assertThatThrownBy(() -> QueueJobClient.builder(InMemoryJobRepository.withLongKeys(), new InMemoryJobQueue())
                        .sentMarkDelay(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'sentMarkDelay'");
    }

    @Test
    void queueJobsTakesAThousandWithOneSentMarkEachAndRefusesAnEmptyList() {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        var client = QueueJobClient.builder(repository, queue).build();
        List<Long> ids = client.queueJobs(
                "reports", "alice", Collections.nCopies(QueueJobClient.MAX_JOBS_PER_CALL, new Report("x")));
        assertThat(queue.approximateLength("reports")).hasValue(QueueJobClient.MAX_JOBS_PER_CALL);
        for (long id : List.of(ids.get(0), ids.get(ids.size() - 1))) {
            assertThat(repository.getJob(id).getSendCount()).isEqualTo(1);
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
        }
        assertThatThrownBy(() -> client.queueJobs("reports", "alice", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests'");
        assertThatThrownBy(() -> client.queueJobs(
                        "reports", "alice", Collections.nCopies(QueueJobClient.MAX_JOBS_PER_CALL + 1, new Report("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests'")
                .hasMessageContaining("1001");
    }
}
