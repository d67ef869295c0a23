package io.github.aobackgroundjobs.support;

import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * A real queue that counts the messages sent through it and says it is durable or not as the
 * test wants: an in-memory queue standing for Azure Storage, or for itself. {@link #refuseSend}
 * makes chosen sends fail, as an unreachable queue would; {@link #beforeSend} can hold one.
 */
public final class CountingQueue implements JobQueue {

    private final JobQueue delegate;
    private final boolean durable;
    public final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    /** Given the 1-based number of a send attempt, whether to refuse it. */
    public volatile IntPredicate refuseSend = attempt -> false;
    /** Run on the sending thread before each send: a test holds a send here. */
    public volatile Runnable beforeSend = () -> {};

    public CountingQueue(JobQueue delegate, boolean durable) {
        this.delegate = delegate;
        this.durable = durable;
    }

    @Override
    public boolean isDurable() {
        return durable;
    }

    @Override
    public String send(String queueName, String text, Duration initialDelay) {
        beforeSend.run();
        int attempt = attempts.incrementAndGet();
        if (refuseSend.test(attempt)) {
            throw new JobQueueUnavailableException(queueName, "injected: send " + attempt + " refused", null);
        }
        String id = delegate.send(queueName, text, initialDelay);
        sends.incrementAndGet();
        return id;
    }

    @Override
    public List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout) {
        return delegate.receive(queueName, maxMessages, visibilityTimeout);
    }

    @Override
    public QueueMessage updateVisibility(String queueName, QueueMessage message, Duration visibilityTimeout) {
        return delegate.updateVisibility(queueName, message, visibilityTimeout);
    }

    @Override
    public void delete(String queueName, QueueMessage message) {
        delegate.delete(queueName, message);
    }

    @Override
    public OptionalLong approximateLength(String queueName) {
        return delegate.approximateLength(queueName);
    }

    @Override
    public Registration addSendListener(Consumer<String> listener) {
        return delegate.addSendListener(listener);
    }
}
