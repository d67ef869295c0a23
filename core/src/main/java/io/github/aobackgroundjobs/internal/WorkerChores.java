package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueWorker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's chores besides receiving: its sweepers, on a thread of their own, and its periodic
 * tasks, on a thread each. Kept off the worker's renewal timer so that a slow sweep (a large
 * table, a store timing out) or a slow task never delays a heartbeat, nor one task another. A
 * chore that throws is logged and runs again at its next turn. Started once, shut down once;
 * thread-safe.
 */
public final class WorkerChores {

    /** Logged under the worker's name: these are the worker's own messages. */
    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

    /**
     * A task run every {@code interval}, the first time at start.
     *
     * @param name named in the log when the task fails
     * @param interval the pause between the end of one run and the start of the next
     * @param task the work
     */
    public record PeriodicTask(String name, Duration interval, Runnable task) {
        /** @throws NullPointerException if an argument is null */
        public PeriodicTask {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(task, "task");
        }
    }

    private final String workerName;
    private final List<JobSweeper<?>> sweepers;
    private final Duration sweepInterval;
    private final List<PeriodicTask> tasks;
    private final BooleanSupplier running;
    private ScheduledThreadPoolExecutor sweepTimer;
    private ScheduledThreadPoolExecutor taskTimer;

    /**
     * @param workerName the worker's name, for thread names and the log
     * @param sweepers run every {@code sweepInterval}, the first time one interval after start
     * @param sweepInterval the pause between two sweeps
     * @param tasks the periodic tasks
     * @param running false once the worker stops: a chore due then does nothing
     */
    public WorkerChores(
            String workerName,
            List<JobSweeper<?>> sweepers,
            Duration sweepInterval,
            List<PeriodicTask> tasks,
            BooleanSupplier running) {
        this.workerName = workerName;
        this.sweepers = List.copyOf(sweepers);
        this.sweepInterval = sweepInterval;
        this.tasks = List.copyOf(tasks);
        this.running = running;
    }

    /** Schedules every chore. */
    public synchronized void start() {
        if (!sweepers.isEmpty()) {
            sweepTimer = Scheduler.create(workerName + "-sweeper", 1);
            long period = sweepInterval.toMillis();
            for (JobSweeper<?> sweeper : sweepers) {
                sweepTimer.scheduleWithFixedDelay(() -> sweep(sweeper), period, period, TimeUnit.MILLISECONDS);
            }
        }
        if (!tasks.isEmpty()) {
            taskTimer = Scheduler.create(workerName + "-periodic", tasks.size());
            for (PeriodicTask task : tasks) {
                taskTimer.scheduleWithFixedDelay(
                        () -> run(task), 0, task.interval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops scheduling; a chore running now finishes on its own. */
    public synchronized void shutdown() {
        if (sweepTimer != null) {
            sweepTimer.shutdown();
        }
        if (taskTimer != null) {
            taskTimer.shutdown();
        }
    }

    private void sweep(JobSweeper<?> sweeper) {
        if (!running.getAsBoolean()) {
            return;
        }
        try {
            JobSweeper.SweepReport report = sweeper.sweepOnce();
            if (report.found() > 0) {
                LOG.info("Worker '{}': sweep {}", workerName, report);
            }
        } catch (Throwable e) {
            // Anything leaving a periodic task, an OutOfMemoryError included, would end it
            // silently: the worker would never sweep again.
            LOG.warn("Worker '{}': sweep failed; next one in {}", workerName, sweepInterval, e);
        }
    }

    private void run(PeriodicTask task) {
        if (!running.getAsBoolean()) {
            return;
        }
        try {
            task.task().run();
        } catch (Throwable e) {
            // As for a sweep: thrown on, even an OutOfMemoryError would end the task for good.
            LOG.warn(
                    "Worker '{}': periodic task '{}' failed; next run in {}",
                    workerName,
                    task.name(),
                    task.interval(),
                    e);
        }
    }
}
