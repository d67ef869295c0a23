package io.github.aobackgroundjobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Some messages of a {@link QueueJobClient#queueJobs} call could not be sent. Every record was
 * saved; the jobs whose message was sent are queued ({@link #getQueuedIds()}), the others are
 * ABORTED with the reason ({@link #getFailures()}) and can be requeued with
 * {@code QueueJobClient.requeue(id)}. Nothing is dropped: every id of the call is in
 * {@link #getJobIds()}, in the order of the requests.
 */
public class BatchQueueingException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final transient List<Object> jobIds;
    private final transient List<Object> queuedIds;
    private final transient Map<Object, RuntimeException> failures;

    /**
     * @param queueName the queue the messages were for
     * @param jobIds every saved job, in the order of the requests
     * @param queuedIds the jobs whose message was sent
     * @param failures per job whose message was not sent (now ABORTED), why; in request order
     */
    public BatchQueueingException(
            String queueName, List<?> jobIds, List<?> queuedIds, Map<?, ? extends RuntimeException> failures) {
        super(
                failures.size() + " of " + jobIds.size() + " jobs were saved but their message could not be sent to"
                        + " queue '" + queueName + "'; they are ABORTED and can be requeued: " + failures.keySet()
                        + (failures.isEmpty()
                                ? ""
                                : "; first cause: "
                                        + failures.values().iterator().next()),
                failures.isEmpty() ? null : failures.values().iterator().next());
        this.jobIds = List.copyOf(jobIds);
        this.queuedIds = List.copyOf(queuedIds);
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /** @return every job of the call, in the order of the requests */
    public List<Object> getJobIds() {
        return jobIds;
    }

    /** @return the jobs whose message was sent, in the order of the requests */
    public List<Object> getQueuedIds() {
        return queuedIds;
    }

    /** @return per ABORTED job, why its message could not be sent; in the order of the requests */
    public Map<Object, RuntimeException> getFailures() {
        return failures;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
