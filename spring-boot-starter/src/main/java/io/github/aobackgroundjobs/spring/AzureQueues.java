package io.github.aobackgroundjobs.spring;

import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.spi.JobQueue;

/** The Azure queue; loaded only when the application asked for it and has the artifacts. */
final class AzureQueues {

    private AzureQueues() {}

    static JobQueue fromConnectionString(String connectionString) {
        return QueueManager.fromConnectionString(connectionString).jobQueue();
    }

    static JobQueue fromEndpoint(String endpoint) {
        return QueueManager.fromEndpoint(endpoint, new DefaultAzureCredentialBuilder().build())
                .jobQueue();
    }
}
