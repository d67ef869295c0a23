package io.github.aobackgroundjobs;

/**
 * The queue service refused this process's credentials for a queue (Azure Storage: HTTP 401 or
 * 403): a wrong or rotated account key, an expired SAS token, an identity without a role on the
 * queue. It does not pass by itself: someone has to fix the credentials.
 *
 * <p>A {@code JobQueueUnavailableException}, so that code written for outages still backs off
 * and tries again (a rotated key may be put back, a role may be granted meanwhile); but
 * {@code QueueWorker.start()} fails with it (through {@code JobQueue.checkAccess}) instead of
 * starting a worker that would back off for ever, and a running worker logs it at ERROR once per
 * back-off. The message names the account (or the service) and the queue.
 */
public class JobQueueAccessDeniedException extends JobQueueUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param queueName the queue that was called
     * @param message what was refused, naming the account or service and how to fix it
     * @param cause the client's error
     */
    public JobQueueAccessDeniedException(String queueName, String message, Throwable cause) {
        super(queueName, message, cause);
    }
}
