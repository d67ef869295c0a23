package io.github.aobackgroundjobs;

/**
 * Thrown by {@link JobContext#throwIfCancellationRequested()} when a user or admin asked the
 * running job to stop. A job may throw it (or let it escape) to end as CANCELLED.
 */
public class JobCancelledException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final transient Object jobId;

    /** @param jobId the job that was cancelled */
    public JobCancelledException(Object jobId) {
        super("Job " + jobId + " was cancelled.", null);
        this.jobId = jobId;
    }

    /** @return the job that was cancelled */
    public Object getJobId() {
        return jobId;
    }
}
