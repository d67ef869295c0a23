package io.github.aobackgroundjobs.memory;

import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.internal.CalledBack;
import io.github.aobackgroundjobs.internal.InMemoryQueueState;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobQueue} held in the process's memory, with Azure Storage Queue semantics: a queue
 * is created by its first send; a received message stays invisible for its visibility timeout
 * and then comes back with its dequeue count one higher; each receive and each visibility
 * update issues a new receipt and the old one goes stale; the same argument limits as Azure.
 * Code that works against it behaves the same on Azure.
 *
 * <p>All time comes from the {@link Clock} given (tests move a {@link SettableClock}): a
 * message becomes visible when the clock says so, checked at each receive, with no timer
 * thread.
 *
 * <p>Thread-safe. Each queue has its own lock, held only for a few heap operations per call;
 * a receive costs O(k log n) for k messages returned, never a scan of the hidden ones.
 * Messages live until deleted (there is no time-to-live) or until the process ends:
 * {@link #isDurable()} is false, so a {@link io.github.aobackgroundjobs.QueueWorker} on it sends
 * the messages of its unfinished jobs again when it starts.
 */
public final class InMemoryJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryJobQueue.class);

    private final Clock clock;
    private final ConcurrentHashMap<String, InMemoryQueueState> queues = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> sendListeners = new CopyOnWriteArrayList<>();

    /** A queue on the system clock in UTC. */
    public InMemoryJobQueue() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock where time comes from
     */
    public InMemoryJobQueue(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /**
     * {@inheritDoc}
     *
     * @return false: the messages live in this process's memory and end with it
     */
    @Override
    public boolean isDurable() {
        return false;
    }

    @Override
    public String send(String queueName, String text, Duration initialDelay) {
        JobValidation.requireStorageQueueName(queueName);
        Objects.requireNonNull(text, "'text' cannot be null.");
        if (text.length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException(
                    "'text' is " + text.length() + " characters long; at most " + MAX_MESSAGE_LENGTH + " are allowed.");
        }
        requireDuration("initialDelay", initialDelay, Duration.ZERO);
        String id = queues.computeIfAbsent(queueName, InMemoryQueueState::new).add(text, clock.instant(), initialDelay);
        for (Consumer<String> listener : sendListeners) {
            try {
                listener.accept(queueName);
            } catch (Throwable e) {
                CalledBack.rethrowIfFatal(e);
                LOG.warn("Send listener {} failed for queue '{}'", listener, queueName, e);
            }
        }
        return id;
    }

    @Override
    public List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout) {
        JobValidation.requireStorageQueueName(queueName);
        if (maxMessages < 1 || maxMessages > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "'maxMessages' must be between 1 and " + MAX_BATCH_SIZE + ", not " + maxMessages + ".");
        }
        requireDuration("visibilityTimeout", visibilityTimeout, Duration.ofSeconds(1));
        InMemoryQueueState queue = queues.get(queueName);
        return queue == null ? List.of() : queue.receive(maxMessages, clock.instant(), visibilityTimeout);
    }

    @Override
    public QueueMessage updateVisibility(String queueName, QueueMessage message, Duration visibilityTimeout) {
        JobValidation.requireStorageQueueName(queueName);
        Objects.requireNonNull(message, "'message' cannot be null.");
        requireDuration("visibilityTimeout", visibilityTimeout, Duration.ZERO);
        return existing(queueName, message).updateVisibility(message, clock.instant(), visibilityTimeout);
    }

    @Override
    public void delete(String queueName, QueueMessage message) {
        JobValidation.requireStorageQueueName(queueName);
        Objects.requireNonNull(message, "'message' cannot be null.");
        existing(queueName, message).delete(message);
    }

    /**
     * {@inheritDoc}
     *
     * @return the number of messages in the queue, visible or not; 0 for a queue never sent to
     */
    @Override
    public OptionalLong approximateLength(String queueName) {
        JobValidation.requireStorageQueueName(queueName);
        InMemoryQueueState queue = queues.get(queueName);
        return OptionalLong.of(queue == null ? 0 : queue.size());
    }

    /**
     * The texts of the messages a queue holds now, visible or not (being processed, or delayed).
     * A worker starting on this queue uses it to skip jobs whose message is still here instead of
     * sending them a second one.
     *
     * @param queueName the queue
     * @return a copy, empty for a queue never sent to
     * @throws IllegalArgumentException if the name is not a valid queue name
     */
    public Set<String> messageTexts(String queueName) {
        JobValidation.requireStorageQueueName(queueName);
        InMemoryQueueState queue = queues.get(queueName);
        return queue == null ? Set.of() : queue.texts();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Listeners run on the sending thread after the message is in the queue; one that throws
     * (an {@link Error} included, not a {@link VirtualMachineError} other than
     * {@code StackOverflowError}) is logged, the send still succeeds and the others still run.
     */
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

    private InMemoryQueueState existing(String queueName, QueueMessage message) {
        InMemoryQueueState queue = queues.get(queueName);
        if (queue == null) {
            throw new MessageReceiptExpiredException(queueName, message.messageId(), null);
        }
        return queue;
    }

    private static void requireDuration(String field, Duration value, Duration min) {
        Objects.requireNonNull(value, "'" + field + "' cannot be null.");
        if (value.compareTo(min) < 0 || value.compareTo(MAX_VISIBILITY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("'" + field + "' must be between " + min + " and "
                    + MAX_VISIBILITY_TIMEOUT + ", not " + value + ".");
        }
    }
}
