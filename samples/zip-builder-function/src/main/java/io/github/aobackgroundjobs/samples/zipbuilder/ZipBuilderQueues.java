package io.github.aobackgroundjobs.samples.zipbuilder;

import com.azure.storage.queue.QueueClient;
import io.github.aobackgroundjobs.azure.QueueManager;

/** The app's queues with a named accessor each, as the original's QueueClientHelperBase subclass. */
public final class ZipBuilderQueues extends QueueManager {

    /**
     * @param manager the manager of the app's storage account
     */
    public ZipBuilderQueues(QueueManager manager) {
        super(manager);
    }

    /** @return the zip builder's queue, created with its poison queue on first use */
    public QueueClient zipBuilder() {
        return queue(ZipBuilderApp.QUEUE);
    }
}
