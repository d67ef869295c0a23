package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.BatchQueueingException;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobRequestType;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.StandardRetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.support.FaultyQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md read as a new user: the outcome of one delivery, what is stored for an
 * error, request type names, the retry policy's defaults and what a failed send leaves.
 * Everything runs on the in-memory repository and queue with a settable clock.
 */
class OperationsDocumentedTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    record Work(String mode) {}

    record Done(String value) {}

    /** Does what its request's mode says: succeed, throw, or throw a chain of causes. */
    static final class WorkJob extends BackgroundJobBase<Long, Work, Done> {
        WorkJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Work.class, Done.class, options);
        }

        @Override
        protected Done onExecute(Work request, JobContext<Long> context) {
            switch (request.mode()) {
                case "ok":
                    return new Done("done");
                case "long-message":
                    throw new IllegalStateException("m".repeat(5_000));
                case "unsupported":
                    throw new UnsupportedOperationException("never works");
                case "deep":
                    return deep(500);
                case "progress":
                    for (int percent = 10; percent <= 30; percent += 10) {
                        context.reportProgress(percent, "step " + percent);
                    }
                    return new Done("done");
                default:
                    throw new IllegalStateException("boom");
            }
        }

        /** Throws forty nested causes from 500 frames down, so the printed trace is far longer than 16 KiB. */
        private static Done deep(int frames) {
            if (frames > 0) {
                return deep(frames - 1);
            }
            RuntimeException chain = new RuntimeException("cause 0");
            for (int i = 1; i < 40; i++) {
                chain = new RuntimeException("cause " + i, chain);
            }
            throw chain;
        }
    }

    private final SettableClock clock = new SettableClock(START, ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();

    private WorkJob job(RetryPolicy policy) {
        return new WorkJob(
                repository,
                JobOptions.builder().clock(clock).retryPolicy(policy).build());
    }

    private String storedErrorMessage(long id) {
        return JobSerializer.defaults()
                .readError(repository.getJob(id))
                .orElseThrow()
                .message();
    }

    // ------------------------------------------------------------------ the retry policy

    @Test
    void theDefaultPolicyIsFiveAttemptsFrom10sDoublingTo10MinWithJitter() {
        assertThat(JobOptions.defaults().retryPolicy()).isSameAs(JobOptions.DEFAULT_RETRY_POLICY);
        StandardRetryPolicy policy = (StandardRetryPolicy) JobOptions.DEFAULT_RETRY_POLICY;
        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.nominalDelayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.nominalDelayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.nominalDelayAfter(6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(policy.nominalDelayAfter(7)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.nominalDelayAfter(30)).isEqualTo(Duration.ofMinutes(10));
        for (int i = 0; i < 50; i++) {
            Duration delay = policy.retryDelay(1, new IllegalStateException()).orElseThrow();
            assertThat(delay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        }
        assertThat(policy.retryDelay(5, new IllegalStateException()))
                .as("no attempt left")
                .isEmpty();
        StandardRetryPolicy none = RetryPolicy.none();
        assertThat(none.maxAttempts()).isEqualTo(3);
        assertThat(none.retryDelay(1, new IllegalStateException())).isEmpty();
    }

    // ------------------------------------------------------------------ the outcome of one delivery

    @Test
    void succeededStoresTheResultAndASecondDeliveryIsAlreadyDone() {
        WorkJob job = job(RetryPolicy.none());
        long id = client.queueJob("work", "alice", new Work("ok"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(JobSerializer.defaults().readResult(record, Done.class)).contains(new Done("done"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(repository.getJob(id).getVersion()).isEqualTo(record.getVersion());
    }

    @Test
    void retryLeavesThePendingRecordDueAfterThePolicyDelayWithTheErrorKept() {
        WorkJob job = job(RetryPolicy.fixed(3, Duration.ofSeconds(30)));
        long id = client.queueJob("work", "alice", new Work("fail"));
        Outcome outcome = job.execute(id);
        assertThat(outcome.type()).isEqualTo(Outcome.Type.RETRY);
        assertThat(outcome.delay()).isEqualTo(Duration.ofSeconds(30));
        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(record.getNextAttemptAt()).isEqualTo(START.plusSeconds(30));
        assertThat(storedErrorMessage(id)).isEqualTo("boom");
        assertThat(job.execute(id).type()).as("the next attempt is not due").isEqualTo(Outcome.Type.BUSY);
        clock.advance(Duration.ofSeconds(30));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.RETRY);
        clock.advance(Duration.ofSeconds(30));
        assertThat(job.execute(id).type()).as("no attempt left").isEqualTo(Outcome.Type.FAILED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void anExceptionThePolicyNeverRetriesFailsAtOnce() {
        WorkJob job =
                job(RetryPolicy.fixed(5, Duration.ofSeconds(1)).neverRetryOn(UnsupportedOperationException.class));
        long id = client.queueJob("work", "alice", new Work("unsupported"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(storedErrorMessage(id)).isEqualTo("never works");
    }

    @Test
    void aPendingJobCancelledBeforeItsRunIsCancelledAtOnceAndItsMessageEndsAlreadyDone() {
        WorkJob job = job(RetryPolicy.none());
        long id = client.queueJob("work", "alice", new Work("ok"));
        assertThat(client.cancel(id)).isEqualTo(CancelResult.CANCELLED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void anUnknownIdIsRejected() {
        assertThat(job(RetryPolicy.none()).execute(12_345L).type()).isEqualTo(Outcome.Type.REJECTED);
    }

    @Test
    void everyAttemptLostToItsWorkerEndsAbortedGaveUp() {
        WorkJob job = job(RetryPolicy.fixed(2, Duration.ofSeconds(1)));
        long id = client.queueJob("work", "alice", new Work("ok"));
        for (int attempt = 0; attempt < 2; attempt++) {
            // A worker claims the job and dies: its lease of 30 s runs out.
            repository.claim(
                    new ClaimRequest<>(id, "dead-worker", clock.instant(), Duration.ofSeconds(30), 2, null, "Work"));
            assertThat(job.execute(id).type()).as("a live lease").isEqualTo(Outcome.Type.BUSY);
            clock.advance(Duration.ofSeconds(31));
        }
        Outcome outcome = job.execute(id);
        assertThat(outcome.type()).isEqualTo(Outcome.Type.ABORTED);
        assertThat(outcome.reason()).isEqualTo("gave up after 2 attempts");
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(storedErrorMessage(id)).startsWith("Gave up after 2 attempts");
    }

    @Test
    void theLastProgressReportedWinsOverTheThrottle() {
        WorkJob job = job(RetryPolicy.none());
        long id = client.queueJob("work", "alice", new Work("progress"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        BackgroundJobInfo<Long> record = repository.getJob(id);
        assertThat(record.getProgressPercent()).isEqualTo(30);
        assertThat(record.getProgressMessage()).isEqualTo("step 30");
    }

    // ------------------------------------------------------------------ what is stored for an error

    @Test
    void anErrorMessageIsCutAt4096Characters() {
        WorkJob job = job(RetryPolicy.none());
        long id = client.queueJob("work", "alice", new Work("long-message"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.FAILED);
        ErrorInfo error =
                JobSerializer.defaults().readError(repository.getJob(id)).orElseThrow();
        assertThat(ErrorInfo.MAX_MESSAGE_LENGTH).isEqualTo(4_096);
        assertThat(error.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.message()).startsWith("m".repeat(4_096)).doesNotContain("m".repeat(4_097));
        assertThat(error.messages()).hasSize(1);
        assertThat(error.stackTrace()).contains("OperationsDocumentedTest");
    }

    @Test
    void atMost32CausesAreKeptOutermostFirstAndTheStackTraceIsCutAt16KiB() {
        WorkJob job = job(RetryPolicy.none());
        long id = client.queueJob("work", "alice", new Work("deep"));
        job.execute(id);
        ErrorInfo error =
                JobSerializer.defaults().readError(repository.getJob(id)).orElseThrow();
        assertThat(ErrorInfo.MAX_CAUSES).isEqualTo(32);
        assertThat(error.messages()).hasSize(32);
        assertThat(error.messages().get(0)).endsWith("cause 39");
        assertThat(ErrorInfo.MAX_STACK_TRACE_LENGTH).isEqualTo(16 * 1024);
        assertThat(error.stackTrace()).startsWith("java.lang.RuntimeException: cause 39");
        assertThat(error.stackTrace().length()).isBetween(16 * 1024, 16 * 1024 + 20);
        assertThat(error.stackTrace()).endsWith("(cut)");
    }

    /** A result with a field Jackson cannot see: it would be written as {}. */
    static final class Opaque {
        @SuppressWarnings("unused")
        private final String secret = "x";
    }

    static final class OpaqueResultJob extends BackgroundJobBase<Long, Work, Opaque> {
        OpaqueResultJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Work.class, Opaque.class, options);
        }

        @Override
        protected Opaque onExecute(Work request, JobContext<Long> context) {
            return new Opaque();
        }
    }

    @Test
    void aResultTheSerializerCannotWriteIsTheAttemptsFailureNamedResultAndIsRetried() {
        OpaqueResultJob job = new OpaqueResultJob(
                repository,
                JobOptions.builder()
                        .clock(clock)
                        .retryPolicy(RetryPolicy.fixed(2, Duration.ofSeconds(5)))
                        .build());
        long id = client.queueJob("work", "alice", new Work("ok"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.RETRY);
        assertThat(storedErrorMessage(id)).contains("'result'");
        clock.advance(Duration.ofSeconds(5));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.FAILED);
    }

    // ------------------------------------------------------------------ request type names

    @JobRequestType("shape")
    static class Shape {
        public String name = "s";
    }

    static final class Circle extends Shape {
        public int radius = 1;
    }

    static final class ShapeJob extends BackgroundJobBase<Long, Shape, Done> {
        ShapeJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Shape.class, Done.class, options);
        }

        @Override
        protected Done onExecute(Shape request, JobContext<Long> context) {
            return new Done(request.name);
        }
    }

    @Test
    void theTypeNameIsTheAnnotationsValueAndASubclassRequestIsAnotherKindsJob() {
        ShapeJob job =
                new ShapeJob(repository, JobOptions.builder().clock(clock).build());
        assertThat(job.requestTypeName()).isEqualTo("shape");
        long shape = client.queueJob("shapes", "alice", new Shape());
        assertThat(repository.getJob(shape).getRequestType()).isEqualTo("shape");
        assertThat(job.execute(shape).type()).isEqualTo(Outcome.Type.SUCCEEDED);

        long circle = client.queueJob("shapes", "alice", new Circle());
        assertThat(repository.getJob(circle).getRequestType()).isEqualTo("Circle");
        long version = repository.getJob(circle).getVersion();
        assertThat(job.execute(circle).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(repository.getJob(circle).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(circle).getVersion())
                .as("refused without writing")
                .isEqualTo(version);
    }

    @Test
    void withoutTheAnnotationTheTypeNameIsTheSimpleName() {
        assertThat(job(RetryPolicy.none()).requestTypeName()).isEqualTo("Work");
        long id = client.queueJob("work", "alice", new Work("ok"));
        assertThat(repository.getJob(id).getRequestType()).isEqualTo("Work");
    }

    /** A job renamed by overriding requestTypeName(). */
    static final class RenamedJob extends BackgroundJobBase<Long, Work, Done> {
        RenamedJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Work.class, Done.class, options);
        }

        @Override
        public String requestTypeName() {
            return "work-v2";
        }

        @Override
        protected Done onExecute(Work request, JobContext<Long> context) {
            return new Done(request.mode());
        }
    }

    @Test
    void aJobThatOverridesRequestTypeNameRunsOnlyRecordsQueuedWithThatName() {
        RenamedJob job =
                new RenamedJob(repository, JobOptions.builder().clock(clock).build());
        long named = client.queueJob("work", "alice", "work-v2", new Work("ok"), Duration.ZERO);
        assertThat(job.execute(named).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        long plain = client.queueJob("work", "alice", new Work("ok"));
        assertThat(repository.getJob(plain).getRequestType()).isEqualTo("Work");
        assertThat(job.execute(plain).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(repository.getJob(plain).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    /** Private fields without getters: Jackson writes {}. */
    static final class Hidden {
        @SuppressWarnings("unused")
        private final String customer = "acme";
    }

    @Test
    void requestsThatCannotBeWrittenOrReadBackAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> client.queueJob("work", "alice", new Hidden()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'request' of type ")
                .hasMessageContaining("serializes to {} although it has fields [customer]");
        assertThatThrownBy(() -> client.queueJob("work", "alice", Map.of("a\uD83D", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'request' cannot be serialized to JSON that reads back");
        assertThat(repository.size()).isZero();
        long id = client.queueJob("work", "alice", new Work("half \uD83D of an emoji"));
        assertThat(repository.getJob(id).getRequestData()).contains("\\ud83d");
        assertThat(JobSerializer.defaults().readRequest(repository.getJob(id), Work.class))
                .isEqualTo(new Work("half \uD83D of an emoji"));
    }

    @JobRequestType("a-request-type-name-that-is-longer-than-fifty-chars")
    record TooLong(String value) {}

    @Test
    void theRequestTypeNameFollowsTheUserNameRulesAndTheDelayIsNeverNegative() {
        assertThatThrownBy(() -> client.queueJob("work", "alice", "Wo\u0000rk", new Work("ok"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> client.queueJob("work", "alice", "Wo\uDC00rk", new Work("ok"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> client.queueJob("work", "alice", new TooLong("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> client.queueJob("work", "alice", new Work("ok"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'delay' must be between 0 and PT168H, not PT-1S.");
        client.queueJob("work", "alice", new Work("ok"), Duration.ofDays(7));
        assertThat(repository.size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ acting on a stuck job

    @Test
    void retryAndCancelOfARunningJobDependOnItsLease() {
        long id = client.queueJob("work", "alice", new Work("ok"));
        repository.claim(new ClaimRequest<>(id, "worker-1", clock.instant(), Duration.ofSeconds(30), 5, null, "Work"));
        assertThatThrownBy(() -> client.requeue(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("live lease");
        assertThat(client.cancel(id)).as("a live lease: the flag").isEqualTo(CancelResult.REQUESTED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(repository.getJob(id).isCancelRequested()).isTrue();
        clock.advance(Duration.ofSeconds(31));
        assertThat(client.cancel(id)).as("the lease has expired").isEqualTo(CancelResult.CANCELLED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);

        long other = client.queueJob("work", "alice", new Work("ok"));
        repository.claim(
                new ClaimRequest<>(other, "worker-1", clock.instant(), Duration.ofSeconds(30), 5, null, "Work"));
        clock.advance(Duration.ofSeconds(31));
        client.requeue(other);
        BackgroundJobInfo<Long> requeued = repository.getJob(other);
        assertThat(requeued.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getAttempts()).as("a fresh attempt budget").isZero();
        assertThat(requeued.getSentAt()).isNotNull();
    }

    @Test
    void retryOfASucceededOrUnknownJobIsRefused() {
        WorkJob job = job(RetryPolicy.none());
        long id = client.queueJob("work", "alice", new Work("ok"));
        job.execute(id);
        assertThatThrownBy(() -> client.requeue(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SUCCEEDED");
        assertThatThrownBy(() -> client.requeue(999L)).isInstanceOf(JobNotFoundException.class);
    }

    // ------------------------------------------------------------------ a send that fails

    @Test
    void aFailedSendAbortsTheRecordAndThrowsWithTheIdAndRequeueSendsAgain() {
        FaultyQueue faulty = new FaultyQueue(queue);
        QueueJobClient<Long> faultyClient =
                QueueJobClient.builder(repository, faulty).clock(clock).build();
        faulty.setDown(true);
        JobQueueingException e = (JobQueueingException) org.assertj.core.api.Assertions.catchThrowable(
                () -> faultyClient.queueJob("work", "alice", new Work("ok")));
        assertThat(e).isNotNull();
        assertThat(e.isAborted()).isTrue();
        long id = (Long) e.getJobId();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        faulty.setDown(false);
        faultyClient.requeue(id);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.approximateLength("work").orElse(-1)).isEqualTo(1);
    }

    @Test
    void aFailedSendInABatchSavesEveryRecordAndNamesTheFailures() {
        FaultyQueue faulty = new FaultyQueue(queue);
        QueueJobClient<Long> faultyClient =
                QueueJobClient.builder(repository, faulty).clock(clock).build();
        faulty.setDown(true);
        BatchQueueingException e = (BatchQueueingException) org.assertj.core.api.Assertions.catchThrowable(
                () -> faultyClient.queueJobs("work", "alice", List.of(new Work("a"), new Work("b"))));
        assertThat(e).isNotNull();
        assertThat(e.getJobIds()).hasSize(2);
        assertThat(e.getQueuedIds()).isEmpty();
        assertThat(e.getFailures().keySet()).containsExactlyInAnyOrderElementsOf(e.getJobIds());
        for (Object id : e.getJobIds()) {
            assertThat(repository.getJob((Long) id).getStatus()).isEqualTo(JobStatus.ABORTED);
        }
        assertThat(repository.size()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ the settings' ranges

    @Test
    void everySettingOutsideItsRangeIsRefusedNamingIt() {
        JobOptions.Builder options = JobOptions.builder();
        refused(() -> options.leaseDuration(Duration.ofMillis(999)), "'leaseDuration'");
        refused(() -> options.progressInterval(Duration.ofMillis(-1)), "'progressInterval'");
        refused(() -> options.completionRetryTimeout(Duration.ofMillis(-1)), "'completionRetryTimeout'");
        options.leaseDuration(Duration.ofSeconds(1))
                .progressInterval(Duration.ZERO)
                .completionRetryTimeout(Duration.ZERO);
        QueueWorker.Builder worker = QueueWorker.builder(queue);
        refused(() -> worker.concurrency(0), "'concurrency'");
        refused(() -> worker.concurrency(1_025), "'concurrency'");
        refused(() -> worker.batchSize(0), "'batchSize'");
        refused(() -> worker.visibilityTimeout(Duration.ofMillis(999)), "'visibilityTimeout'");
        refused(() -> worker.visibilityTimeout(Duration.ofDays(7).plusSeconds(1)), "'visibilityTimeout'");
        refused(() -> worker.maxDequeueCount(0), "'maxDequeueCount'");
        refused(() -> worker.maxPollInterval(Duration.ZERO), "'maxPollInterval'");
        refused(() -> worker.maxOutageBackoff(Duration.ZERO), "'maxOutageBackoff'");
        refused(() -> worker.sweepInterval(Duration.ZERO), "'sweepInterval'");
        refused(() -> worker.shutdownTimeout(Duration.ofMillis(-1)), "'shutdownTimeout'");
        worker.concurrency(1_024)
                .batchSize(1)
                .visibilityTimeout(Duration.ofDays(7))
                .maxDequeueCount(1)
                .maxPollInterval(Duration.ofMillis(1))
                .maxOutageBackoff(Duration.ofMillis(1))
                .sweepInterval(Duration.ofMillis(1))
                .shutdownTimeout(Duration.ZERO);
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }
}
