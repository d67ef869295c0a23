package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.internal.CompletionWriter;
import io.github.aobackgroundjobs.internal.MdcScope;
import io.github.aobackgroundjobs.internal.RunningJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kind of background job: the body of a queue-triggered Azure Function or of a
 * {@link QueueWorker} binding. Subclasses implement {@link #onExecute} (the work) and may
 * override {@link #onStatusUpdated} (told of each state change, e.g. to post a webhook).
 * Hosts call {@link #execute} with the id from a queue message.
 *
 * <p>{@code execute} never swallows an infrastructure error: when the repository cannot be
 * reached it throws {@link JobStoreUnavailableException} and nothing is decided. Everything
 * else becomes an {@link Outcome}, with the record written as the outcome table says.
 *
 * <p>Instances are thread-safe as long as the subclass is: a host runs many jobs of one
 * instance at once.
 *
 * @param <K> the key type
 * @param <Req> the request type (JSON-serializable)
 * @param <Res> the result type (JSON-serializable)
 */
public abstract class BackgroundJobBase<K, Req, Res> {

    private final JobRepositoryBase<K> repository;
    private final Class<Req> requestClass;
    private final Class<Res> resultClass;
    private final JobOptions options;
    private final Clock clock;
    private final Logger logger;
    private final String gaveUpErrorData;
    private volatile String typeName;

    /**
     * Creates a job kind with {@link JobOptions#defaults()}.
     *
     * @param repository where the records are kept
     * @param requestClass the request class
     * @param resultClass the result class
     */
    protected BackgroundJobBase(JobRepositoryBase<K> repository, Class<Req> requestClass, Class<Res> resultClass) {
        this(repository, requestClass, resultClass, JobOptions.defaults());
    }

    /**
     * Creates a job kind.
     *
     * @param repository where the records are kept
     * @param requestClass the request class
     * @param resultClass the result class
     * @param options clock, serializer, retry policy, lease, progress throttle, status hook switch
     */
    protected BackgroundJobBase(
            JobRepositoryBase<K> repository, Class<Req> requestClass, Class<Res> resultClass, JobOptions options) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        this.requestClass = Objects.requireNonNull(requestClass, "'requestClass' cannot be null.");
        this.resultClass = Objects.requireNonNull(resultClass, "'resultClass' cannot be null.");
        this.options = Objects.requireNonNull(options, "'options' cannot be null.");
        this.clock = options.clock();
        this.logger = LoggerFactory.getLogger(getClass());
        int maxAttempts = options.retryPolicy().maxAttempts();
        this.gaveUpErrorData = options.serializer()
                .errorJson(ErrorInfo.reason(
                        "Gave up after " + maxAttempts + " attempts: the worker running the job was lost each time.",
                        "gave-up",
                        maxAttempts));
    }

    /**
     * Does the work of one attempt. Report progress and check for cancellation through
     * {@code context}. Return the result to succeed; throw to fail (retried as the
     * {@link RetryPolicy} says); throw {@link JobCancelledException} (see
     * {@link JobContext#throwIfCancellationRequested()}) to end as CANCELLED.
     *
     * @param request the request, read from the record
     * @param context progress, cancellation, the record, a logger
     * @return the result, stored as JSON
     * @throws Exception anything; it is stored with the record
     */
    protected abstract Res onExecute(Req request, JobContext<K> context) throws Exception;

    /**
     * Told after each state change this instance makes (RUNNING, then how it ended), unless
     * {@link JobOptions#postStatusUpdates()} is off. The default does nothing. An exception
     * thrown here is logged and never changes the outcome. Runs on the job's thread: keep it
     * quick, or hand off (as {@link WebhookNotifier} does).
     *
     * @param id the job
     * @param status its new state
     * @throws Exception anything; it is logged
     */
    protected void onStatusUpdated(K id, JobStatus status) throws Exception {}

    /**
     * The request type name this job runs and {@link QueueJobClient} stores: by default
     * {@link RequestTypes#nameOf} of the request class. Override to rename; the client must then
     * be given the same name.
     *
     * @return the name, at most {@value BackgroundJobInfo#MAX_REQUEST_TYPE_LENGTH} characters
     */
    public String requestTypeName() {
        return RequestTypes.nameOf(requestClass);
    }

    /** @return the repository */
    public final JobRepositoryBase<K> repository() {
        return repository;
    }

    /** @return the options */
    public final JobOptions options() {
        return options;
    }

    /** @return the key type */
    public final JobKeyType<K> keyType() {
        return repository.keyType();
    }

    /** @return the request class */
    public final Class<Req> requestClass() {
        return requestClass;
    }

    /** @return the result class */
    public final Class<Res> resultClass() {
        return resultClass;
    }

    /**
     * Runs one delivery of a job's message: claims the job, runs {@link #onExecute} if it may,
     * saves how it ended and tells the status hook and the repository's listeners.
     *
     * @param id the job's id, from the message
     * @return what was decided; hosts apply it with {@link OutcomeHandler}
     * @throws JobStoreUnavailableException if the repository cannot be reached (nothing decided)
     */
    public final Outcome execute(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        String type = cachedTypeName();
        try (MdcScope mdc = MdcScope.open(String.valueOf(id), type, null)) {
            Instant now = clock.instant();
            ClaimResult<K> claim = repository.claim(new ClaimRequest<>(
                    id,
                    options.workerId(),
                    now,
                    options.leaseDuration(),
                    options.retryPolicy().maxAttempts(),
                    gaveUpErrorData));
            if (claim.job() != null) {
                mdc.queue(claim.job().getQueueName());
            }
            switch (claim.type()) {
                case NOT_FOUND:
                    logger.warn("Job {}: no such job; rejecting the message", id);
                    return Outcome.rejected("No job has id " + id + ".");
                case ALREADY_DONE:
                    logger.debug("Job {}: already {}", id, claim.job().getStatus());
                    return Outcome.alreadyDone();
                case BUSY:
                    return Outcome.busy(
                            Duration.between(now, claim.retryAt()),
                            claim.job().getStatus() == JobStatus.RUNNING
                                    ? "running under another worker's lease"
                                    : "next attempt not due yet");
                case GAVE_UP:
                    logger.warn(
                            "Job {}: gave up after {} attempts", id, claim.job().getRetryCount());
                    statusChanged(claim.job());
                    return Outcome.aborted("gave up after " + claim.job().getRetryCount() + " attempts");
                case CANCELLED:
                    logger.info("Job {}: cancelled before it could run", id);
                    statusChanged(claim.job());
                    return Outcome.cancelled();
                case CLAIMED:
                    return run(claim.job(), type);
                default:
                    throw new IllegalStateException("Unknown claim result " + claim.type());
            }
        }
    }

    private Outcome run(BackgroundJobInfo<K> job, String type) {
        K id = job.getId();
        if (!type.equals(job.getRequestType())) {
            return reject(
                    job,
                    "Job " + id + " is a '" + job.getRequestType() + "' job; this worker runs '" + type + "' jobs.");
        }
        Req request;
        try {
            request = options.serializer().readRequest(job, requestClass);
        } catch (IllegalArgumentException e) {
            return reject(job, "The request of job " + id + " cannot be read: " + e.getMessage());
        }
        statusChanged(job);
        RunningJob<K> context =
                new RunningJob<>(job, repository, clock, options.leaseDuration(), options.progressInterval(), logger);
        Registration cancelWatch = repository.watchCancellation(id, context::cancelRequested);
        context.start();
        Res result = null;
        Throwable error = null;
        try {
            result = onExecute(request, context);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            error = t;
        } finally {
            context.finish();
            cancelWatch.close();
        }
        if (isShutdownInterrupt(error, context)) {
            // The host is stopping: leave the job under its lease; it runs again after the lease expires.
            Thread.currentThread().interrupt();
            logger.info("Job {}: interrupted by host shutdown; it will run again after its lease expires", id);
            return Outcome.busy(options.leaseDuration(), "interrupted by host shutdown");
        }
        return finish(job, context, result, error);
    }

    private Outcome finish(BackgroundJobInfo<K> job, RunningJob<K> context, Res result, Throwable error) {
        K id = job.getId();
        Instant end = clock.instant();
        long durationMillis =
                Math.max(0, Duration.between(job.getStarted(), end).toMillis());
        int attempt = job.getRetryCount();
        String resultJson = null;
        if (error == null) {
            try {
                resultJson = options.serializer().toJson(result, "result");
            } catch (IllegalArgumentException e) {
                error = e;
            }
        }
        JobStatus status;
        Outcome outcome;
        String errorJson = null;
        Instant nextAttemptAt = null;
        if (error == null) {
            status = JobStatus.SUCCEEDED;
            outcome = Outcome.succeeded();
        } else {
            errorJson = options.serializer().errorJson(ErrorInfo.of(error, "executing", attempt));
            if (error instanceof JobCancelledException || context.isCancellationRequested()) {
                status = JobStatus.CANCELLED;
                outcome = Outcome.cancelled();
                logger.info("Job {}: cancelled on attempt {}", id, attempt);
            } else {
                Optional<Duration> delay = options.retryPolicy().retryDelay(attempt, error);
                if (delay.isPresent()) {
                    status = JobStatus.PENDING;
                    nextAttemptAt = end.plus(delay.get());
                    outcome = Outcome.retry(delay.get(), String.valueOf(error));
                    logger.warn("Job {}: attempt {} failed; retrying in {}", id, attempt, delay.get(), error);
                } else {
                    status = JobStatus.FAILED;
                    outcome = Outcome.failed(String.valueOf(error));
                    logger.error("Job {}: failed on attempt {}", id, attempt, error);
                }
            }
        }
        JobCompletion<K> completion = new JobCompletion<>(
                id, job.getLeaseOwner(), status, end, durationMillis, resultJson, errorJson, nextAttemptAt);
        if (!CompletionWriter.write(repository, completion, options.completionRetryTimeout(), logger)) {
            logger.warn("Job {}: lease lost before the outcome {} could be saved; the new owner decides", id, status);
            return Outcome.busy(options.leaseDuration(), "lease lost to another worker");
        }
        statusChanged(id, status);
        return outcome;
    }

    private Outcome reject(BackgroundJobInfo<K> job, String reason) {
        logger.error("Job {}: rejected: {}", job.getId(), reason);
        String errorJson = options.serializer().errorJson(ErrorInfo.reason(reason, "rejected", job.getRetryCount()));
        Instant now = clock.instant();
        JobCompletion<K> completion =
                new JobCompletion<>(job.getId(), job.getLeaseOwner(), JobStatus.ABORTED, now, 0, null, errorJson, null);
        if (CompletionWriter.write(repository, completion, options.completionRetryTimeout(), logger)) {
            statusChanged(job.getId(), JobStatus.ABORTED);
        }
        return Outcome.rejected(reason);
    }

    private static boolean isShutdownInterrupt(Throwable error, RunningJob<?> context) {
        if (context.isCancellationRequested()) {
            return false;
        }
        return error instanceof InterruptedException
                || (error != null && Thread.currentThread().isInterrupted());
    }

    private void statusChanged(BackgroundJobInfo<K> job) {
        if (repository.hasListeners()) {
            repository.publishUpdate(job);
        }
        callHook(job.getId(), job.getStatus());
    }

    private void statusChanged(K id, JobStatus status) {
        try {
            repository.onUpdated(id);
        } catch (RuntimeException e) {
            logger.warn("Job {}: update listeners not told of {}", id, status, e);
        }
        callHook(id, status);
    }

    private void callHook(K id, JobStatus status) {
        if (!options.postStatusUpdates()) {
            return;
        }
        try {
            onStatusUpdated(id, status);
        } catch (Exception e) {
            logger.warn("Job {}: status hook failed for {}", id, status, e);
        }
    }

    private String cachedTypeName() {
        String name = typeName;
        if (name == null) {
            name = JobValidation.requireRequestType(requestTypeName());
            typeName = name;
        }
        return name;
    }
}
