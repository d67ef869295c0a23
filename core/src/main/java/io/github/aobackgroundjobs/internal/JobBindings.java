package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.spi.JobValidation;

/** Checks a job before a host binds it to a queue. */
public final class JobBindings {

    private JobBindings() {}

    /**
     * Refuses, when the host is built, a job whose request type name no record can hold: at run
     * time every delivery would fail and end on the poison queue.
     *
     * @param job the job
     * @return its request type name
     * @throws IllegalStateException naming the job's class and {@code 'requestType'}
     */
    public static String requireRequestTypeName(BackgroundJobBase<?, ?, ?> job) {
        String type = job.requestTypeName();
        try {
            return JobValidation.requireRequestType(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The request type name of " + job.getClass().getName() + " is invalid: " + e.getMessage(), e);
        }
    }
}
