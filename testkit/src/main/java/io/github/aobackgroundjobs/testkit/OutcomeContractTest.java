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

        assertThat(outcome.type())
                .as("a job whose body returns must end SUCCEEDED")
                .isEqualTo(Outcome.Type.SUCCEEDED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("complete as SUCCEEDED must store status SUCCEEDED")
                .isEqualTo(JobStatus.SUCCEEDED);
        assertThat(JobSerializer.defaults().readResult(after, ContractResult.class))
                .as("complete as SUCCEEDED must store the result data as given")
                .contains(new ContractResult(42));
        assertThat(after.getExceptionData())
                .as("complete as SUCCEEDED must store no exception data")
                .isNull();
        assertThat(after.getCompleted())
                .as("complete must set completed to the caller's now")
                .isEqualTo(START);
        assertThat(after.getAttempts()).as("the claim must add one to attempts").isEqualTo(1);
        assertThat(after.getLeaseOwner()).as("complete must clear leaseOwner").isNull();
        assertThat(job.statuses())
                .as("the job must be told RUNNING after the claim, then SUCCEEDED")
                .containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }

    @Test
    void failedWithNoAttemptsLeftStoresTheError() {
        ScriptedJob<K> job = job(RetryPolicy.fixed(2, RETRY_DELAY));
        K id = insert(ContractRequest.FAIL);
        assertThat(job.execute(id).type())
                .as("a failure with attempts left under the retry policy must end RETRY")
                .isEqualTo(Outcome.Type.RETRY);
        clock.advance(RETRY_DELAY);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type())
                .as("a failure on the last attempt the policy allows must end FAILED")
                .isEqualTo(Outcome.Type.FAILED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("complete as FAILED must store status FAILED")
                .isEqualTo(JobStatus.FAILED);
        assertThat(after.getAttempts())
                .as("each claim of the retry must add one to attempts")
                .isEqualTo(2);
        assertThat(error(after).message())
                .as("complete as FAILED must store the error as exception data")
                .isEqualTo("boom");
        assertThat(error(after).context())
                .as("the stored error must say where it happened")
                .isEqualTo("executing");
        assertThat(after.getResultData()).as("a FAILED job has no result data").isNull();
        assertThat(after.getCompleted())
                .as("complete must set completed to the caller's now")
                .isEqualTo(START.plus(RETRY_DELAY));
        assertThat(after.getLeaseOwner()).as("complete must clear leaseOwner").isNull();
    }

    @Test
    void failedWithoutARetryPolicyFailsAtOnce() {
        K id = insert(ContractRequest.FAIL);

        assertThat(job(RetryPolicy.none()).execute(id).type())
                .as("a failure with no retry policy must end FAILED at once")
                .isEqualTo(Outcome.Type.FAILED);
        assertThat(fixture.reload(id).getStatus())
                .as("complete as FAILED must store status FAILED")
                .isEqualTo(JobStatus.FAILED);
    }

    @Test
    void failedAtOnceForAnErrorThePolicyNeverRetries() {
        K id = insert(ContractRequest.FAIL);
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY).neverRetryOn(IllegalStateException.class));

        assertThat(job.execute(id).type())
                .as("an error the policy never retries must end FAILED at once")
                .isEqualTo(Outcome.Type.FAILED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("complete as FAILED must store status FAILED")
                .isEqualTo(JobStatus.FAILED);
        assertThat(after.getAttempts())
                .as("a job failed at once has made one attempt")
                .isEqualTo(1);
        assertThat(error(after).message())
                .as("complete as FAILED must store the error as exception data")
                .isEqualTo("boom");
    }

    @Test
    void retryMakesTheJobPendingAfterThePolicyDelayAndKeepsTheError() {
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));
        K id = insert(ContractRequest.FAIL);
        repository.markSent(id, START);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type())
                .as("a failure with attempts left must end RETRY")
                .isEqualTo(Outcome.Type.RETRY);
        assertThat(outcome.delay())
                .as("a RETRY outcome must carry the policy's delay")
                .isEqualTo(RETRY_DELAY);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("complete as a retry must store status PENDING")
                .isEqualTo(JobStatus.PENDING);
        assertThat(after.getNextAttemptAt())
                .as("complete as a retry must store nextAttemptAt = now + the policy's delay")
                .isEqualTo(START.plus(RETRY_DELAY));
        assertThat(after.getSentAt())
                .as("complete as a retry must clear sentAt")
                .isNull();
        assertThat(error(after).message())
                .as("complete as a retry must store the attempt's error")
                .isEqualTo("boom");
        assertThat(after.getAttempts()).as("complete must not change attempts").isEqualTo(1);
        assertThat(after.getLeaseOwner())
                .as("complete as a retry must clear leaseOwner")
                .isNull();
    }

    @Test
    void cancelledBeforeTheRunEndsWithoutRunning() {
        BackgroundJobInfo<K> abandoned = fixture.pending("alice", ContractRequest.TYPE);
        K id = abandoned.getId();
        repository.claim(new ClaimRequest<>(id, "dead-worker", START, LEASE, 3, JobRepositoryFixture.GAVE_UP));
        assertThat(repository.requestCancel(id, START))
                .as("requestCancel of a RUNNING job must answer REQUESTED")
                .isEqualTo(CancelResult.REQUESTED);
        clock.advance(LEASE);
        ScriptedJob<K> job = job(RetryPolicy.none());

        Outcome outcome = job.execute(id);

        assertThat(outcome.type())
                .as("a claim of an abandoned job whose cancel was requested must end CANCELLED")
                .isEqualTo(Outcome.Type.CANCELLED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("a CANCELLED claim must store status CANCELLED")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(after.getCompleted())
                .as("a CANCELLED claim must set completed to the caller's now")
                .isEqualTo(START.plus(LEASE));
        assertThat(after.getLeaseOwner())
                .as("a CANCELLED claim must clear leaseOwner")
                .isNull();
        assertThat(job.runs()).as("a job cancelled at its claim must not run").isZero();
    }

    @Test
    void aPendingJobCancelledBeforeItsMessageArrivesIsAlreadyDone() {
        K id = insert(ContractRequest.SUCCEED);
        assertThat(repository.requestCancel(id, START))
                .as("requestCancel of a PENDING job must answer CANCELLED")
                .isEqualTo(CancelResult.CANCELLED);
        BackgroundJobInfo<K> before = fixture.reload(id);
        ScriptedJob<K> job = job(RetryPolicy.none());

        assertThat(job.execute(id).type())
                .as("the message of a job cancelled while PENDING must end ALREADY_DONE")
                .isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(fixture.reload(id))
                .as("an ALREADY_DONE claim must write nothing")
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(job.runs()).as("a finished job must not run").isZero();
    }

    @Test
    void cancelledDuringTheRunEndsCancelled() {
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));
        K id = insert(ContractRequest.CANCEL_DURING);

        Outcome outcome = job.execute(id);

        assertThat(outcome.type())
                .as("a job that stops on a cancel requested while it runs must end CANCELLED, not RETRY")
                .isEqualTo(Outcome.Type.CANCELLED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("complete as CANCELLED must store status CANCELLED")
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(after.getCompleted()).as("complete must set completed").isNotNull();
        assertThat(after.getLeaseOwner()).as("complete must clear leaseOwner").isNull();
        assertThat(after.getResultData())
                .as("a CANCELLED job has no result data")
                .isNull();
        assertThat(job.runs()).as("the job ran once before it saw the cancel").isEqualTo(1);
    }

    @Test
    void alreadyDoneLeavesAFinishedRecordUnchanged() {
        ScriptedJob<K> job = job(RetryPolicy.none());
        K id = insert(ContractRequest.SUCCEED);
        job.execute(id);
        BackgroundJobInfo<K> before = fixture.reload(id);
        clock.advance(Duration.ofMinutes(1));

        assertThat(job.execute(id).type())
                .as("a second message for a finished job must end ALREADY_DONE")
                .isEqualTo(Outcome.Type.ALREADY_DONE);
        assertThat(fixture.reload(id))
                .as("an ALREADY_DONE claim must write nothing")
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(job.runs()).as("a finished job must not run again").isEqualTo(1);
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

        assertThat(outcome.type())
                .as("a message for a job under another worker's live lease must end BUSY")
                .isEqualTo(Outcome.Type.BUSY);
        assertThat(outcome.delay())
                .as("BUSY under a live lease must wait until the lease ends (the claim's retryAt)")
                .isEqualTo(Duration.between(clock.instant(), other.job().getLeaseExpiresAt()));
        assertThat(fixture.reload(id))
                .as("a BUSY claim must write nothing")
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(job.runs()).as("a BUSY job must not run").isZero();
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

        assertThat(outcome.type())
                .as("a message for a job whose next attempt is not due must end BUSY")
                .isEqualTo(Outcome.Type.BUSY);
        assertThat(outcome.delay())
                .as("BUSY before the next attempt must wait until nextAttemptAt (the claim's retryAt)")
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(fixture.reload(id))
                .as("a BUSY claim must write nothing")
                .usingRecursiveComparison()
                .isEqualTo(before);
    }

    @Test
    void rejectedForAnUnknownId() {
        ScriptedJob<K> job = job(RetryPolicy.none());
        K unknown = fixture.unknownId();

        assertThat(job.execute(unknown).type())
                .as("a message for an id no record has must end REJECTED")
                .isEqualTo(Outcome.Type.REJECTED);
        assertThat(repository.findJob(unknown))
                .as("a NOT_FOUND claim must create nothing")
                .isEmpty();
        assertThat(job.runs()).as("a job with no record must not run").isZero();
    }

    @Test
    void rejectedForAJobOfAnotherTypeWhichIsLeftUnchanged() {
        K id = fixture.pending("alice", "OtherRequest").getId();
        BackgroundJobInfo<K> before = fixture.reload(id);
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));

        Outcome outcome = job.execute(id);

        assertThat(outcome.type())
                .as("a message for a job of another request type must end REJECTED")
                .isEqualTo(Outcome.Type.REJECTED);
        assertThat(outcome.reason())
                .as("the REJECTED reason must name the job's request type")
                .contains("OtherRequest");
        assertThat(fixture.reload(id))
                .as("a claim of another request type answers OTHER_TYPE and writes nothing: the record must stay"
                        + " as it was")
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(job.runs()).as("a job of another request type must not run").isZero();
    }

    @Test
    void rejectedForARequestThatDoesNotFitWhichIsAbortedWithTheReason() {
        BackgroundJobInfo<K> record = fixture.newJob("alice", ContractRequest.TYPE);
        record.setRequestData("{\"unexpected\":true}");
        K id = repository.insert(record).getId();
        ScriptedJob<K> job = job(RetryPolicy.fixed(3, RETRY_DELAY));

        Outcome outcome = job.execute(id);

        assertThat(outcome.type())
                .as("a job whose request data does not fit the request class must end REJECTED")
                .isEqualTo(Outcome.Type.REJECTED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("complete as ABORTED must store status ABORTED")
                .isEqualTo(JobStatus.ABORTED);
        assertThat(error(after).message())
                .as("the stored reason must say the request does not fit")
                .contains("does not fit");
        assertThat(job.runs())
                .as("a job whose request cannot be read must not run")
                .isZero();
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

        assertThat(outcome.type())
                .as("a claim of an abandoned job whose attempts reached maxAttempts must end ABORTED (GAVE_UP)")
                .isEqualTo(Outcome.Type.ABORTED);
        BackgroundJobInfo<K> after = fixture.reload(id);
        assertThat(after.getStatus())
                .as("a GAVE_UP claim must store status ABORTED")
                .isEqualTo(JobStatus.ABORTED);
        assertThat(after.getAttempts())
                .as("a GAVE_UP claim starts no attempt: attempts unchanged")
                .isEqualTo(2);
        assertThat(error(after).context())
                .as("a GAVE_UP claim must store the request's gaveUpErrorData")
                .isEqualTo("gave-up");
        assertThat(after.getCompleted())
                .as("a GAVE_UP claim must set completed to the caller's now")
                .isEqualTo(START.plus(LEASE).plus(LEASE));
        assertThat(after.getLeaseOwner())
                .as("a GAVE_UP claim must clear leaseOwner")
                .isNull();
        assertThat(job.runs()).as("a job given up must not run").isZero();
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
