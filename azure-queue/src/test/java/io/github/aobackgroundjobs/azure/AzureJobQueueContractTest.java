package io.github.aobackgroundjobs.azure;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.testkit.JobQueueContractTest;
import java.time.Duration;
import java.util.List;

/** The shared {@link JobQueue} contract, against a real Azurite (the build's npm one). */
class AzureJobQueueContractTest extends JobQueueContractTest {

    /**
     * @return the Azurite the contract runs on
     */
    protected Azurite azurite() {
        return Azurite.shared();
    }

    @Override
    protected JobQueue createQueue() {
        return AzureStorageJobQueue.fromConnectionString(azurite().connectionString());
    }

    /** Azure's clock is the wall clock: time passes by waiting. */
    @Override
    protected void waitFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void cleanUp(JobQueue queue, List<String> queueNames) {
        for (String name : queueNames) {
            ((AzureStorageJobQueue) queue)
                    .manager()
                    .serviceClient()
                    .getQueueClient(name)
                    .deleteIfExists();
        }
    }
}
