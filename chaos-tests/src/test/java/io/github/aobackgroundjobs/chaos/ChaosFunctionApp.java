package io.github.aobackgroundjobs.chaos;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos job as an Azure Functions app: one queue-triggered function, as a user writes it.
 * No poison-queue function, so the suite can read what reached the poison queue.
 */
public final class ChaosFunctionApp {

    private final FunctionsJobHandler<Long> handler;
    private final AtomicInteger inFlight = new AtomicInteger();

    ChaosFunctionApp(FunctionsJobHandler<Long> handler) {
        this.handler = handler;
    }

    /**
     * Runs the job of one message.
     *
     * @param message the message, as the host decoded it
     * @param context the invocation
     */
    @FunctionName("ChaosJob")
    public void run(
            @QueueTrigger(name = "message", queueName = "%ChaosQueue%", connection = "AzureWebJobsStorage")
                    String message,
            ExecutionContext context) {
        inFlight.incrementAndGet();
        try {
            handler.run(message, context);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    int inFlight() {
        return inFlight.get();
    }
}
