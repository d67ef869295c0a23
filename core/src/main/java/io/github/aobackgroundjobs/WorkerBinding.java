package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.internal.HeldMessage;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue of a {@link QueueWorker} and the job that runs its messages: decodes the id, runs
 * the job, applies the outcome through the shared {@link OutcomeHandler}.
 *
 * @param <K> the key type
 */
final class WorkerBinding<K> {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

    private final String queueName;
    private final BackgroundJobBase<K, ?, ?> job;
    private final JobQueue queue;
    private final JobMessageCodec<K> codec;
    private final OutcomeHandler<K> handler;
    private final Clock clock;

    private WorkerBinding(String queueName, BackgroundJobBase<K, ?, ?> job, JobQueue queue) {
        this.queueName = queueName;
        this.job = job;
        this.queue = queue;
        this.codec = new JobMessageCodec<>(job.keyType());
        this.clock = job.options().clock();
        this.handler = new OutcomeHandler<>(job.repository(), clock);
    }

    static <K> WorkerBinding<K> of(String queueName, BackgroundJobBase<K, ?, ?> job, JobQueue queue) {
        return new WorkerBinding<>(queueName, job, queue);
    }

    String queueName() {
        return queueName;
    }

    BackgroundJobBase<K, ?, ?> job() {
        return job;
    }

    void process(HeldMessage held, int maxDequeueCount, WorkerStats stats) {
        QueueMessage message = held.current();
        if (message.dequeueCount() > maxDequeueCount) {
            poisonAfterRetries(held, message, maxDequeueCount, stats);
            return;
        }
        K id;
        try {
            id = codec.decode(message.text());
        } catch (MalformedJobMessageException e) {
            LOG.warn(
                    "Queue '{}': message {} is not a job id, moving it to '{}': {}",
                    queueName,
                    message.messageId(),
                    queue.poisonQueueName(queueName),
                    e.getMessage());
            held.deadLetter();
            stats.deadLettered.increment();
            stats.record(Outcome.Type.REJECTED);
            return;
        }
        Outcome outcome = job.execute(id);
        held.release();
        handler.apply(id, outcome, new Actions(held, id, message.dequeueCount(), maxDequeueCount, stats));
        stats.record(outcome.type());
    }

    private void poisonAfterRetries(HeldMessage held, QueueMessage message, int maxDequeueCount, WorkerStats stats) {
        String reason = "The message was delivered " + message.dequeueCount() + " times (more than " + maxDequeueCount
                + ") without being settled; moved to '" + queue.poisonQueueName(queueName) + "'.";
        LOG.error("Queue '{}': message {}: {}", queueName, message.messageId(), reason);
        held.deadLetter();
        stats.deadLettered.increment();
        try {
            K id = codec.decode(message.text());
            String errorJson = job.options().serializer().errorJson(ErrorInfo.reason(reason, "poison", 0));
            if (job.repository().markAborted(id, errorJson, clock.instant())) {
                job.repository().onUpdated(id);
            }
        } catch (MalformedJobMessageException e) {
            LOG.debug("Poisoned message {} is not a job id; no record to mark", message.messageId());
        }
    }

    /** The worker's message actions: delete, fresh send, visibility update, poison. */
    private final class Actions implements MessageActions {
        private final HeldMessage held;
        private final K id;
        private final long dequeueCount;
        private final int maxDequeueCount;
        private final WorkerStats stats;

        Actions(HeldMessage held, K id, long dequeueCount, int maxDequeueCount, WorkerStats stats) {
            this.held = held;
            this.id = id;
            this.dequeueCount = dequeueCount;
            this.maxDequeueCount = maxDequeueCount;
            this.stats = stats;
        }

        @Override
        public void delete() {
            held.delete();
        }

        @Override
        public void sendFresh(Duration delay) {
            queue.send(queueName, codec.encode(id), delay);
        }

        @Override
        public void deferFor(Duration delay) {
            if (dequeueCount >= maxDequeueCount) {
                // One more delivery would make the message poison although nothing failed: start a fresh one.
                sendFresh(delay);
                held.delete();
            } else {
                held.hideFor(delay);
            }
        }

        @Override
        public void deadLetter(String reason) {
            LOG.warn(
                    "Queue '{}': job {} rejected, moving its message to '{}': {}",
                    queueName,
                    id,
                    queue.poisonQueueName(queueName),
                    reason);
            held.deadLetter();
            stats.deadLettered.increment();
        }
    }
}
