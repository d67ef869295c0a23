package io.github.aobackgroundjobs.documented;

import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The in-memory queue presented as a queue service that keeps its messages, so that a starting
 * worker does not send the unfinished jobs' messages itself and only its sweeper can.
 */
final class DurableQueue implements JobQueue {

    private final InMemoryJobQueue delegate;

    DurableQueue(InMemoryJobQueue delegate) {
        this.delegate = delegate;
    }

    @Override
    public String send(String queueName, String text, Duration initialDelay) {
        return delegate.send(queueName, text, initialDelay);
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
