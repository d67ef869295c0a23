package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A queue of one's own as custom-repository.md describes it, reduced to the abstract methods of
 * {@link JobQueue} (each handed to an in-memory queue); every default of the SPI is left as it is.
 */
class MinimalJobQueue implements JobQueue {

    private final InMemoryJobQueue store;

    MinimalJobQueue(InMemoryJobQueue store) {
        this.store = store;
    }

    @Override
    public String send(String queueName, String text, Duration initialDelay) {
        return store.send(queueName, text, initialDelay);
    }

    @Override
    public List<QueueMessage> receive(String queueName, int maxMessages, Duration visibilityTimeout) {
        return store.receive(queueName, maxMessages, visibilityTimeout);
    }

    @Override
    public QueueMessage updateVisibility(String queueName, QueueMessage message, Duration visibilityTimeout) {
        return store.updateVisibility(queueName, message, visibilityTimeout);
    }

    @Override
    public void delete(String queueName, QueueMessage message) {
        store.delete(queueName, message);
    }

    @Override
    public OptionalLong approximateLength(String queueName) {
        return store.approximateLength(queueName);
    }
}
