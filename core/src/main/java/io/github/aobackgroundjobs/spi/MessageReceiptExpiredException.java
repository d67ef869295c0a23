package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobException;

/**
 * A queue message could not be updated or deleted because the receipt used is no longer
 * current: the message became visible again and was received by someone else (Azure's
 * {@code PopReceiptMismatch}), or it was already deleted.
 */
public class MessageReceiptExpiredException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final String queueName;
    private final String messageId;

    /**
     * @param queueName the queue
     * @param messageId the message
     * @param cause the client's error, or null
     */
    public MessageReceiptExpiredException(String queueName, String messageId, Throwable cause) {
        super(
                "Queue '" + queueName + "': the receipt of message '" + messageId
                        + "' is no longer current (received again elsewhere, or deleted).",
                cause);
        this.queueName = queueName;
        this.messageId = messageId;
    }

    /** @return the queue */
    public String getQueueName() {
        return queueName;
    }

    /** @return the message id */
    public String getMessageId() {
        return messageId;
    }
}
