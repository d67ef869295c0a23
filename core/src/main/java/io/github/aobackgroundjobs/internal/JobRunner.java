package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobCancelledException;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The engine behind {@link io.github.aobackgroundjobs.BackgroundJobBase#execute}: claims the
 * job, runs the user's body under a {@link RunningJob} context, saves how the attempt ended
 * through the {@link JobStore} (which publishes each change) and calls the status hook.
 * Immutable and thread-safe.
 *
 * @param <K> the key type
 * @param <Req> the request type
 * @param <Res> the result type
 */
public final class JobRunner<K, Req, Res> {

    private final JobStore<K> store;
    private final JobOptions options;
    private final Clock clock;
    private final Class<Req> requestClass;
    private final String typeName;
    private final JobBody<K, Req, Res> body;
    private final Logger logger;
    private final String gaveUpErrorData;

    /**
     * @param store where records are written
     * @param options how jobs run
     * @param requestClass the request class
     * @param typeName the request type name the job runs
     * @param body the user's work and status hook
     * @param logger the job kind's logger
     */
    public JobRunner(
            JobStore<K> store,
            JobOptions options,
            Class<Req> requestClass,
            String typeName,
            JobBody<K, Req, Res> body,
            Logger logger) {
        this.store = store;
        this.options = options;
        this.clock = options.clock();
        this.requestClass = requestClass;
        this.typeName = typeName;
        this.body = body;
        this.logger = logger;
        int maxAttempts = options.retryPolicy().maxAttempts();
        this.gaveUpErrorData = options.serializer()
                .errorJson(ErrorInfo.reason(
                        "Gave up after " + maxAttempts + " attempts: the worker running the job was lost each time.",
                        "gave-up",
                        maxAttempts));
    }

    /** @return the request type name this runner claims */
    public String typeName() {
        return typeName;
    }

    /** @return the store */
    public JobStore<K> store() {
        return store;
    }

    /**
     * Runs one delivery of a job's message.
     *
     * @param id the job
     * @return what was decided
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be reached
     */
    public Outcome execute(K id) {
        try (MdcScope mdc = MdcScope.open(String.valueOf(id), typeName, null)) {
            Instant now = clock.instant();
            return decide(id, now, store.claim(claimRequest(id, now)), mdc);
        }
    }

    /**
     * Claims the jobs of several messages received together, in one repository call.
     *
     * @param ids the jobs
     * @return per id, in order: the time of the claim and its answer, for {@link #execute(Object, Claimed)}
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be reached
     */
    public List<Claimed<K>> claimAll(List<K> ids) {
        Instant now = clock.instant();
        List<ClaimRequest<K>> requests = new ArrayList<>(ids.size());
        for (K id : ids) {
            requests.add(claimRequest(id, now));
        }
        List<ClaimResult<K>> results = store.claimAll(requests);
        List<Claimed<K>> claimed = new ArrayList<>(ids.size());
        for (ClaimResult<K> result : results) {
            claimed.add(new Claimed<>(now, result));
        }
        return claimed;
    }

    /**
     * Runs one delivery of a job whose claim {@link #claimAll} already made.
     *
     * @param id the job
     * @param claim its claim
     * @return what was decided
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be reached
     */
    public Outcome execute(K id, Claimed<K> claim) {
        try (MdcScope mdc = MdcScope.open(String.valueOf(id), typeName, null)) {
            return decide(id, claim.at(), claim.result(), mdc);
        }
    }

    /**
     * A claim made ahead of the delivery that acts on it.
     *
     * @param at when it was made
     * @param result the repository's answer
     * @param <K> the key type
     */
    public record Claimed<K>(Instant at, ClaimResult<K> result) {}

    private ClaimRequest<K> claimRequest(K id, Instant now) {
        return new ClaimRequest<>(
                id,
                options.workerId(),
                now,
                // Capped: a lease of ChronoUnit.FOREVER's length would end past the last instant.
                Waits.capped(options.leaseDuration()),
                options.retryPolicy().maxAttempts(),
                gaveUpErrorData,
                typeName);
    }

    private Outcome decide(K id, Instant now, ClaimResult<K> claim, MdcScope mdc) {
        if (claim.job() != null) {
            mdc.queue(claim.job().getQueueName());
        }
        switch (claim.type()) {
            case NOT_FOUND:
                logger.warn("Job {}: no such job; rejecting the message", id);
                return Outcome.rejected("No job has id " + id + ".");
            case OTHER_TYPE:
                return strayMessage(claim.job());
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
                logger.warn("Job {}: gave up after {} attempts", id, claim.job().getAttempts());
                hook(id, claim.job().getStatus());
                return Outcome.aborted("gave up after " + claim.job().getAttempts() + " attempts");
            case CANCELLED:
                logger.info("Job {}: cancelled before it could run", id);
                hook(id, claim.job().getStatus());
                return Outcome.cancelled();
            case CLAIMED:
                return claimed(claim.job());
            default:
                throw new IllegalStateException("Unknown claim result " + claim.type());
        }
    }

    private Outcome strayMessage(BackgroundJobInfo<K> job) {
        String reason = "Job " + job.getId() + " is a '" + job.getRequestType() + "' job; this worker runs '" + typeName
                + "' jobs: the message was sent to the wrong queue. The job is left as it is.";
        logger.error("Job {}: rejected: {}", job.getId(), reason);
        return Outcome.rejected(reason);
    }

    private Outcome claimed(BackgroundJobInfo<K> job) {
        if (!typeName.equals(job.getRequestType())) {
            return undoForeignClaim(job);
        }
        Req request;
        try {
            request = options.serializer().readRequest(job, requestClass);
        } catch (IllegalArgumentException e) {
            return reject(job, "The request of job " + job.getId() + " cannot be read: " + e.getMessage());
        }
        hook(job.getId(), job.getStatus());
        ClaimNotice.claimed(job);
        return run(job, request);
    }

    /**
     * A repository that ignores {@link ClaimRequest#requestType()} claimed another kind's job:
     * hand it back as PENDING and due, so its own message still runs it.
     */
    private Outcome undoForeignClaim(BackgroundJobInfo<K> job) {
        logger.warn(
                "Job {}: the repository claimed a '{}' job for a '{}' claim; it does not honour"
                        + " ClaimRequest.requestType. Handing the job back.",
                job.getId(),
                job.getRequestType(),
                typeName);
        Instant now = clock.instant();
        store.complete(
                new JobCompletion<>(job.getId(), job.getLeaseOwner(), JobStatus.PENDING, now, 0, null, null, now),
                options.completionRetryTimeout(),
                logger);
        return strayMessage(job);
    }

    private Outcome run(BackgroundJobInfo<K> job, Req request) {
        K id = job.getId();
        RunningJob<K> context =
                new RunningJob<>(job, store, Waits.capped(options.leaseDuration()), options.progressInterval(), logger);
        context.start();
        Res result = null;
        Throwable error = null;
        boolean interrupted;
        try {
            result = body.execute(request, context);
        } catch (StackOverflowError e) {
            // The job's own recursion, not the JVM's state: a failure of the job like any other.
            error = e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            error = t;
        } finally {
            // An interrupt flag the job left set would make this runner's writes fail, and on H2's
            // file store close the database file for the whole process: write with it clear, and
            // put it back afterwards where it is (or may be) the host's.
            interrupted = Thread.interrupted();
            context.finish();
        }
        if (isShutdownInterrupt(error, context, interrupted)) {
            // The host is stopping: leave the job under its lease; it runs again after the lease expires.
            Thread.currentThread().interrupt();
            logger.info("Job {}: interrupted by host shutdown; it will run again after its lease expires", id);
            return Outcome.busy(options.leaseDuration(), "interrupted by host shutdown");
        }
        try {
            return finish(job, context, result, error);
        } finally {
            if (interrupted && HostSignal.current() == null) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome finish(BackgroundJobInfo<K> job, RunningJob<K> context, Res result, Throwable error) {
        K id = job.getId();
        Instant end = clock.instant();
        long durationMillis =
                Math.max(0, Duration.between(job.getStarted(), end).toMillis());
        int attempt = job.getAttempts();
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
        if (!store.complete(completion, options.completionRetryTimeout(), logger)) {
            logger.warn("Job {}: lease lost before the outcome {} could be saved; the new owner decides", id, status);
            return Outcome.busy(options.leaseDuration(), "lease lost to another worker");
        }
        hook(id, status);
        return outcome;
    }

    private Outcome reject(BackgroundJobInfo<K> job, String reason) {
        logger.error("Job {}: rejected: {}", job.getId(), reason);
        String errorJson = options.serializer().errorJson(ErrorInfo.reason(reason, "rejected", job.getAttempts()));
        JobCompletion<K> completion = new JobCompletion<>(
                job.getId(), job.getLeaseOwner(), JobStatus.ABORTED, clock.instant(), 0, null, errorJson, null);
        if (store.complete(completion, options.completionRetryTimeout(), logger)) {
            hook(job.getId(), JobStatus.ABORTED);
        }
        return Outcome.rejected(reason);
    }

    private static boolean isShutdownInterrupt(Throwable error, RunningJob<?> context, boolean interrupted) {
        if (error == null || context.isCancellationRequested()) {
            return false;
        }
        BooleanSupplier host = HostSignal.current();
        if (host != null) {
            // The host says when it interrupts: whatever the job made of the interrupt (an
            // exception of another type, the flag cleared), its failure then is the shutdown's.
            return host.getAsBoolean();
        }
        return error instanceof InterruptedException || interrupted;
    }

    /** The job kind's own hook, after a change it made was saved and published. */
    private void hook(K id, JobStatus status) {
        if (!options.postStatusUpdates()) {
            return;
        }
        try {
            body.statusUpdated(id, status);
        } catch (Exception e) {
            logger.warn("Job {}: status hook failed for {}", id, status, e);
        }
    }
}
