package io.github.aobackgroundjobs.support;

import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A real queue behind a switch that makes it unreachable (an outage, or a dead worker's partition). */
public final class FaultyQueue implements JobQueue {

    private final JobQueue delegate;
    private volatile boolean down;

    public FaultyQueue(JobQueue delegate) {
        this.delegate = delegate;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    private <T> T call(String queueName, Supplier<T> action) {
        if (down) {
            throw new JobQueueUnavailableException(queueName, "queue switched off by the test", null);
        }
        return action.get();
    }

    @Override
    public String send(String q, String text, Duration delay) {
        return call(q, () -> delegate.send(q, text, delay));
    }

    @Override
    public List<QueueMessage> receive(String q, int max, Duration vt) {
        return call(q, () -> delegate.receive(q, max, vt));
    }

    @Override
    public QueueMessage updateVisibility(String q, QueueMessage m, Duration vt) {
        return call(q, () -> delegate.updateVisibility(q, m, vt));
    }

    @Override
    public void delete(String q, QueueMessage m) {
        call(q, () -> {
            delegate.delete(q, m);
            return null;
        });
    }

    @Override
    public OptionalLong approximateLength(String q) {
        return call(q, () -> delegate.approximateLength(q));
    }

    @Override
    public boolean isDurable() {
        return delegate.isDurable();
    }

    @Override
    public Registration addSendListener(Consumer<String> listener) {
        return delegate.addSendListener(listener);
    }
}
