package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.delivery.Outcome;
import java.time.Duration;

/**
 * Told by a {@link QueueWorker} of each job it claims and each delivery it settles: the hook for
 * metrics (the {@code backgroundjobs-micrometer} module implements it). Register it with
 * {@link QueueWorker.Builder#listener}.
 *
 * <p>Every argument comes from a closed set fit for a metric tag: the worker's queue names, the
 * bound jobs' request type names, and {@link Outcome.Type}; never a user name or a job id.
 *
 * <p>The methods run on the worker's job threads, many at once, right in the delivery's path:
 * implementations must be thread-safe and quick. A method that throws (an {@link Error} or a
 * checked exception thrown unchecked included) is logged and the job goes on as if it had
 * returned; only a {@link VirtualMachineError} other than {@code StackOverflowError}, such as
 * {@code OutOfMemoryError}, is not contained. Every method does nothing by default.
 */
public interface WorkerListener {

    /**
     * A delivery claimed its job, which is about to run. Not called for deliveries that found the
     * job finished, busy elsewhere, cancelled or unknown.
     *
     * @param queueName the queue the message came from
     * @param requestType the job's request type name
     * @param pickupLatency how long the job waited from being due (queued, or its retry due)
     *     until this claim, as the repository recorded it ({@link BackgroundJobInfo#getQueueLatencyMillis()});
     *     zero if the repository records none
     */
    default void onClaimed(String queueName, String requestType, Duration pickupLatency) {}

    /**
     * A delivery was decided and its message settled as the outcome says (deleted, sent again,
     * hidden or moved to the poison queue). Not called when the store or the queue could not be
     * reached (see {@link WorkerStats}), even if the job ran and its outcome was saved before the
     * message could be settled: the message comes back, and its next delivery is ALREADY_DONE.
     *
     * @param queueName the queue the message came from
     * @param requestType the request type name of the job bound to the queue
     * @param outcome what was decided
     * @param executionTime the time the delivery took on this worker: the claim (except for
     *     messages received together, whose jobs are claimed ahead in one call), the job's own
     *     code when it ran, saving the outcome and settling the message
     */
    default void onFinished(String queueName, String requestType, Outcome.Type outcome, Duration executionTime) {}
}
