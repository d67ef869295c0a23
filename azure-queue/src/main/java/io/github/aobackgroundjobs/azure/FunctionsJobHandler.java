package io.github.aobackgroundjobs.azure;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.azure.internal.FunctionsMessageActions;
import io.github.aobackgroundjobs.azure.internal.QueueNames;
import io.github.aobackgroundjobs.delivery.JobMessageHandler;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.util.Objects;
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
 * base64 JSON are both accepted) and hands it to the same {@link JobMessageHandler} as
 * {@code QueueWorker}; only the message actions are the host's own:
 * <ul>
 *   <li>SUCCEEDED, FAILED, CANCELLED, ALREADY_DONE, ABORTED: returns; the host deletes the
 *       message;</li>
 *   <li>RETRY and BUSY: sends a fresh message delayed until the job is due, then returns;</li>
 *   <li>REJECTED (not an id, unknown id, another job's type, unreadable request): copies the
 *       queue text unchanged to {@code <queue>-poison}, logs the reason, returns; an unreadable
 *       request also ABORTs its record with the reason, another kind's job is left as it is;</li>
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

    private final JobMessageHandler<K> handler;
    private final JobQueue queue;
    private final String queueName;
    private final MessageEncoding encoding;

    private FunctionsJobHandler(Builder<K> builder) {
        this.queue = builder.queue;
        this.queueName = builder.queueName;
        this.encoding = builder.encoding;
        // The host moves a message to the poison queue after its own maxDequeueCount.
        this.handler = JobMessageHandler.of(builder.job, queueName, JobMessageHandler.UNLIMITED_DEQUEUE_COUNT);
    }

    /**
     * @param job the job kind this function runs
     * @param queue where fresh and poison messages are sent (usually {@link QueueManager#jobQueue()}
     *     on the trigger's connection)
     * @param queueName the trigger's queue
     * @param <K> the key type
     * @return a builder
     * @throws NullPointerException if {@code job} or {@code queue} is null
     * @throws IllegalArgumentException naming {@code 'queueName'} if it is null, breaks Azure's
     *     naming rules, is a poison queue ({@code <queue>-poison}), or is too long for its poison
     *     queue (more than
     *     {@value io.github.aobackgroundjobs.spi.JobValidation#MAX_JOB_QUEUE_NAME_LENGTH} characters)
     */
    public static <K> Builder<K> builder(BackgroundJobBase<K, ?, ?> job, JobQueue queue, String queueName) {
        return new Builder<>(job, queue, queueName);
    }

    /** @return the trigger's queue */
    public String queueName() {
        return queueName;
    }

    /**
     * Runs one delivery of a job message through the shared {@link JobMessageHandler}.
     *
     * @param message the trigger's {@code String}, as the host decoded it; null is taken as the
     *     empty text, which is no id (REJECTED)
     * @param context the invocation
     * @throws NullPointerException if {@code context} is null
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
            Outcome outcome;
            try {
                outcome = handler.handle(
                        text,
                        0,
                        new FunctionsMessageActions(queue, queueName, encoding, encoding.toQueueText(text), log));
            } catch (JobStoreUnavailableException e) {
                log.warn(
                        "Queue '{}': the job store is unreachable; the host will deliver the message again",
                        queueName,
                        e);
                throw e;
            }
            log.info("Queue '{}': {}", queueName, outcome);
        }
    }

    /**
     * Handles a message the host moved to {@code <queue>-poison} (the body of a
     * {@code @QueueTrigger} on the poison queue): a job still PENDING, or RUNNING under an
     * expired lease, is ABORTED with the reason; a finished job, one running under a live
     * lease, an unknown id or a text that is no id is only logged. Returning lets the host
     * delete the poison message.
     *
     * @param message the poison trigger's {@code String}; null is taken as the empty text, which
     *     is no id (only logged)
     * @param context the invocation
     * @throws NullPointerException if {@code context} is null
     * @throws JobStoreUnavailableException if the job store cannot be reached (the host retries)
     */
    public void runPoison(String message, ExecutionContext context) {
        Objects.requireNonNull(context, "'context' cannot be null.");
        Logger log = FunctionsLogging.logger(context, FunctionsJobHandler.class);
        String poison = QueueNames.poisonOf(queueName);
        try (MDC.MDCCloseable invocation =
                        MDC.putCloseable(FunctionsLogging.MDC_INVOCATION_ID, context.getInvocationId());
                MDC.MDCCloseable function =
                        MDC.putCloseable(FunctionsLogging.MDC_FUNCTION_NAME, context.getFunctionName())) {
            boolean aborted;
            try {
                aborted = handler.abandonPoisoned(message == null ? "" : message, poison);
            } catch (JobStoreUnavailableException e) {
                log.warn(
                        "Queue '{}': the job store is unreachable; the host will deliver the message again", poison, e);
                throw e;
            }
            log.info(
                    "Queue '{}': {}",
                    poison,
                    aborted
                            ? "the message's job was ABORTED"
                            : "nothing to abort (the job finished, runs under a live lease, is unknown, or the text"
                                    + " is no job id)");
        }
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
         * @throws NullPointerException if {@code encoding} is null
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
