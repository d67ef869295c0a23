package io.github.aobackgroundjobs.samples.zipbuilder;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** The functions of the app: each body is one line into the library. */
public class ZipBuilderFunctions {

    private final ZipBuilderApp app;

    /** What the Functions host calls: the app from the app settings. */
    public ZipBuilderFunctions() {
        this(ZipBuilderApp.fromEnvironment());
    }

    ZipBuilderFunctions(ZipBuilderApp app) {
        this.app = app;
    }

    /**
     * Runs a zip job.
     *
     * @param message the job id, as the host decoded it
     * @param context the invocation
     */
    @FunctionName("ZipBuilder")
    public void build(
            @QueueTrigger(name = "message", queueName = ZipBuilderApp.QUEUE, connection = ZipBuilderApp.STORAGE)
                    String message,
            ExecutionContext context) {
        app.handler().run(message, context);
    }

    /**
     * Records a job whose message the host gave up on as ABORTED.
     *
     * @param message the job id, as the host decoded it
     * @param context the invocation
     */
    @FunctionName("ZipBuilderPoison")
    public void poison(
            @QueueTrigger(name = "message", queueName = ZipBuilderApp.POISON_QUEUE, connection = ZipBuilderApp.STORAGE)
                    String message,
            ExecutionContext context) {
        app.handler().runPoison(message, context);
    }

    /**
     * Every 5 minutes: re-sends jobs whose message was lost.
     *
     * @param timer the timer's schedule status
     * @param context the invocation
     */
    @FunctionName("RecoverJobs")
    public void recover(
            @TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timer, ExecutionContext context) {
        app.recovery().run(context);
    }
}
