package io.github.aobackgroundjobs.samples.docs;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.FunctionsRecoveryTimer;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import org.jdbi.v3.core.Jdbi;

// The example of docs/azure-functions.md, compiled here so the page cannot drift from the API.
public class GreetingFunctions {
    static final JdbiJobRepository<Long> JOBS = JdbiJobRepository.builder(Jdbi.create(System.getenv("JobsDatabaseUrl")))
            .createOrMigrateSchema(true)
            .build();
    static final QueueManager QUEUES = QueueManager.fromConnectionString(System.getenv("AzureWebJobsStorage"));
    static final FunctionsJobHandler<Long> GREETINGS = FunctionsJobHandler.builder(
                    new GreetingJob(JOBS), QUEUES.jobQueue(), "greetings")
            .build();
    static final FunctionsRecoveryTimer RECOVERY = new FunctionsRecoveryTimer(
            JobSweeper.builder(JOBS, QUEUES.jobQueue()).build());

    @FunctionName("Greetings")
    public void run(
            @QueueTrigger(name = "message", queueName = "greetings", connection = "AzureWebJobsStorage") String message,
            ExecutionContext context) {
        GREETINGS.run(message, context);
    }

    @FunctionName("GreetingsPoison")
    public void poison(
            @QueueTrigger(name = "message", queueName = "greetings-poison", connection = "AzureWebJobsStorage")
                    String message,
            ExecutionContext context) {
        GREETINGS.runPoison(message, context);
    }

    @FunctionName("RecoverJobs")
    public void recover(
            @TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timer, ExecutionContext context) {
        RECOVERY.run(context);
    }
}
