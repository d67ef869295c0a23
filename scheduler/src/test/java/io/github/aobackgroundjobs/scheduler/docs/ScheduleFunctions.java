package io.github.aobackgroundjobs.scheduler.docs;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.github.aobackgroundjobs.scheduler.FunctionsRecurringTimer;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;

/** The Functions snippet of docs/recurring-jobs.md: one timer trigger fires every schedule of the app. */
public class ScheduleFunctions {

    private final FunctionsRecurringTimer recurring;

    /** @param scheduler the app's scheduler (an app builds it once, in a static holder) */
    public ScheduleFunctions(RecurringScheduler<Long> scheduler) {
        this.recurring = new FunctionsRecurringTimer(scheduler);
    }

    // docs:functions
    /**
     * Fires every due schedule of the app, every ten seconds.
     *
     * @param timer the timer's status
     * @param context the invocation
     */
    @FunctionName("FireSchedules")
    public void fireSchedules(
            @TimerTrigger(name = "timer", schedule = "*/10 * * * * *") String timer, ExecutionContext context) {
        recurring.run(context);
    }
    // end:functions
}
