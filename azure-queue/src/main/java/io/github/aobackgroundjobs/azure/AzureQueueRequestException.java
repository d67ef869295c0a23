package io.github.aobackgroundjobs.azure;

import io.github.aobackgroundjobs.BackgroundJobException;

/**
 * Azure Storage refused a queue call for a reason that will not pass by trying again (a
 * malformed request, a queue that does not exist where queues are not created, a message too
 * large). Not retryable; the cause is the SDK's {@code QueueStorageException}. A refusal of the
 * credentials or of their permissions (HTTP 401, 403) is a
 * {@link io.github.aobackgroundjobs.JobQueueAccessDeniedException} instead.
 */
public class AzureQueueRequestException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final String queueName;

    /**
     * @param queueName the queue that was called
     * @param message what was refused and why
     * @param cause the SDK's error
     */
    public AzureQueueRequestException(String queueName, String message, Throwable cause) {
        super("Queue '" + queueName + "': " + message, cause);
        this.queueName = queueName;
    }

    /** @return the queue that was called */
    public String getQueueName() {
        return queueName;
    }
}
