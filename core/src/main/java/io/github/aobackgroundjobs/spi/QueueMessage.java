package io.github.aobackgroundjobs.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A message received from a {@link JobQueue}.
 *
 * @param messageId the queue's id of the message
 * @param popReceipt the receipt of this delivery, needed to update or delete it; it goes
 *     stale when the message becomes visible again and is received by someone else
 * @param text the message text exactly as stored in the queue (for our messages,
 *     base64(UTF-8(JSON(id))))
 * @param dequeueCount how many times the message has been received, this time included
 * @param insertedAt when the message was first put in the queue
 * @param nextVisibleAt when the message becomes visible again unless deleted or updated
 */
public record QueueMessage(
        String messageId,
        String popReceipt,
        String text,
        long dequeueCount,
        Instant insertedAt,
        Instant nextVisibleAt) {
    /**
     * Validates the arguments.
     *
     * @throws NullPointerException if {@code messageId}, {@code popReceipt} or {@code text} is
     *     null (the message names it)
     * @param messageId see {@link #messageId()}
     * @param popReceipt see {@link #popReceipt()}
     * @param text see {@link #text()}
     * @param dequeueCount see {@link #dequeueCount()}
     * @param insertedAt see {@link #insertedAt()}
     * @param nextVisibleAt see {@link #nextVisibleAt()}
     */
    public QueueMessage {
        Objects.requireNonNull(messageId, "'messageId' cannot be null.");
        Objects.requireNonNull(popReceipt, "'popReceipt' cannot be null.");
        Objects.requireNonNull(text, "'text' cannot be null.");
    }

    /**
     * A copy carrying a new receipt, as returned by {@link JobQueue#updateVisibility}.
     *
     * @param newPopReceipt the new receipt
     * @param newNextVisibleAt when it becomes visible now
     * @return the copy
     */
    public QueueMessage withReceipt(String newPopReceipt, Instant newNextVisibleAt) {
        return new QueueMessage(messageId, newPopReceipt, text, dequeueCount, insertedAt, newNextVisibleAt);
    }
}
