package io.github.aobackgroundjobs;

/**
 * A job's record was saved but its message could not be sent. {@link #getJobId()} tells which.
 * After {@code QueueJobClient.queueJob} the record is ABORTED with the reason
 * ({@link #isAborted()} is true), so the caller can show it or call
 * {@code QueueJobClient.requeue(id)} later. After {@link UnsentJob#send()} (the transactional
 * form) the committed record stays PENDING ({@link #isAborted()} is false): sending again, or the
 * {@link JobSweeper}, delivers it.
 */
public class JobQueueingException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final transient Object jobId;
    private final String queueName;
    private final boolean aborted;

    /**
     * For a record that was ABORTED because its message could not be sent.
     *
     * @param jobId the id of the saved record
     * @param queueName the queue the message was for
     * @param cause why the send failed
     */
    public JobQueueingException(Object jobId, String queueName, Throwable cause) {
        this(jobId, queueName, cause, true);
    }

    /**
     * @param jobId the id of the saved record
     * @param queueName the queue the message was for
     * @param cause why the send failed
     * @param aborted true if the record was ABORTED, false if it stays PENDING for a later send
     */
    public JobQueueingException(Object jobId, String queueName, Throwable cause, boolean aborted) {
        super(
                "Job " + jobId + " was saved but its message could not be sent to queue '" + queueName + "'; "
                        + (aborted
                                ? "the job is ABORTED and can be requeued: "
                                : "the job stays PENDING and is sent again by send() or by the sweeper: ")
                        + cause,
                cause);
        this.jobId = jobId;
        this.queueName = queueName;
        this.aborted = aborted;
    }

    /** @return true if the record was ABORTED, false if it stays PENDING to be sent later */
    public boolean isAborted() {
        return aborted;
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
