package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A received message a worker is processing, with its latest receipt. The renewal timer and
 * the processing thread both use it; every queue call on it is made under its lock so that a
 * renewal never races a delete with a stale receipt.
 */
public final class HeldMessage {

    private static final Logger LOG = LoggerFactory.getLogger(HeldMessage.class);

    private final JobQueue queue;
    private final String queueName;
    private QueueMessage current;
    private boolean released;
    private volatile long lastRenewalNanos = System.nanoTime();

    /**
     * @param queue the queue
     * @param queueName the queue's name
     * @param message the message as received
     */
    public HeldMessage(JobQueue queue, String queueName, QueueMessage message) {
        this.queue = queue;
        this.queueName = queueName;
        this.current = message;
    }

    /** @return the queue the message came from */
    public String queueName() {
        return queueName;
    }

    /** @return the message with its latest receipt */
    public synchronized QueueMessage current() {
        return current;
    }

    /**
     * Renews the visibility if a third of the timeout has passed since the last renewal.
     *
     * @param nowNanos the tick's {@link System#nanoTime()}
     * @param visibilityTimeout the timeout
     */
    public void renewIfDue(long nowNanos, Duration visibilityTimeout) {
        if (nowNanos - lastRenewalNanos >= visibilityTimeout.toNanos() / 3) {
            lastRenewalNanos = nowNanos;
            renew(visibilityTimeout);
        }
    }

    /**
     * Keeps the message hidden for another {@code visibilityTimeout}; called by the renewal timer.
     *
     * @param visibilityTimeout from now
     */
    public synchronized void renew(Duration visibilityTimeout) {
        if (released) {
            return;
        }
        try {
            current = queue.updateVisibility(queueName, current, visibilityTimeout);
        } catch (MessageReceiptExpiredException e) {
            released = true;
            LOG.warn(
                    "Message {} on '{}' was received elsewhere while still being processed",
                    current.messageId(),
                    queueName);
        } catch (RuntimeException e) {
            LOG.warn("Message {} on '{}': visibility renewal failed; trying again", current.messageId(), queueName, e);
        }
    }

    /** Stops renewals. */
    public synchronized void release() {
        released = true;
    }

    /** Deletes the message. */
    public synchronized void delete() {
        released = true;
        queue.delete(queueName, current);
    }

    /**
     * Makes the message visible again after {@code delay}.
     *
     * @param delay from now
     */
    public synchronized void hideFor(Duration delay) {
        released = true;
        current = queue.updateVisibility(queueName, current, delay);
    }

    /** Moves the message to the poison queue. */
    public synchronized void deadLetter() {
        released = true;
        queue.deadLetter(queueName, current);
    }
}
