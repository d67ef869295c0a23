package io.github.aobackgroundjobs.azure.internal;

import io.github.aobackgroundjobs.azure.MessageEncoding;
import io.github.aobackgroundjobs.delivery.MessageActions;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * {@link MessageActions} under the Functions host, which owns the message being processed:
 * returning normally lets the host delete it and throwing makes the host deliver it again.
 * So "delete" does nothing, "later" sends a fresh delayed message, and "poison" copies the
 * queue text to {@code <queue>-poison} itself. Queue errors propagate, so the function throws
 * and the host delivers the message again.
 */
public final class FunctionsMessageActions implements MessageActions {

    private final JobQueue queue;
    private final String queueName;
    private final MessageEncoding encoding;
    private final String originalText;
    private final Logger log;

    /**
     * @param queue the job queue
     * @param queueName the trigger's queue
     * @param encoding how the host reads message text (host.json's {@code messageEncoding})
     * @param originalText the message text as it is in the queue
     * @param log the invocation's logger
     */
    public FunctionsMessageActions(
            JobQueue queue, String queueName, MessageEncoding encoding, String originalText, Logger log) {
        this.queue = queue;
        this.queueName = queueName;
        this.encoding = encoding;
        this.originalText = originalText;
        this.log = log;
    }

    @Override
    public void delete() {
        // The host deletes the message when the function returns.
    }

    @Override
    public void sendFresh(String jobIdJson, Duration delay) {
        queue.send(queueName, encoding.toQueueText(jobIdJson), delay);
    }

    @Override
    public void deferFor(String jobIdJson, Duration delay) {
        // The host cannot be told to hide the message for a while: a fresh delayed copy replaces it.
        sendFresh(jobIdJson, delay);
        log.info("Queue '{}': job not runnable now; a fresh message is due in {}", queueName, delay);
    }

    @Override
    public void deadLetter(String reason) {
        String poison = queue.poisonQueueName(queueName);
        queue.send(poison, originalText, Duration.ZERO);
        log.warn("Queue '{}': message moved to '{}': {}", queueName, poison, reason);
    }
}
