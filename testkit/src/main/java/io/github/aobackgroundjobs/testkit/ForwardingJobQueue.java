package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A {@link JobQueue} that hands every call to a real queue, for tests that inject a fault or
 * observe one operation: extend it and override only that operation (a send that fails, a
 * length read that is counted). Every method of the SPI, defaults included, is forwarded, so
 * the wrapped queue's durability, poison-queue naming, access check and send listeners stay as
 * they are. Thread-safe if the wrapped queue is and the overrides are.
 */
public abstract class ForwardingJobQueue implements JobQueue {

    private final JobQueue delegate;

    /**
     * @param delegate the real queue every call goes to
     * @throws NullPointerException if {@code delegate} is null
     */
    protected ForwardingJobQueue(JobQueue delegate) {
        this.delegate = Objects.requireNonNull(delegate, "'delegate' cannot be null.");
    }

    /** @return the real queue */
    public JobQueue delegate() {
        return delegate;
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
    public void deadLetter(String queueName, QueueMessage message) {
        delegate.deadLetter(queueName, message);
    }

    @Override
    public OptionalLong approximateLength(String queueName) {
        return delegate.approximateLength(queueName);
    }

    @Override
    public boolean isDurable() {
        return delegate.isDurable();
    }

    @Override
    public String poisonQueueName(String queueName) {
        return delegate.poisonQueueName(queueName);
    }

    @Override
    public void checkAccess(String queueName) {
        delegate.checkAccess(queueName);
    }

    @Override
    public Registration addSendListener(Consumer<String> listener) {
        return delegate.addSendListener(listener);
    }
}
