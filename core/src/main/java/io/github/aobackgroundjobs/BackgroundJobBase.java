package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.internal.JobBody;
import io.github.aobackgroundjobs.internal.JobRunner;
import io.github.aobackgroundjobs.internal.JobStore;
import io.github.aobackgroundjobs.internal.RunnerAccess;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kind of background job: the body of a queue-triggered Azure Function or of a
 * {@link QueueWorker} binding. Subclasses implement {@link #onExecute} (the work) and may
 * override {@link #onStatusUpdated} (told of each state change, e.g. to post a webhook).
 * Hosts ({@link QueueWorker}, the Azure Functions adapter) call {@link #execute} with the id
 * from a queue message; the engine behind it lives elsewhere, so this class shows only what a
 * job kind overrides and calls.
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
    private final Logger logger;
    private volatile JobRunner<K, Req, Res> runner;

    static {
        RunnerAccess.install(job -> job.runner());
    }

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
        this.logger = LoggerFactory.getLogger(getClass());
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
     * @return the name: not blank, at most {@value BackgroundJobInfo#MAX_REQUEST_TYPE_LENGTH}
     *     characters, no NUL or unpaired surrogate ({@link JobValidation#requireRequestType})
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
     * Runs one delivery of a job's message: claims the job (only a job of this kind's request
     * type), runs {@link #onExecute} if it may, saves how it ended, publishes each change
     * through {@link JobRepositoryBase#updates()} and tells {@link #onStatusUpdated}. Hosts
     * normally call it through {@link io.github.aobackgroundjobs.delivery.JobMessageHandler},
     * which also applies the outcome to the message.
     *
     * @param id the job's id, from the message
     * @return what was decided
     * @throws NullPointerException if {@code id} is null
     * @throws IllegalArgumentException if {@link #requestTypeName()} is not a valid request type
     *     name ({@link JobValidation#requireRequestType}); nothing is read or written
     * @throws JobStoreUnavailableException if the repository cannot be reached (nothing decided)
     */
    public final Outcome execute(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        return runner().execute(id);
    }

    private JobRunner<K, Req, Res> runner() {
        JobRunner<K, Req, Res> r = runner;
        if (r == null) {
            // Built on first use: requestTypeName() is overridable and must not run in the constructor.
            String type = JobValidation.requireRequestType(requestTypeName());
            r = new JobRunner<>(
                    new JobStore<>(repository, options.clock(), options.serializer()),
                    options,
                    requestClass,
                    type,
                    new JobBody<>() {
                        @Override
                        public Res execute(Req request, JobContext<K> context) throws Exception {
                            return onExecute(request, context);
                        }

                        @Override
                        public void statusUpdated(K id, JobStatus status) throws Exception {
                            onStatusUpdated(id, status);
                        }
                    },
                    logger);
            runner = r;
        }
        return r;
    }
}
