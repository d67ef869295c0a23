package io.github.aobackgroundjobs;

import java.time.Duration;

/**
 * One job of a {@link QueueJobClient#queueJobs(String, java.util.List)} call: whose it is and
 * what it asks. Validated by the client when queued (an invalid one is named by its index);
 * immutable.
 *
 * @param userName the user the job belongs to
 * @param requestType the request type name the job runs, or null for
 *     {@link RequestTypes#nameOf} of the request's class
 * @param request the request, serializable to JSON
 * @param delay how long after the send it may run, 0 to 7 days; null for none
 */
public record JobRequest(String userName, String requestType, Object request, Duration delay) {

    /**
     * A job to run as soon as a worker is free, under the request class's type name.
     *
     * @param userName the user the job belongs to
     * @param request the request, serializable to JSON
     * @return the job request
     */
    public static JobRequest of(String userName, Object request) {
        return new JobRequest(userName, null, request, null);
    }

    /** @return the request type name: the one given, else {@link RequestTypes#nameOf} of the request's class */
    String effectiveRequestType() {
        if (requestType != null || request == null) {
            return requestType;
        }
        return RequestTypes.nameOf(request.getClass());
    }

    /** @return the delay, zero when none was given */
    Duration effectiveDelay() {
        return delay == null ? Duration.ZERO : delay;
    }
}
