package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
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
 * <p>Rules every method follows (the testkit's {@code JobQueueContractTest} checks them):
 * <ul>
 *   <li>{@link #isDurable()} says truthfully whether messages survive a restart of the process
 *       holding them.</li>
 *   <li>Message text is opaque to the queue: it stores and returns exactly the text it was
 *       given, any Unicode included, up to {@value #MAX_MESSAGE_LENGTH} characters.</li>
 *   <li>Every queue name is checked with {@link JobValidation#requireStorageQueueName}
 *       (Azure's rules): an invalid one throws {@link IllegalArgumentException} naming
 *       {@code 'queueName'}. An argument out of range throws {@link IllegalArgumentException}
 *       naming it, and nothing is sent or changed.</li>
 *   <li>Sending creates a queue; receiving from a queue never sent to returns no messages.</li>
 *   <li>A received message is hidden from every receiver for its visibility timeout; a message
 *       visible to concurrent receivers goes to one of them only.</li>
 *   <li>Each receive and each {@link #updateVisibility} issues a new receipt; the earlier one
 *       goes stale, and using a stale receipt, or one of a deleted message, throws
 *       {@link MessageReceiptExpiredException}.</li>
 *   <li>Implementations must be thread-safe. A queue that cannot be reached throws
 *       {@link JobQueueUnavailableException}.</li>
 * </ul>
 */
public interface JobQueue {

    /** Most messages one {@link #receive} returns (Azure's limit). */
    int MAX_BATCH_SIZE = 32;
    /** Longest visibility timeout or delay (Azure's limit). */
    Duration MAX_VISIBILITY_TIMEOUT = Duration.ofDays(7);
    /**
     * Largest message text in characters (Azure's limit of 64 KiB; the Azure queue counts it in
     * UTF-8 bytes, so text beyond ASCII fits less).
     */
    int MAX_MESSAGE_LENGTH = 64 * 1024;

    /**
     * Sends a message, creating the queue if it does not exist. The message is visible once
     * {@code initialDelay} has passed.
     *
     * @param queueName the queue
     * @param text the message text, at most {@value #MAX_MESSAGE_LENGTH} characters (an
     *     implementation may allow less: the Azure queue takes at most that many UTF-8 bytes and
     *     only characters XML 1.0 can carry)
     * @param initialDelay how long the message stays invisible, zero for none, at most 7 days
     * @return the queue's id of the new message, the {@link QueueMessage#messageId()} it is
     *     received with
     * @throws IllegalArgumentException if the name ({@code 'queueName'}), text ({@code 'text'})
     *     or delay ({@code 'initialDelay'}: negative or over 7 days) is invalid; nothing is sent
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    String send(String queueName, String text, Duration initialDelay);

    /**
     * Receives up to {@code maxMessages} visible messages and hides them for
     * {@code visibilityTimeout}; each one's dequeue count goes up by one (1 on its first
     * receive) and each gets a new receipt. A message not deleted becomes visible again when
     * its timeout has passed. Where the queue can, a single producer's messages come back in
     * the order sent.
     *
     * @param queueName the queue
     * @param maxMessages 1..{@value #MAX_BATCH_SIZE}
     * @param visibilityTimeout how long they stay hidden, 1 second to 7 days
     * @return the messages, possibly none (also for a queue never sent to)
     * @throws IllegalArgumentException if {@code 'maxMessages'} or {@code 'visibilityTimeout'}
     *     is out of range (the message names it)
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout);

    /**
     * Hides a received message for {@code visibilityTimeout} from now. Its dequeue count is
     * unchanged; the receipt used goes stale.
     *
     * @param queueName the queue
     * @param message the message as last received or updated
     * @param visibilityTimeout from now, 0 to 7 days; zero makes it visible at once
     * @return the message (same id and text) with its new receipt (Azure issues one on every
     *     update)
     * @throws IllegalArgumentException if {@code 'visibilityTimeout'} is negative or over 7 days
     * @throws MessageReceiptExpiredException if the receipt is stale or the message is gone
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    QueueMessage updateVisibility(String queueName, QueueMessage message, Duration visibilityTimeout);

    /**
     * Deletes a received message: it never comes back.
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
     * The approximate number of messages in a queue, where the queue can tell: visible,
     * delayed and received-but-not-deleted messages all count; deleted ones do not. The
     * contract suite expects a count for a queue that has been sent to.
     *
     * @param queueName the queue
     * @return the count (0 or empty for a queue never sent to), or empty if unknown
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    OptionalLong approximateLength(String queueName);

    /**
     * Whether sent messages outlive the process that holds them: true for a queue service that
     * keeps them (Azure Storage keeps every message until it is deleted or expires), false for a
     * queue held in a process's memory, whose messages are gone when that process ends however
     * it ends. A {@link io.github.aobackgroundjobs.QueueWorker} on a queue whose messages do not
     * survive sends, as it starts, a message for every unfinished job of its queues, since none
     * of theirs can still be there.
     *
     * <p>The default is true, for a queue service; override it to return false for a queue that
     * loses its messages with its process. Must not change over the instance's life.
     *
     * @return true if messages survive a restart of the process that sent or held them
     */
    default boolean isDurable() {
        return true;
    }

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
     * Checks that the service accepts this process's credentials for a queue, before a host
     * relies on them: {@code QueueWorker.start()} calls it for each queue it receives from and
     * fails if access is denied. It writes nothing a job could see (Azure: it may create the
     * queue and its poison queue, as the first send would). The default only checks the name: a
     * queue without credentials, such as the in-memory one, has nothing else to check.
     *
     * @param queueName the queue
     * @throws IllegalArgumentException if {@code 'queueName'} is invalid
     * @throws JobQueueAccessDeniedException if the service refuses the credentials; the message
     *     names the account (or service) and the queue
     * @throws JobQueueUnavailableException if the service cannot be reached now (hosts start
     *     anyway and back off, as for any outage)
     */
    default void checkAccess(String queueName) {
        JobValidation.requireStorageQueueName(queueName);
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
