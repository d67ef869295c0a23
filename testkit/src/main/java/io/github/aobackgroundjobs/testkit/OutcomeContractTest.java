package io.github.aobackgroundjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The outcome table of the design, row by row, for a given repository: what
 * {@link BackgroundJobBase#execute} returns and how it leaves the record. Extend it with a
 * fresh, empty repository; together with {@link JobRepositoryContractTest} it proves that a
 * custom repository runs jobs exactly as the stock ones do.
 *
 * @param <K> the key type
 */
public abstract class OutcomeContractTest<K> extends RepositoryContractBase<K> {

    /** The delay of the retry policy used here. */
    protected static final Duration RETRY_DELAY = Duration.ofSeconds(10);
    /** The lease of the jobs run here. */
    protected static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void succeededStoresTheResult() {
        ScriptedJob<K> job = job(RetryPolicy.none());
        K id = insert(ContractRequest.SUCCEED);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.SUCCEEDED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(JobSerializer.defaults().readResult(after, ContractResult.class))
                .contains(new ContractResult(42));
        assertThat(after.getExceptionData()).isNull();
        assertThat(after.getCompleted()).isEqualTo(START);
        assertThat(after.getAttempts()).isEqualTo(1);
        assertThat(after.getLeaseOwner()).isNull();
        assertThat(job.statuses()).containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }

    @Test
    void failedWithNoAttemptsLeftStoresTheError() {
        ScriptedJob<K> job = job(RetryPolicy.fixed(2, RETRY_DELAY));
        K id = insert(ContractRequest.FAIL);
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.RETRY);
        clock.advance(RETRY_DELAY);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.FAILED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(after.getAttempts()).isEqualTo(2);
        assertThat(error(after).message()).isEqualTo("boom");
        assertThat(error(after).context()).isEqualTo("executing");
        assertThat(after.getResultData()).isNull();
        assertThat(after.getCompleted()).isEqualTo(START.plus(RETRY_DELAY));
        assertThat(after.getLeaseOwner()).isNull();
    }

    @Test
    void failedWithoutARetryPolicyFailsAtOnce() {
        K id = insert(ContractRequest.FAIL);

        assertThat(job(RetryPolicy.none()).execute(id).type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(fixture.reload(id).getStatus()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void failedAtOnceForAnErrorThePolicyNeverRetries() {
        K id = insert(ContractRequest.FAIL);
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY).neverRetryOn(IllegalStateException.class));

        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.FAILED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(after.getAttempts()).isEqualTo(1);
        assertThat(error(after).message()).isEqualTo("boom");
    }

    @Test
    void retryMakesTheJobPendingAfterThePolicyDelayAndKeepsTheError() {
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));
        K id = insert(ContractRequest.FAIL);
        repository.markSent(id, START);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.RETRY);
        assertThat(outcome.delay()).isEqualTo(RETRY_DELAY);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(after.getNextAttemptAt()).isEqualTo(START.plus(RETRY_DELAY));
        assertThat(after.getSentAt()).isNull();
        assertThat(error(after).message()).isEqualTo("boom");
        assertThat(after.getAttempts()).isEqualTo(1);
        assertThat(after.getLeaseOwner()).isNull();
    }

    @Test
    void cancelledBeforeTheRunEndsWithoutRunning() {
        BackgroundJobInfo<K> abandoned = fixture.pending("alice", ContractRequest.TYPE);
        K id = abandoned.getId();
        repository.claim(new ClaimRequest<>(id, "dead-worker", START, LEASE, 3, JobRepositoryFixture.GAVE_UP));
        assertThat(repository.requestCancel(id, START)).isEqualTo(CancelResult.REQUESTED);
        clock.advance(LEASE);
        ScriptedJob<K> job = job(RetryPolicy.none());

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.CANCELLED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(after.getCompleted()).isEqualTo(START.plus(LEASE));
        assertThat(after.getLeaseOwner()).isNull();
        assertThat(job.runs()).isZero();
    }

    @Test
    void aPendingJobCancelledBeforeItsMessageArrivesIsAlreadyDone() {
        K id = insert(ContractRequest.SUCCEED);
        assertThat(repository.requestCancel(id, START)).isEqualTo(CancelResult.CANCELLED);
        BackgroundJobInfo<K> before = fixture.reload(id);
        ScriptedJob<K> job = job(RetryPolicy.none());

        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(fixture.reload(id)).usingRecursiveComparison().isEqualTo(before);
        assertThat(job.runs()).isZero();
    }

    @Test
    void cancelledDuringTheRunEndsCancelled() {
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));
        K id = insert(ContractRequest.CANCEL_DURING);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.CANCELLED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(after.getCompleted()).isNotNull();
        assertThat(after.getLeaseOwner()).isNull();
        assertThat(after.getResultData()).isNull();
        assertThat(job.runs()).isEqualTo(1);
    }

    @Test
    void alreadyDoneLeavesAFinishedRecordUnchanged() {
        ScriptedJob<K> job = job(RetryPolicy.none());
        K id = insert(ContractRequest.SUCCEED);
        job.execute(id);
        BackgroundJobInfo<K> before = fixture.reload(id);
        clock.advance(Duration.ofMinutes(1));

        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(fixture.reload(id)).usingRecursiveComparison().isEqualTo(before);
        assertThat(job.runs()).isEqualTo(1);
    }

    @Test
    void busyUnderAnotherWorkersLiveLeaseUntilItEnds() {
        K id = insert(ContractRequest.SUCCEED);
        ClaimResult<K> other =
                repository.claim(new ClaimRequest<>(id, "other-worker", START, LEASE, 3, JobRepositoryFixture.GAVE_UP));
        BackgroundJobInfo<K> before = fixture.reload(id);
        clock.advance(Duration.ofSeconds(12));
        ScriptedJob<K> job = job(RetryPolicy.none());

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.BUSY);
        assertThat(outcome.delay())
                .isEqualTo(Duration.between(clock.instant(), other.job().getLeaseExpiresAt()));
        assertThat(fixture.reload(id)).usingRecursiveComparison().isEqualTo(before);
        assertThat(job.runs()).isZero();
    }

    @Test
    void busyUntilTheNextAttemptIsDue() {
        BackgroundJobInfo<K> record = fixture.newJob("alice", ContractRequest.TYPE);
        record.setRequestData(ContractRequest.SUCCEED);
        record.setNextAttemptAt(START.plusSeconds(20));
        K id = repository.insert(record).getId();
        BackgroundJobInfo<K> before = fixture.reload(id);
        ScriptedJob<K> job = job(RetryPolicy.none());

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.BUSY);
        assertThat(outcome.delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fixture.reload(id)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void rejectedForAnUnknownId() {
        ScriptedJob<K> job = job(RetryPolicy.none());
        K unknown = fixture.unknownId();

        assertThat(job.execute(unknown).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(repository.findJob(unknown)).isEmpty();
        assertThat(job.runs()).isZero();
    }

    @Test
    void rejectedForAJobOfAnotherTypeWhichIsLeftUntouched() {
        BackgroundJobInfo<K> before = fixture.pending("alice", "OtherRequest");
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));

        Outcome outcome = job.execute(before.getId());

        assertThat(outcome.type())
                .as("a message carrying another kind's job id is REJECTED (stray)")
                .isEqualTo(Outcome.Type.REJECTED);
        assertThat(outcome.reason()).as("the reason names the other type").contains("OtherRequest");
        assertThat(fixture.reload(before.getId()))
                .as("the other kind's job is not claimed, aborted or otherwise written")
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(job.runs()).isZero();
    }

    @Test
    void rejectedForARequestThatDoesNotFitWhichIsAbortedWithTheReason() {
        BackgroundJobInfo<K> record = fixture.newJob("alice", ContractRequest.TYPE);
        record.setRequestData("{\"unexpected\":true}");
        K id = repository.insert(record).getId();
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.REJECTED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(error(after).message()).contains("does not fit");
        assertThat(job.runs()).isZero();
    }

    @Test
    void abortedOnceLostWorkersUsedUpTheAttempts() {
        K id = insert(ContractRequest.SUCCEED);
        repository.claim(new ClaimRequest<>(id, "lost-1", clock.instant(), LEASE, 2, JobRepositoryFixture.GAVE_UP));
        clock.advance(LEASE);
        repository.claim(new ClaimRequest<>(id, "lost-2", clock.instant(), LEASE, 2, JobRepositoryFixture.GAVE_UP));
        clock.advance(LEASE);
        ScriptedJob<K> job = job(RetryPolicy.fixed(2, RETRY_DELAY));

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.ABORTED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(after.getAttempts()).isEqualTo(2);
        assertThat(error(after).context()).isEqualTo("gave-up");
        assertThat(after.getCompleted()).isEqualTo(START.plus(LEASE).plus(LEASE));
        assertThat(after.getLeaseOwner()).isNull();
        assertThat(job.runs()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private K insert(String requestJson) {
        BackgroundJobInfo<K> record = fixture.newJob("alice", ContractRequest.TYPE);
        record.setRequestData(requestJson);
        return repository.insert(record).getId();
    }

    private ScriptedJob<K> job(RetryPolicy policy) {
        return new ScriptedJob<>(
                repository,
                JobOptions.builder()
                        .clock(clock)
                        .retryPolicy(policy)
                        .leaseDuration(LEASE)
                        .workerId("contract-worker")
                        .build());
    }

    private static ErrorInfo error(BackgroundJobInfo<?> job) {
        return JobSerializer.defaults().readError(job).orElseThrow(() -> new AssertionError("no exception data"));
    }

    /**
     * The request of the job run by this suite.
     *
     * @param action {@code succeed}, {@code fail} or {@code cancel-during}
     * @param value doubled into the result
     */
    public record ContractRequest(String action, int value) {
        /** The request type name. */
        public static final String TYPE = "ContractRequest";

        static final String SUCCEED = "{\"action\":\"succeed\",\"value\":21}";
        static final String FAIL = "{\"action\":\"fail\",\"value\":0}";
        static final String CANCEL_DURING = "{\"action\":\"cancel-during\",\"value\":0}";
    }

    /**
     * The result of the job run by this suite.
     *
     * @param doubled twice the request's value
     */
    public record ContractResult(int doubled) {}

    /** A job that does what its request says and records the statuses it was told of. */
    private static final class ScriptedJob<K> extends BackgroundJobBase<K, ContractRequest, ContractResult> {
        private final List<JobStatus> statuses = new CopyOnWriteArrayList<>();
        private final AtomicInteger runs = new AtomicInteger();

        ScriptedJob(JobRepositoryBase<K> repository, JobOptions options) {
            super(repository, ContractRequest.class, ContractResult.class, options);
        }

        @Override
        protected ContractResult onExecute(ContractRequest request, JobContext<K> context) {
            runs.incrementAndGet();
            switch (request.action()) {
                case "succeed":
                    return new ContractResult(request.value() * 2);
                case "cancel-during":
                    QueueJobClient.builder(repository(), new InMemoryJobQueue())
                            .clock(options().clock())
                            .build()
                            .cancel(context.id());
                    context.throwIfCancellationRequested();
                    throw new AssertionError("The cancel request was not seen by the running job.");
                default:
                    throw new IllegalStateException("boom");
            }
        }

        @Override
        protected void onStatusUpdated(K id, JobStatus status) {
            statuses.add(status);
        }

        List<JobStatus> statuses() {
            return statuses;
        }

        int runs() {
            return runs.get();
        }
    }
}
