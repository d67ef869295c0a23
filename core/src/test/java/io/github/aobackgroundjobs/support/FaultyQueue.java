package io.github.aobackgroundjobs.support;

import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A real queue behind switches that make it unreachable (an outage, or a dead worker's partition)
 * or make it refuse the credentials (a rotated key).
 */
public final class FaultyQueue implements JobQueue {

    private final JobQueue delegate;
    private volatile boolean down;
    private volatile boolean denied;
    private final AtomicInteger refusals = new AtomicInteger();

    public FaultyQueue(JobQueue delegate) {
        this.delegate = delegate;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    public void setDenied(boolean denied) {
        this.denied = denied;
    }

    /** @return how many calls were refused for the credentials */
    public int refusals() {
        return refusals.get();
    }

    private <T> T call(String queueName, Supplier<T> action) {
        if (denied) {
            refusals.incrementAndGet();
            throw new JobQueueAccessDeniedException(
                    queueName,
                    "the test account 'testaccount' refused the credentials for queue '" + queueName + "'",
                    null);
        }
        if (down) {
            throw new JobQueueUnavailableException(queueName, "queue switched off by the test", null);
        }
        return action.get();
    }

    @Override
    public String send(String q, String text, Duration delay) {
        return call(q, () -> delegate.send(q, text, delay));
    }

    /** Thrown once by the next {@link #receive}, if set: a custom queue's bug. */
    public final java.util.concurrent.atomic.AtomicReference<Error> failNextReceiveWith =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public List<QueueMessage> receive(String q, int max, Duration vt) {
        Error failure = failNextReceiveWith.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
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
    public void checkAccess(String q) {
        call(q, () -> {
            delegate.checkAccess(q);
            return null;
        });
    }

    @Override
    public Registration addSendListener(Consumer<String> listener) {
        return delegate.addSendListener(listener);
    }
}
