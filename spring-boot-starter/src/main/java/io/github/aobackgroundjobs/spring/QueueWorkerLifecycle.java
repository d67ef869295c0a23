package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueWorker;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link QueueWorker} when the application context has started (every
 * bean is ready), and closes it when the context closes: receiving stops at once, running jobs get
 * {@code backgroundjobs.worker.shutdown-timeout} to finish, then are interrupted (their messages
 * come back and they run again). It stops in the last phase to start, so before the web server
 * and long before the {@code DataSource} close.
 *
 * <p>Thread-safe (Spring calls it from one thread at a time).
 */
public class QueueWorkerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorkerLifecycle.class);

    private final QueueWorker worker;
    private final Duration shutdownTimeout;

    /**
     * @param worker the worker, not started
     * @param shutdownTimeout how long the close waits for running jobs
     */
    public QueueWorkerLifecycle(QueueWorker worker, Duration shutdownTimeout) {
        this.worker = Objects.requireNonNull(worker, "'worker' cannot be null.");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "'shutdownTimeout' cannot be null.");
    }

    /**
     * Starts the worker.
     *
     * @throws io.github.aobackgroundjobs.JobQueueAccessDeniedException if the queue service refuses the
     *     credentials: the application does not start
     */
    @Override
    public void start() {
        worker.start();
    }

    /** Closes the worker, waiting up to the shutdown timeout for running jobs. */
    @Override
    public void stop() {
        if (!worker.close(shutdownTimeout)) {
            LOG.warn("Jobs still running after {} were interrupted; they run again from their queue.", shutdownTimeout);
        }
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    /** @return the worker this lifecycle starts and closes */
    public QueueWorker worker() {
        return worker;
    }
}
