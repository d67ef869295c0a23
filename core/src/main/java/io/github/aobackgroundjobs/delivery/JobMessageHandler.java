package io.github.aobackgroundjobs.delivery;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.internal.JobBindings;
import io.github.aobackgroundjobs.internal.JobRunner;
import io.github.aobackgroundjobs.internal.JobStore;
import io.github.aobackgroundjobs.internal.RunnerAccess;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of a job's queue message, from receipt to message action, the same for every host
 * ({@link io.github.aobackgroundjobs.QueueWorker} and the Azure Functions adapter):
 * <ol>
 *   <li>delivered more than {@code maxDequeueCount} times: copied to the poison queue, and the
 *       job, if nobody is running it, ABORTED with the reason;</li>
 *   <li>the text decoded into an id: text that is no id is REJECTED;</li>
 *   <li>{@link BackgroundJobBase#execute} decides the {@link Outcome};</li>
 *   <li>the outcome becomes a message action, as the table on {@link Outcome} says; a BUSY
 *       message about to reach {@code maxDequeueCount} is replaced by a fresh one instead of
 *       being hidden, so waiting never poisons it.</li>
 * </ol>
 * A message that reached the poison queue through the host (under Azure Functions) is handled by
 * {@link #abandonPoisoned}, with the same rule as step 1.
 *
 * <p>When the job store cannot be reached nothing is decided:
 * {@link io.github.aobackgroundjobs.JobStoreUnavailableException} propagates and the message is
 * left as it is. Immutable and thread-safe.
 *
 * @param <K> the key type
 */
public final class JobMessageHandler<K> {

    private static final Logger LOG = LoggerFactory.getLogger(JobMessageHandler.class);

    /** Shortest delay applied to BUSY, so that a message never spins. */
    public static final Duration MIN_DEFER = Duration.ofSeconds(1);

    /** A dequeue count for hosts that enforce the limit themselves (the Functions host). */
    public static final int UNLIMITED_DEQUEUE_COUNT = Integer.MAX_VALUE;

    private final BackgroundJobBase<K, ?, ?> job;
    private final String queueName;
    private final int maxDequeueCount;
    private final JobMessageCodec<K> codec;
    private final JobStore<K> store;

    private JobMessageHandler(BackgroundJobBase<K, ?, ?> job, String queueName, int maxDequeueCount) {
        this.job = Objects.requireNonNull(job, "'job' cannot be null.");
        this.queueName = JobValidation.requireQueueName(queueName);
        JobBindings.requireRequestTypeName(job);
        if (maxDequeueCount < 1) {
            throw new IllegalArgumentException("'maxDequeueCount' must be at least 1, not " + maxDequeueCount + ".");
        }
        this.maxDequeueCount = maxDequeueCount;
        this.codec = new JobMessageCodec<>(job.keyType());
        this.store = new JobStore<>(
                job.repository(), job.options().clock(), job.options().serializer());
    }

    /**
     * @param job the job kind the queue's messages run
     * @param queueName the queue the messages come from
     * @param maxDequeueCount deliveries after which a message is poison, or
     *     {@link #UNLIMITED_DEQUEUE_COUNT} where the host enforces it
     * @param <K> the key type
     * @return the handler
     * @throws NullPointerException if {@code job} is null
     * @throws IllegalArgumentException if {@code queueName} is not a valid job queue name
     *     ({@link JobValidation#requireQueueName}), or {@code maxDequeueCount} is below 1
     * @throws IllegalStateException if the job's {@link BackgroundJobBase#requestTypeName()} is not
     *     a valid request type name (the message names the job's class and {@code 'requestType'})
     */
    public static <K> JobMessageHandler<K> of(BackgroundJobBase<K, ?, ?> job, String queueName, int maxDequeueCount) {
        return new JobMessageHandler<>(job, queueName, maxDequeueCount);
    }

    /** @return the job kind */
    public BackgroundJobBase<K, ?, ?> job() {
        return job;
    }

    /** @return the queue the messages come from */
    public String queueName() {
        return queueName;
    }

    /** @return the codec of this queue's messages */
    public JobMessageCodec<K> codec() {
        return codec;
    }

    /**
     * Checks that the job store answers; hosts call it while backing off after an outage.
     *
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if it does not
     */
    public void checkStore() {
        job.repository().checkAvailable();
    }

    /**
     * Handles one delivery of a message.
     *
     * @param text the message text as the host hands it (base64 of the JSON id, or the JSON id)
     * @param dequeueCount how often it was delivered, this time included
     * @param actions what the host can do with the message
     * @return what was decided; REJECTED for a message that is poison or no job id
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be
     *     reached (nothing decided; the message is left alone)
     * @throws RuntimeException whatever the actions throw (the message is delivered again)
     */
    public Outcome handle(String text, long dequeueCount, MessageActions actions) {
        Objects.requireNonNull(actions, "'actions' cannot be null.");
        if (dequeueCount > maxDequeueCount) {
            String reason = "The message was delivered " + dequeueCount + " times (more than " + maxDequeueCount
                    + ") without being settled.";
            actions.deadLetter(reason);
            abandon(text, reason);
            return Outcome.rejected(reason);
        }
        K id;
        try {
            id = codec.decode(text);
        } catch (MalformedJobMessageException e) {
            actions.deadLetter(e.getMessage());
            return Outcome.rejected(e.getMessage());
        }
        Outcome outcome = job.execute(id);
        apply(id, outcome, dequeueCount, actions);
        return outcome;
    }

    /**
     * Prepares the deliveries of messages received together: the jobs of those that are within
     * {@code maxDequeueCount} and decode into an id are claimed in one repository call
     * ({@link io.github.aobackgroundjobs.spi.JobRepositoryBase#claimAll}), so a batch costs one
     * round trip and one commit instead of one per message. Each returned delivery then runs
     * exactly as {@link #handle} would have (the same steps, outcome and message action), with
     * its claim already made; the others (poison, no id) are left to their
     * {@link Delivery#handle}, which takes the steps of {@link #handle}.
     *
     * <p>Run each delivery soon: a claimed job's lease runs from the claim. A delivery never run
     * leaves its job RUNNING until the lease expires, then the job runs again.
     *
     * @param messages the messages, as received
     * @return one delivery per message, in the same order
     * @throws NullPointerException if {@code messages} or one of them is null
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be
     *     reached (some claims may have been made; their jobs run again when the leases expire)
     */
    public List<Delivery> claimAll(List<QueueMessage> messages) {
        Objects.requireNonNull(messages, "'messages' cannot be null.");
        List<K> ids = new ArrayList<>(messages.size());
        List<Object> decoded = new ArrayList<>(messages.size());
        for (QueueMessage message : messages) {
            Objects.requireNonNull(message, "'messages' cannot contain null.");
            K id = null;
            if (message.dequeueCount() <= maxDequeueCount) {
                try {
                    id = codec.decode(message.text());
                    ids.add(id);
                } catch (MalformedJobMessageException e) {
                    // Handled (rejected) by its delivery, the same as one received alone.
                }
            }
            decoded.add(id);
        }
        List<JobRunner.Claimed<K>> claims = ids.isEmpty() ? List.of() : runner().claimAll(ids);
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        int next = 0;
        for (int i = 0; i < messages.size(); i++) {
            QueueMessage message = messages.get(i);
            @SuppressWarnings("unchecked")
            K id = (K) decoded.get(i);
            deliveries.add(
                    new Delivery(message.text(), message.dequeueCount(), id, id == null ? null : claims.get(next++)));
        }
        return deliveries;
    }

    private JobRunner<K, ?, ?> runner() {
        return RunnerAccess.runner(job);
    }

    /**
     * One message of a batch prepared by {@link #claimAll}, to be handled once, in any thread.
     * Thread-safe.
     */
    public final class Delivery {
        private final String text;
        private final long dequeueCount;
        private final K id;
        private final JobRunner.Claimed<K> claim;
        private final AtomicBoolean handled = new AtomicBoolean();

        private Delivery(String text, long dequeueCount, K id, JobRunner.Claimed<K> claim) {
            this.text = text;
            this.dequeueCount = dequeueCount;
            this.id = id;
            this.claim = claim;
        }

        /** @return whether the job was claimed ahead (the message decoded into an id in time) */
        public boolean claimedAhead() {
            return claim != null;
        }

        /**
         * Handles the message, as {@link JobMessageHandler#handle} does.
         *
         * @param actions what the host can do with the message
         * @return what was decided
         * @throws IllegalStateException if this delivery was handled before
         * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be
         *     reached (nothing decided; the message is left alone)
         * @throws RuntimeException whatever the actions throw (the message is delivered again)
         */
        public Outcome handle(MessageActions actions) {
            Objects.requireNonNull(actions, "'actions' cannot be null.");
            if (!handled.compareAndSet(false, true)) {
                throw new IllegalStateException("This delivery was handled already.");
            }
            if (claim == null) {
                return JobMessageHandler.this.handle(text, dequeueCount, actions);
            }
            Outcome outcome = runner().execute(id, claim);
            apply(id, outcome, dequeueCount, actions);
            return outcome;
        }
    }

    /**
     * Handles a message of this queue that the host moved to the poison queue (under Azure
     * Functions, after {@code maxDequeueCount} failed deliveries): the job, if PENDING or
     * RUNNING under an expired lease, is ABORTED with the reason; a finished job, one running
     * under a live lease, an unknown id or text that is no id is left alone and logged.
     *
     * @param text the poison message's text
     * @param poisonQueueName the poison queue's name, for the reason
     * @return true if a job was aborted
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be reached
     */
    public boolean abandonPoisoned(String text, String poisonQueueName) {
        return abandon(
                text,
                "The job's message reached '" + poisonQueueName + "': it was delivered as often as the host"
                        + " allows (maxDequeueCount) and failed each time outside the job's own code.");
    }

    private boolean abandon(String text, String reason) {
        K id;
        try {
            id = codec.decode(text);
        } catch (MalformedJobMessageException e) {
            LOG.warn(
                    "Queue '{}': a poisoned message is no job id, so no record is marked: {}",
                    queueName,
                    e.getMessage());
            return false;
        }
        if (store.abort(id, ErrorInfo.reason(reason, "poison", 0))) {
            LOG.warn("Job {}: ABORTED: {}", id, reason);
            return true;
        }
        LOG.info(
                "Job {}: its message is poisoned, but the job is missing, finished, or running under a live lease;"
                        + " left as it is",
                id);
        return false;
    }

    private void apply(K id, Outcome outcome, long dequeueCount, MessageActions actions) {
        switch (outcome.type()) {
            case SUCCEEDED, FAILED, CANCELLED, ALREADY_DONE, ABORTED -> actions.delete();
            case RETRY -> {
                actions.sendFresh(codec.toJson(id), clampDelay(outcome.delay(), Duration.ZERO));
                store.markSent(id, queueName);
                actions.delete();
            }
            case BUSY -> {
                Duration delay = clampDelay(outcome.delay(), MIN_DEFER);
                if (dequeueCount >= maxDequeueCount) {
                    // One more delivery would make the message poison although nothing failed: start a fresh one.
                    actions.sendFresh(codec.toJson(id), delay);
                    actions.delete();
                } else {
                    actions.deferFor(codec.toJson(id), delay);
                }
            }
            case REJECTED -> actions.deadLetter(outcome.reason());
            default -> throw new IllegalStateException("Unknown outcome " + outcome.type());
        }
    }

    private static Duration clampDelay(Duration delay, Duration min) {
        Duration max = JobQueue.MAX_VISIBILITY_TIMEOUT.minusMinutes(1);
        if (delay.compareTo(min) < 0) {
            return min;
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
