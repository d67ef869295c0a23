package io.github.aobackgroundjobs;

/** No job record has the given id. Thrown by the {@code get…} lookups; {@code find…} return empty. */
public class JobNotFoundException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final transient Object jobId;

    /** @param jobId the id that was looked up */
    public JobNotFoundException(Object jobId) {
        super("No background job has id '" + jobId + "'.", null);
        this.jobId = jobId;
    }

    /** @return the id that was looked up */
    public Object getJobId() {
        return jobId;
    }
}
