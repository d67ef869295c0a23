package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Clock;

/** Opens the queue the options name (the job records: {@link DemoDatabase}). */
final class DemoStores {

    private DemoStores() {}

    static JobQueue queue(String queue, Clock clock) {
        return queue.equals("memory") ? new InMemoryJobQueue(clock) : AzureStorageJobQueue.fromConnectionString(queue);
    }
}
