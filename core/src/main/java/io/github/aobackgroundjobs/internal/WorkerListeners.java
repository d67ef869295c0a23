package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.WorkerListener;
import io.github.aobackgroundjobs.delivery.Outcome;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker's listeners, called so that one that throws never disturbs a delivery. Immutable. */
public final class WorkerListeners {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerListeners.class);

    private final List<WorkerListener> listeners;

    /** @param listeners the listeners, in registration order */
    public WorkerListeners(List<WorkerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** @return true if there is no listener, so that the caller can skip measuring */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /**
     * @param queueName the queue
     * @param job the claimed record
     */
    public void claimed(String queueName, BackgroundJobInfo<?> job) {
        Duration latency = pickupLatency(job);
        String type = job.getRequestType();
        for (WorkerListener listener : listeners) {
            try {
                listener.onClaimed(queueName, type, latency);
            } catch (Throwable e) {
                CalledBack.rethrowIfFatal(e);
                LOG.warn("Worker listener {} failed in onClaimed; the job goes on", listener, e);
            }
        }
    }

    /**
     * @param queueName the queue
     * @param requestType the bound job's request type name
     * @param outcome what was decided
     * @param elapsedNanos how long the delivery took
     */
    public void finished(String queueName, String requestType, Outcome.Type outcome, long elapsedNanos) {
        Duration time = Duration.ofNanos(Math.max(0, elapsedNanos));
        for (WorkerListener listener : listeners) {
            try {
                listener.onFinished(queueName, requestType, outcome, time);
            } catch (Throwable e) {
                CalledBack.rethrowIfFatal(e);
                LOG.warn("Worker listener {} failed in onFinished; the job goes on", listener, e);
            }
        }
    }

    private static Duration pickupLatency(BackgroundJobInfo<?> job) {
        Long millis = job.getQueueLatencyMillis();
        return millis == null || millis < 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }
}
