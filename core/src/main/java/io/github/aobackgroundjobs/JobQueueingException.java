package io.github.aobackgroundjobs;

/**
 * A job's record was saved but its message could not be sent. The record is ABORTED with the
 * reason; {@link #getJobId()} tells which, so the caller can show it or call
 * {@code QueueJobClient.requeue(id)} later.
 */
public class JobQueueingException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final transient Object jobId;
    private final String queueName;

    /**
     * @param jobId the id of the saved record
     * @param queueName the queue the message was for
     * @param cause why the send failed
     */
    public JobQueueingException(Object jobId, String queueName, Throwable cause) {
        super(
                "Job " + jobId + " was saved but its message could not be sent to queue '" + queueName
                        + "'; the job is ABORTED and can be requeued: " + cause,
                cause);
        this.jobId = jobId;
        this.queueName = queueName;
    }

    /** @return the id of the saved record */
    public Object getJobId() {
        return jobId;
    }

    /** @return the queue the message was for */
    public String getQueueName() {
        return queueName;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
