package io.github.aobackgroundjobs.internal;

import org.slf4j.MDC;

/**
 * Puts the job id, type and queue in the SLF4J MDC and restores what was there before on
 * close, so nested or pooled use leaves no trace.
 */
public final class MdcScope implements AutoCloseable {

    /** MDC key of the job id. */
    public static final String JOB_ID = "jobId";
    /** MDC key of the request type. */
    public static final String JOB_TYPE = "jobType";
    /** MDC key of the queue name. */
    public static final String JOB_QUEUE = "jobQueue";

    private final String previousId;
    private final String previousType;
    private final String previousQueue;

    private MdcScope(String id, String type, String queue) {
        previousId = MDC.get(JOB_ID);
        previousType = MDC.get(JOB_TYPE);
        previousQueue = MDC.get(JOB_QUEUE);
        put(JOB_ID, id);
        put(JOB_TYPE, type);
        put(JOB_QUEUE, queue);
    }

    /**
     * @param id the job id, or null to leave it unset
     * @param type the request type, or null
     * @param queue the queue, or null
     * @return the scope; close it in a finally block
     */
    public static MdcScope open(String id, String type, String queue) {
        return new MdcScope(id, type, queue);
    }

    /**
     * Sets the queue once it is known.
     *
     * @param queue the queue name
     */
    public void queue(String queue) {
        put(JOB_QUEUE, queue);
    }

    @Override
    public void close() {
        put(JOB_ID, previousId);
        put(JOB_TYPE, previousType);
        put(JOB_QUEUE, previousQueue);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
