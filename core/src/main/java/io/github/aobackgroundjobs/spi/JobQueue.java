package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A message queue with Azure Storage Queue semantics: at-least-once delivery, a visibility
 * timeout per received message, a dequeue count, and a receipt per delivery that goes stale
 * once the message is received again. Stock implementations: {@link InMemoryJobQueue} and
 * the azure-queue module's {@code AzureStorageJobQueue}; the testkit's contract suite proves
 * a custom one.
 *
 * <p>Message text is opaque to the queue: it stores and returns exactly the text it was given.
 * Implementations must be thread-safe. A queue that cannot be reached throws
 * {@link JobQueueUnavailableException}.
 */
public interface JobQueue {

    /** Most messages one {@link #receive} returns (Azure's limit). */
    int MAX_BATCH_SIZE = 32;
    /** Longest visibility timeout or delay (Azure's limit). */
    Duration MAX_VISIBILITY_TIMEOUT = Duration.ofDays(7);
    /** Largest message text in characters (Azure's limit of 64 KiB). */
    int MAX_MESSAGE_LENGTH = 64 * 1024;

    /**
     * Sends a message, creating the queue if it does not exist.
     *
     * @param queueName the queue
     * @param text the message text, at most {@value #MAX_MESSAGE_LENGTH} characters
     * @param initialDelay how long the message stays invisible, zero for none, at most 7 days
     * @return the queue's id of the new message
     * @throws IllegalArgumentException if the name, text or delay is invalid
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    String send(String queueName, String text, Duration initialDelay);

    /**
     * Receives up to {@code maxMessages} visible messages and hides them for
     * {@code visibilityTimeout}; each one's dequeue count goes up by one.
     *
     * @param queueName the queue
     * @param maxMessages 1..{@value #MAX_BATCH_SIZE}
     * @param visibilityTimeout how long they stay hidden, at least 1 second
     * @return the messages, possibly none
     * @throws IllegalArgumentException if an argument is out of range
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout);

    /**
     * Hides a received message for {@code visibilityTimeout} from now.
     *
     * @param queueName the queue
     * @param message the message as last received or updated
     * @param visibilityTimeout from now; zero makes it visible at once
     * @return the message with its new receipt (Azure issues one on every update)
     * @throws MessageReceiptExpiredException if the receipt is stale or the message is gone
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    QueueMessage updateVisibility(String queueName, QueueMessage message, Duration visibilityTimeout);

    /**
     * Deletes a received message.
     *
     * @param queueName the queue
     * @param message the message as last received or updated
     * @throws MessageReceiptExpiredException if the receipt is stale or the message is gone
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    void delete(String queueName, QueueMessage message);

    /**
     * Moves a message to {@link #poisonQueueName(String)}: sends its text unchanged there,
     * then deletes it here. Not atomic: if the delete fails the message may reach the poison
     * queue twice, the way the Azure Functions host behaves too.
     *
     * @param queueName the queue
     * @param message the message as last received or updated
     * @throws MessageReceiptExpiredException if the delete found the receipt stale
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    default void deadLetter(String queueName, QueueMessage message) {
        send(poisonQueueName(queueName), message.text(), Duration.ZERO);
        delete(queueName, message);
    }

    /**
     * The approximate number of messages in a queue, where the queue can tell.
     *
     * @param queueName the queue
     * @return the count, or empty if unknown
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    OptionalLong approximateLength(String queueName);

    /**
     * The poison queue of a queue, named as the Azure Functions host names it.
     *
     * @param queueName the queue
     * @return {@code queueName + "-poison"}
     */
    default String poisonQueueName(String queueName) {
        return queueName + JobValidation.POISON_SUFFIX;
    }

    /**
     * Registers a callback run after each successful {@link #send} through this instance, with
     * the queue's name; lets a worker sharing the instance pick a new job up at once. The
     * default keeps no listeners (the worker then finds the message at its next poll).
     *
     * @param listener called on the sending thread; must be quick and must not throw
     * @return a handle that removes it
     */
    default Registration addSendListener(Consumer<String> listener) {
        return () -> {};
    }
}
