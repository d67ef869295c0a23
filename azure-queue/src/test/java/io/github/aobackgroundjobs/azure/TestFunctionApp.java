package io.github.aobackgroundjobs.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** A Functions app as a user writes one: each function body is one line. */
public final class TestFunctionApp {

    private final FunctionsJobHandler<Long> jobs;
    private final FunctionsRecoveryTimer recovery;

    TestFunctionApp(FunctionsJobHandler<Long> jobs, FunctionsRecoveryTimer recovery) {
        this.jobs = jobs;
        this.recovery = recovery;
    }

    /** Runs the job of each message. */
    @FunctionName("CountingJob")
    public void run(
            @QueueTrigger(name = "message", queueName = "%JobQueue%", connection = "AzureWebJobsStorage")
                    String message,
            ExecutionContext context) {
        jobs.run(message, context);
    }

    /** Records a job whose message the host gave up on. */
    @FunctionName("CountingJobPoison")
    public void poison(
            @QueueTrigger(name = "message", queueName = "%JobQueue%-poison", connection = "AzureWebJobsStorage")
                    String message,
            ExecutionContext context) {
        jobs.runPoison(message, context);
    }

    /** Re-sends lost messages. */
    @FunctionName("RecoverJobs")
    public void recover(
            @TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timer, ExecutionContext context) {
        recovery.run(context);
    }
}
