package io.github.aobackgroundjobs.samples.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker JVM of {@code --worker=separate}, kept running for as long as the demo runs: a
 * worker process that ends while the demo still runs (killed, out of memory, crashed) is
 * started again, after {@link #FIRST_RESTART_DELAY}; a worker that ends again within
 * {@link #STABLE_RUN} of its start waits twice as long as the one before, up to
 * {@link #MAX_RESTART_DELAY}, so one that cannot start does not spin. Without this, the web
 * process would go on queueing jobs that nobody runs. The new worker takes over the jobs of the
 * one that ended once their queue messages are visible again (the worker's visibility timeout,
 * 60 s). The worker gets this process's pid ({@code DEMO_PARENT_PID}) and ends when this
 * process ends, {@code kill -9} included ({@link DemoWorker}). Thread-safe.
 */
final class DemoWorkerProcess implements AutoCloseable {

    /** Wait before the first restart of a worker that ended. */
    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    /** The longest wait before a restart. */
    static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
    /** A worker that ran this long before it ended is restarted after the first delay again. */
    static final Duration STABLE_RUN = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkerProcess.class);

    private final ProcessBuilder command;
    private final Clock clock;
    private Process process;
    private long startedMillis;
    private Duration nextDelay = FIRST_RESTART_DELAY;
    private boolean closed;

    private DemoWorkerProcess(ProcessBuilder command, Clock clock) {
        this.command = command;
        this.clock = clock;
    }

    /**
     * Starts the worker and watches it.
     *
     * @param command the worker's command and environment; {@code DEMO_PARENT_PID} is added
     * @param clock the demo's clock
     * @return the running worker
     * @throws UncheckedIOException if the process cannot be started
     */
    static DemoWorkerProcess start(ProcessBuilder command, Clock clock) {
        Objects.requireNonNull(command, "'command' cannot be null.");
        command.environment()
                .put("DEMO_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
        DemoWorkerProcess worker =
                new DemoWorkerProcess(command, Objects.requireNonNull(clock, "'clock' cannot be null."));
        synchronized (worker) {
            worker.launch();
        }
        return worker;
    }

    /** @return the worker process now running (or the one that ended, until its restart) */
    synchronized Process current() {
        return process;
    }

    private void launch() {
        try {
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the demo's worker process.", e);
        }
        startedMillis = clock.millis();
        Process started = process;
        started.onExit().thenRun(() -> ended(started));
    }

    private synchronized void ended(Process ended) {
        if (closed || ended != process) {
            return;
        }
        boolean stable = clock.millis() - startedMillis >= STABLE_RUN.toMillis();
        Duration delay = stable ? FIRST_RESTART_DELAY : nextDelay;
        nextDelay = delay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay.multipliedBy(2);
        LOG.warn(
                "The demo's worker process {} ended with exit code {}; starting a new one in {} s.",
                ended.pid(),
                ended.exitValue(),
                delay.toSeconds());
        CompletableFuture.runAsync(
                () -> restart(ended), CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private synchronized void restart(Process ended) {
        if (closed || ended != process) {
            return;
        }
        try {
            launch();
            LOG.info("Started the demo's worker process {}.", process.pid());
        } catch (UncheckedIOException e) {
            // Tried again later: process (still the ended one) gets no exit event, so schedule it here.
            LOG.error("Cannot restart the demo's worker process; trying again in {} s.", nextDelay.toSeconds(), e);
            Duration delay = nextDelay;
            nextDelay = MAX_RESTART_DELAY;
            CompletableFuture.runAsync(
                    () -> restart(ended), CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Stops the worker (it finishes or gives back its running jobs) and restarts it no more.
     * Waits up to 15 s for it to end, then kills it.
     */
    @Override
    public void close() {
        Process last;
        synchronized (this) {
            closed = true;
            last = process;
        }
        last.destroy();
        try {
            if (!last.waitFor(15, TimeUnit.SECONDS)) {
                // A worker that does not stop in time would outlive the demo; its jobs go back to the queue.
                last.destroyForcibly();
            }
        } catch (InterruptedException e) {
            last.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
