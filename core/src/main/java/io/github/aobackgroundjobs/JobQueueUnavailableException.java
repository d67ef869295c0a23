package io.github.aobackgroundjobs;

/**
 * The message queue could not be reached or refused the call for a reason that may pass
 * (throttling, timeout, service down). Queues throw it; hosts back off and try again.
 */
public class JobQueueUnavailableException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final String queueName;

    /**
     * @param queueName the queue that was called
     * @param message what could not be done
     * @param cause the client's error
     */
    public JobQueueUnavailableException(String queueName, String message, Throwable cause) {
        super("Queue '" + queueName + "': " + message, cause);
        this.queueName = queueName;
    }

    /** @return the queue that was called */
    public String getQueueName() {
        return queueName;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
