package io.github.aobackgroundjobs.scheduler;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import java.util.Objects;
import java.util.logging.Level;

/**
 * Recurring jobs under Azure Functions, where no process keeps running: the body of one
 * {@code @TimerTrigger} function that fires every due schedule of the app (and runs the
 * retention schedule when it is due), instead of one hand-written timer per schedule.
 *
 * <pre>{@code
 * @FunctionName("FireSchedules")
 * public void fireSchedules(@TimerTrigger(name = "timer", schedule = "*}{@code /10 * * * * *") String timer,
 *                           ExecutionContext context) {
 *     App.recurring().run(context);
 * }
 * }</pre>
 *
 * <p>The timer's period bounds how late a fire is queued: keep it well under the definitions'
 * lateness (default one minute). Several instances of the app running it at once queue each
 * fire time once. Immutable and thread-safe.
 */
public final class FunctionsRecurringTimer {

    private final RecurringScheduler<?> scheduler;

    /**
     * @param scheduler the app's scheduler
     */
    public FunctionsRecurringTimer(RecurringScheduler<?> scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "'scheduler' cannot be null.");
    }

    /**
     * Fires every due schedule and runs due maintenance tasks.
     *
     * @param context the invocation
     * @return what was done
     * @throws JobStoreUnavailableException if the store cannot be reached (the next tick tries again)
     */
    public FireReport run(ExecutionContext context) {
        Objects.requireNonNull(context, "'context' cannot be null.");
        FireReport report = scheduler.fireDue();
        if (!report.isEmpty() && context.getLogger() != null) {
            context.getLogger()
                    .log(
                            Level.INFO,
                            "Recurring jobs: {0} queued, {1} missed ranges skipped, {2} tasks run, {3} sends failed,"
                                    + " {4} definitions failed",
                            new Object[] {
                                report.queued(),
                                report.skippedRanges(),
                                report.tasksRun(),
                                report.sendFailures(),
                                report.failedDefinitions()
                            });
        }
        return report;
    }
}
