package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;

/**
 * The user's side of a job kind, as the runner calls it: the work and the status hook of a
 * {@link io.github.aobackgroundjobs.BackgroundJobBase}, whose methods are protected.
 *
 * @param <K> the key type
 * @param <Req> the request type
 * @param <Res> the result type
 */
public interface JobBody<K, Req, Res> {

    /**
     * @param request the request
     * @param context the attempt's context
     * @return the result
     * @throws Exception anything the job throws
     */
    Res execute(Req request, JobContext<K> context) throws Exception;

    /**
     * @param id the job
     * @param status its new state
     * @throws Exception anything the hook throws (logged)
     */
    void statusUpdated(K id, JobStatus status) throws Exception;
}
