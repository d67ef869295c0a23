package io.github.aobackgroundjobs.azure;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobMessageCodec;
import io.github.aobackgroundjobs.JobQueue;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobRepositoryBase;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.MalformedJobMessageException;
import io.github.aobackgroundjobs.Outcome;
import io.github.aobackgroundjobs.OutcomeHandler;
import io.github.aobackgroundjobs.azure.internal.FunctionsMessageActions;
import io.github.aobackgroundjobs.azure.internal.QueueNames;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Runs a job from an Azure Functions queue trigger: the body of a user's
 * {@code @QueueTrigger} method is one line.
 *
 * <pre>{@code
 * @FunctionName("ZipBuilder")
 * public void run(@QueueTrigger(name = "message", queueName = "zip-builder",
 *         connection = "AzureWebJobsStorage") String message, ExecutionContext context) {
 *     App.zipBuilder().run(message, context);
 * }
 * }</pre>
 *
 * <p>{@link #run} parses the id (the host has already base64-decoded the text; plain and
 * base64 JSON are both accepted), calls {@link BackgroundJobBase#execute} and applies the
 * outcome with the same {@link OutcomeHandler} as {@code QueueWorker}:
 * <ul>
 *   <li>SUCCEEDED, FAILED, CANCELLED, ALREADY_DONE, ABORTED: returns; the host deletes the
 *       message;</li>
 *   <li>RETRY and BUSY: sends a fresh message delayed until the job is due, then returns;</li>
 *   <li>REJECTED (not an id, unknown id, another job's type, unreadable request): copies the
 *       queue text unchanged to {@code <queue>-poison}, logs the reason (also on the record
 *       where one exists), returns;</li>
 *   <li>the job store or the queue unreachable: rethrows, so the host delivers the message
 *       again and, after {@code maxDequeueCount} deliveries, moves it to the poison queue,
 *       where {@link #runPoison} records the job as ABORTED.</li>
 * </ul>
 * {@link #runPoison} is the body of a {@code @QueueTrigger} on {@code <queue>-poison}; a
 * {@link FunctionsRecoveryTimer} re-sends jobs whose message was lost.
 *
 * <p>Immutable and thread-safe: keep one per job kind in a static field.
 *
 * @param <K> the key type
 */
public final class FunctionsJobHandler<K> {

    private final BackgroundJobBase<K, ?, ?> job;
    private final JobQueue queue;
    private final String queueName;
    private final MessageEncoding encoding;
    private final JobMessageCodec<K> codec;
    private final OutcomeHandler<K> outcomes;
    private final Clock clock;

    private FunctionsJobHandler(Builder<K> builder) {
        this.job = builder.job;
        this.queue = builder.queue;
        this.queueName = builder.queueName;
        this.encoding = builder.encoding;
        this.codec = new JobMessageCodec<>(job.keyType());
        this.clock = job.options().clock();
        this.outcomes = new OutcomeHandler<>(job.repository(), clock);
    }

    /**
     * @param job the job kind this function runs
     * @param queue where fresh and poison messages are sent (usually {@link QueueManager#jobQueue()}
     *     on the trigger's connection)
     * @param queueName the trigger's queue
     * @param <K> the key type
     * @return a builder
     */
    public static <K> Builder<K> builder(BackgroundJobBase<K, ?, ?> job, JobQueue queue, String queueName) {
        return new Builder<>(job, queue, queueName);
    }

    /** @return the trigger's queue */
    public String queueName() {
        return queueName;
    }

    /**
     * Runs one delivery of a job message.
     *
     * @param message the trigger's {@code String}, as the host decoded it
     * @param context the invocation
     * @throws JobStoreUnavailableException if the job store cannot be reached (the host retries)
     * @throws JobQueueUnavailableException if a fresh or poison message cannot be sent (the
     *     host retries)
     */
    public void run(String message, ExecutionContext context) {
        Objects.requireNonNull(context, "'context' cannot be null.");
        Logger log = FunctionsLogging.logger(context, FunctionsJobHandler.class);
        String text = message == null ? "" : message;
        try (MDC.MDCCloseable invocation =
                        MDC.putCloseable(FunctionsLogging.MDC_INVOCATION_ID, context.getInvocationId());
                MDC.MDCCloseable function =
                        MDC.putCloseable(FunctionsLogging.MDC_FUNCTION_NAME, context.getFunctionName())) {
            FunctionsMessageActions rejectOnly =
                    new FunctionsMessageActions(queue, queueName, "", encoding.toQueueText(text), log);
            K id;
            try {
                id = codec.decode(text);
            } catch (MalformedJobMessageException e) {
                rejectOnly.deadLetter(e.getMessage());
                return;
            }
            Outcome outcome;
            try {
                outcome = job.execute(id);
            } catch (JobStoreUnavailableException e) {
                log.warn("Job {}: the job store is unreachable; the host will deliver the message again", id, e);
                throw e;
            }
            log.info("Job {}: {}", id, outcome);
            String fresh = encoding == MessageEncoding.BASE64
                    ? codec.encode(id)
                    : MessageEncoding.NONE.toQueueText(jsonId(id));
            outcomes.apply(
                    id, outcome, new FunctionsMessageActions(queue, queueName, fresh, encoding.toQueueText(text), log));
        }
    }

    /**
     * Handles a message the host moved to {@code <queue>-poison}: a job still PENDING, or
     * RUNNING under an expired lease, is ABORTED with the reason; a finished job, one running
     * under a live lease, an unknown id or a text that is no id is only logged. Returning lets
     * the host delete the poison message.
     *
     * @param message the poison trigger's {@code String}
     * @param context the invocation
     * @throws JobStoreUnavailableException if the job store cannot be reached (the host retries)
     */
    public void runPoison(String message, ExecutionContext context) {
        Objects.requireNonNull(context, "'context' cannot be null.");
        Logger log = FunctionsLogging.logger(context, FunctionsJobHandler.class);
        String text = message == null ? "" : message;
        String poison = QueueNames.poisonOf(queueName);
        K id;
        try {
            id = codec.decode(text);
        } catch (MalformedJobMessageException e) {
            log.warn("Queue '{}': a message that is no job id reached the poison queue: {}", poison, e.getMessage());
            return;
        }
        JobRepositoryBase<K> repository = job.repository();
        Optional<BackgroundJobInfo<K>> found = repository.findJob(id);
        if (found.isEmpty()) {
            log.warn("Queue '{}': job {} has no record", poison, id);
            return;
        }
        BackgroundJobInfo<K> record = found.get();
        Instant now = clock.instant();
        if (record.getStatus().isTerminal()) {
            log.info("Queue '{}': job {} is already {}", poison, id, record.getStatus());
            return;
        }
        if (record.getStatus() == JobStatus.RUNNING
                && record.getLeaseExpiresAt() != null
                && record.getLeaseExpiresAt().isAfter(now)) {
            log.info("Queue '{}': job {} is running under a live lease; left alone", poison, id);
            return;
        }
        String reason = "The job's message reached '" + poison + "': it was delivered as often as the host"
                + " allows (maxDequeueCount) and failed each time outside the job's own code.";
        String errorJson =
                job.options().serializer().errorJson(ErrorInfo.reason(reason, "poison", record.getRetryCount()));
        if (repository.markAborted(id, errorJson, now)) {
            log.warn("Job {}: ABORTED: {}", id, reason);
            repository.onUpdated(id);
        }
    }

    private String jsonId(K id) {
        return id instanceof Number ? id.toString() : "\"" + id + "\"";
    }

    /**
     * Builds a {@link FunctionsJobHandler}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        /** The host's default message encoding. */
        public static final MessageEncoding DEFAULT_MESSAGE_ENCODING = MessageEncoding.BASE64;

        private final BackgroundJobBase<K, ?, ?> job;
        private final JobQueue queue;
        private final String queueName;
        private MessageEncoding encoding = DEFAULT_MESSAGE_ENCODING;

        private Builder(BackgroundJobBase<K, ?, ?> job, JobQueue queue, String queueName) {
            this.job = Objects.requireNonNull(job, "'job' cannot be null.");
            this.queue = Objects.requireNonNull(queue, "'queue' cannot be null.");
            this.queueName = QueueNames.validate(queueName);
            if (QueueNames.isPoison(queueName)) {
                throw new IllegalArgumentException(
                        "'queueName' must be the job's queue, not a poison queue: " + queueName);
            }
            QueueNames.poisonOf(queueName);
        }

        /**
         * @param encoding host.json's {@code extensions.queues.messageEncoding}
         * @return this builder
         */
        public Builder<K> messageEncoding(MessageEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "'encoding' cannot be null.");
            return this;
        }

        /** @return the handler */
        public FunctionsJobHandler<K> build() {
            return new FunctionsJobHandler<>(this);
        }
    }
}
