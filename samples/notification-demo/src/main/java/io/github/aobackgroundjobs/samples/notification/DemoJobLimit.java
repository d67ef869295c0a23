package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.JobActionRefusedException;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The per-user cap on unfinished (PENDING or RUNNING) jobs that the demo's "Queue a job" route
 * keeps: the page lets anyone signed in queue jobs, and without a cap one user's backlog holds
 * up everyone else's jobs and grows the job records without end.
 *
 * <p>The count comes from the job records, not from the user's notification list: an admin can
 * clear an unfinished job from the list, and that must not make room for another. Counting and
 * queueing run under a lock of the user's own, so concurrent requests cannot together pass the
 * cap; the demo queues from one process only, so a lock in it is enough. A Retry of a finished
 * job makes it unfinished again, so the demo's Retry ({@link DemoJobActions}) takes the same
 * check: otherwise Cancel then Retry would queue without end. Thread-safe.
 */
final class DemoJobLimit {

    /** Unfinished jobs a user may have; the route refuses to queue another beyond it. */
    static final int MAX_UNFINISHED_PER_USER = 20;

    private final JobQueryRepository<Long> repository;
    private final int max;
    // One lock per user name; the dashboard authenticates the names, so there are only a few.
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    DemoJobLimit(JobQueryRepository<Long> repository, int max) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        if (max < 1) {
            throw new IllegalArgumentException("'max' must be at least 1, not " + max + ".");
        }
        this.max = max;
    }

    /**
     * Queues (or requeues) a job for the user if they have fewer than the cap unfinished.
     *
     * @param user the job's user
     * @param queue queues the job and returns its id, or what the requeue answered
     * @param byOwner whether the user asks for it themselves (the refusal then says "You have");
     *     false for a Retry, which the admin may be clicking for the user (it then names the user)
     * @param <T> what the call answers
     * @return its answer
     * @throws JobActionRefusedException 429, naming the count that refused it and the cap, if the
     *     user is at the cap (then nothing was queued)
     */
    <T> T queueWithin(String user, Supplier<T> queue, boolean byOwner) {
        synchronized (locks.computeIfAbsent(user, u -> new Object())) {
            long unfinished = unfinished(user);
            if (unfinished >= max) {
                // The message names the count that refused, read under the lock: counted again
                // afterwards, a job finishing meanwhile would make it read "19 ... at most 20".
                throw new JobActionRefusedException(429, refusal(user, unfinished, byOwner));
            }
            return queue.get();
        }
    }

    private String refusal(String user, long unfinished, boolean byOwner) {
        return (byOwner ? "You have " : "User '" + user + "' has ") + unfinished
                + " unfinished jobs; the demo takes at most " + max
                + " queued or running jobs per user. Wait until one of them finishes, then queue again.";
    }

    private long unfinished(String user) {
        // One count over both states, so that a job going from PENDING to RUNNING meanwhile counts once.
        return repository
                .findJobs(JobQuery.builder()
                        .userName(user)
                        .statuses(JobStatus.PENDING, JobStatus.RUNNING)
                        .pageSize(1)
                        .build())
                .total();
    }
}
