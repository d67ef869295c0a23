package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import org.springframework.util.ClassUtils;

/** Builds the queue of {@code backgroundjobs.queue.*}. */
final class JobQueues {

    private static final String AZURE_QUEUE = "io.github.aobackgroundjobs.azure.AzureStorageJobQueue";
    private static final String AZURE_IDENTITY = "com.azure.identity.DefaultAzureCredentialBuilder";

    private JobQueues() {}

    static JobQueue create(BackgroundJobsProperties.Queue properties, ClassLoader classLoader) {
        if (properties.getType() == BackgroundJobsProperties.QueueType.MEMORY) {
            return new InMemoryJobQueue();
        }
        if (!ClassUtils.isPresent(AZURE_QUEUE, classLoader)) {
            throw new IllegalStateException("backgroundjobs.queue.type=azure needs the artifact"
                    + " io.github.aobackgroundjobs:backgroundjobs-azure-queue on the class path.");
        }
        BackgroundJobsProperties.Azure azure = properties.getAzure();
        if (azure.getConnectionString() != null && azure.getEndpoint() != null) {
            throw new IllegalStateException("Set one of backgroundjobs.queue.azure.connection-string and"
                    + " backgroundjobs.queue.azure.endpoint, not both.");
        }
        if (azure.getConnectionString() != null) {
            return AzureQueues.fromConnectionString(azure.getConnectionString());
        }
        if (azure.getEndpoint() != null) {
            if (!ClassUtils.isPresent(AZURE_IDENTITY, classLoader)) {
                throw new IllegalStateException("backgroundjobs.queue.azure.endpoint signs in with"
                        + " DefaultAzureCredential, which needs the artifact com.azure:azure-identity on the"
                        + " class path; or set backgroundjobs.queue.azure.connection-string instead.");
            }
            return AzureQueues.fromEndpoint(azure.getEndpoint());
        }
        throw new IllegalStateException("backgroundjobs.queue.type=azure needs"
                + " backgroundjobs.queue.azure.connection-string or backgroundjobs.queue.azure.endpoint.");
    }
}
