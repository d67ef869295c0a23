package io.github.aobackgroundjobs.azure;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.SendMessageResult;
import com.azure.storage.queue.models.UpdateMessageResult;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.azure.internal.AzureErrors;
import io.github.aobackgroundjobs.azure.internal.MessageTexts;
import io.github.aobackgroundjobs.azure.internal.QueueNames;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobQueue} on Azure Storage Queues, through a {@link QueueManager}'s clients. Message
 * text travels as-is: the library's messages are base64(UTF-8(JSON(id))), which is what the
 * Azure Functions host decodes by default, so a {@code @QueueTrigger} function and a
 * {@code QueueWorker} can share a queue.
 *
 * <p>Errors: a stale receipt or a message already gone (HTTP 404, {@code PopReceiptMismatch})
 * throws {@link MessageReceiptExpiredException}; an unreachable service, a timeout, throttling
 * or a 5xx throws {@link JobQueueUnavailableException} within the manager's
 * timeouts; credentials the service refuses (HTTP 401, 403) throw
 * {@link JobQueueAccessDeniedException} naming the account and the queue, from every method
 * and from {@link #checkAccess}, which {@code QueueWorker.start()} calls; a queue deleted behind the manager's back is created
 * again and the send is tried once more. Delays and visibility timeouts are rounded up to
 * whole seconds (Azure's unit), never down. Messages never expire (time-to-live -1): a job
 * message waits as long as its job.
 *
 * <p>Queue names follow Azure's rules (3 to 63 lowercase letters, digits and single hyphens); a
 * queue whose name does not end in {@code -poison} is a job queue and has at most
 * {@value io.github.aobackgroundjobs.spi.JobValidation#MAX_JOB_QUEUE_NAME_LENGTH} characters, so
 * that its poison queue fits. Any other name throws {@link IllegalArgumentException} naming
 * {@code 'queueName'} before any request.
 *
 * <p>Thread-safe.
 */
public final class AzureStorageJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(AzureStorageJobQueue.class);
    private static final Duration NEVER_EXPIRES = Duration.ofSeconds(-1);

    private final QueueManager manager;
    private final CopyOnWriteArrayList<Consumer<String>> sendListeners = new CopyOnWriteArrayList<>();

    /**
     * @param manager the manager whose clients to use; {@link QueueManager#jobQueue()} returns
     *     a shared instance
     * @throws NullPointerException if {@code manager} is null
     */
    public AzureStorageJobQueue(QueueManager manager) {
        this.manager = Objects.requireNonNull(manager, "'manager' cannot be null.");
    }

    /**
     * A job queue for the account of a connection string, with the default timeouts.
     *
     * @param connectionString a storage connection string
     * @return the queue
     * @throws NullPointerException if {@code connectionString} is null
     * @throws IllegalArgumentException if the connection string is blank or invalid
     */
    public static AzureStorageJobQueue fromConnectionString(String connectionString) {
        return QueueManager.fromConnectionString(connectionString).jobQueue();
    }

    /** @return the manager this queue uses */
    public QueueManager manager() {
        return manager;
    }

    @Override
    public String send(String queueName, String text, Duration initialDelay) {
        QueueNames.validate(queueName);
        Objects.requireNonNull(text, "'text' cannot be null.");
        Objects.requireNonNull(initialDelay, "'initialDelay' cannot be null.");
        MessageTexts.requireSendable(text);
        Duration delay = wholeSeconds(initialDelay, "initialDelay", true);
        SendMessageResult result = withQueue(
                queueName,
                "Sending a message",
                client -> client.sendMessageWithResponse(text, delay, NEVER_EXPIRES, null, Context.NONE)
                        .getValue());
        for (Consumer<String> listener : sendListeners) {
            try {
                listener.accept(queueName);
            } catch (Throwable e) {
                // The message is in the queue: a listener's failure, an Error included, must not
                // make the caller think the send failed (and abort a queued job).
                if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                    throw fatal;
                }
                LOG.warn("Send listener {} failed for queue '{}'", listener, queueName, e);
            }
        }
        return result.getMessageId();
    }

    @Override
    public List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout) {
        QueueNames.validate(queueName);
        if (maxMessages < 1 || maxMessages > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("'maxMessages' must be 1 to " + MAX_BATCH_SIZE + ": " + maxMessages);
        }
        Duration visibility = wholeSeconds(visibilityTimeout, "visibilityTimeout", false);
        return withQueue(queueName, "Receiving messages", client -> {
            List<QueueMessage> messages = new ArrayList<>(maxMessages);
            for (QueueMessageItem item : client.receiveMessages(maxMessages, visibility, null, Context.NONE)) {
                messages.add(toMessage(item));
            }
            return messages;
        });
    }

    @Override
    public QueueMessage updateVisibility(String queueName, QueueMessage message, Duration visibilityTimeout) {
        QueueNames.validate(queueName);
        Objects.requireNonNull(message, "'message' cannot be null.");
        Duration visibility = wholeSeconds(visibilityTimeout, "visibilityTimeout", true);
        QueueClient client = manager.queue(queueName);
        try {
            UpdateMessageResult result = client.updateMessageWithResponse(
                            message.messageId(), message.popReceipt(), null, visibility, null, Context.NONE)
                    .getValue();
            return message.withReceipt(result.getPopReceipt(), toInstant(result.getTimeNextVisible()));
        } catch (RuntimeException e) {
            throw AzureErrors.onMessage(
                    manager.accountName(), queueName, message.messageId(), "Updating the visibility of a message", e);
        }
    }

    @Override
    public void delete(String queueName, QueueMessage message) {
        QueueNames.validate(queueName);
        Objects.requireNonNull(message, "'message' cannot be null.");
        QueueClient client = manager.queue(queueName);
        try {
            client.deleteMessageWithResponse(message.messageId(), message.popReceipt(), null, Context.NONE);
        } catch (RuntimeException e) {
            throw AzureErrors.onMessage(manager.accountName(), queueName, message.messageId(), "Deleting a message", e);
        }
    }

    @Override
    public OptionalLong approximateLength(String queueName) {
        QueueNames.validate(queueName);
        return withQueue(
                queueName,
                "Reading the queue's length",
                client -> OptionalLong.of(client.getPropertiesWithResponse(null, Context.NONE)
                        .getValue()
                        .getApproximateMessagesCountLong()));
    }

    /**
     * {@inheritDoc}
     *
     * @return true: Azure Storage keeps a message until it is deleted or its time to live ends
     */
    @Override
    public boolean isDurable() {
        return true;
    }

    /**
     * Asks the service for the queue's properties (creating the queue and its poison queue first
     * if the manager creates queues), which it answers only for credentials it accepts. A queue
     * that does not exist (and is not created) passes: the credentials were accepted.
     *
     * @param queueName the queue
     * @throws IllegalArgumentException if {@code 'queueName'} breaks Azure's naming rules
     * @throws JobQueueAccessDeniedException if the service refuses the credentials (401, 403):
     *     a wrong or rotated account key, an expired SAS token, an identity without a role
     * @throws JobQueueUnavailableException if the service cannot be reached
     */
    @Override
    public void checkAccess(String queueName) {
        QueueNames.validate(queueName);
        try {
            manager.queue(queueName).getPropertiesWithResponse(null, Context.NONE);
        } catch (JobQueueUnavailableException | AzureQueueRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!AzureErrors.isQueueNotFound(e)) {
                throw AzureErrors.translate(manager.accountName(), queueName, "Checking access to the queue", e);
            }
        }
    }

    @Override
    public String poisonQueueName(String queueName) {
        return QueueNames.poisonOf(QueueNames.validate(queueName));
    }

    @Override
    public Registration addSendListener(Consumer<String> listener) {
        Objects.requireNonNull(listener, "'listener' cannot be null.");
        sendListeners.add(listener);
        // Once only: a second close would remove another registration of the same listener.
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                sendListeners.remove(listener);
            }
        };
    }

    /** Runs a call; if the queue was deleted behind the manager's back, creates it and tries once more. */
    private <T> T withQueue(String queueName, String operation, Function<QueueClient, T> call) {
        try {
            return call.apply(manager.queue(queueName));
        } catch (RuntimeException e) {
            // A manager that leaves queues to provisioning reports the missing queue as it is.
            if (!AzureErrors.isQueueNotFound(e) || !manager.createsQueues()) {
                throw AzureErrors.translate(manager.accountName(), queueName, operation, e);
            }
        }
        LOG.info("Queue '{}' was not found; creating it again", queueName);
        manager.forgetCreated(queueName);
        try {
            return call.apply(manager.queue(queueName));
        } catch (JobQueueUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.translate(manager.accountName(), queueName, operation, e);
        }
    }

    private static QueueMessage toMessage(QueueMessageItem item) {
        String text = item.getBody() == null ? "" : item.getBody().toString();
        return new QueueMessage(
                item.getMessageId(),
                item.getPopReceipt(),
                text,
                item.getDequeueCount(),
                toInstant(item.getInsertionTime()),
                toInstant(item.getTimeNextVisible()));
    }

    private static Instant toInstant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Duration wholeSeconds(Duration value, String name, boolean zeroAllowed) {
        Objects.requireNonNull(value, "'" + name + "' cannot be null.");
        if (value.isNegative()
                || (!zeroAllowed && value.compareTo(Duration.ofSeconds(1)) < 0)
                || value.compareTo(MAX_VISIBILITY_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "'" + name + "' must be " + (zeroAllowed ? "0" : "1 second") + " to 7 days: " + value);
        }
        long seconds = value.getSeconds() + (value.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.min(seconds, MAX_VISIBILITY_TIMEOUT.getSeconds()));
    }
}
