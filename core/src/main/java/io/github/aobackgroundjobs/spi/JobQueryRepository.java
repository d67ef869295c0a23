package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The queries behind the admin dashboard and the live stream's catch-up. Optional: a
 * repository implements it next to {@link JobRepositoryBase} when it can answer them
 * efficiently; the testkit's {@code JobQueryRepositoryContractTest} proves it.
 *
 * <p>Only {@link #purge} writes. Filter values are plain data, matched exactly and
 * case-sensitively, never SQL or patterns: quotes, {@code %}, {@code _} and backslashes match
 * themselves. Records handed out are copies. Ids order as a database orders them: numbers
 * numerically, UUIDs by their canonical text. Implementations must be thread-safe; a store that
 * cannot be reached throws {@link JobStoreUnavailableException}.
 *
 * @param <K> the key type
 */
public interface JobQueryRepository<K> {

    /**
     * One page of jobs matching every filter given ({@link JobQuery#matches}): user name,
     * request type and status exactly (no statuses means all), created at or after
     * {@link JobQuery#createdFromInstant()} and before {@link JobQuery#createdBeforeInstant()},
     * whole days in the query's zone. Ordered by created descending, then id descending;
     * page {@code n} skips {@code n * pageSize} jobs. A page beyond the last is empty, not an
     * error.
     *
     * @param query filters and paging
     * @return the page, echoing the page number and size asked for, with {@code total} = the
     *     number of matching jobs but at most {@link JobQuery#countCap()}, and
     *     {@code totalCapped} true only if more than the cap match; the cap never limits the
     *     items
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    JobPage<K> findJobs(JobQuery query);

    /**
     * Jobs written after {@code since}: what a reconnecting client missed. An insert counts as
     * a write (its updated-at is its created). Ordered by updated-at ascending, then id
     * ascending, and cut to {@code limit}: the oldest writes come first.
     *
     * @param since exclusive lower bound on updated-at
     * @param userName only this user's jobs (exact match), or null for everyone's
     * @param limit at most this many, at least 1
     * @return copies of the records
     * @throws IllegalArgumentException if {@code limit} is below 1
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    List<BackgroundJobInfo<K>> findUpdatedSince(Instant since, String userName, int limit);

    /**
     * Counts, throughput and durations over the window {@code [from, to)}:
     * <ul>
     *   <li>counts by status: jobs created in the window, by their current status; every
     *       status present, 0 where none;</li>
     *   <li>throughput: finished jobs completed in the window, per final state and bucket;
     *       buckets start at {@code from} truncated to the bucket unit (UTC), one per unit
     *       until {@code to}, oldest first, empty ones included;</li>
     *   <li>per request type with a job completed in the window: completed (any final state),
     *       succeeded, failed (FAILED or ABORTED; CANCELLED counts as completed only), mean
     *       duration, and the nearest-rank 95th percentile duration (SQL's
     *       {@code percentile_disc(0.95)});</li>
     *   <li>recent failures: FAILED and ABORTED jobs completed in the window, latest completed
     *       first (then id descending), at most 10.</li>
     * </ul>
     *
     * @param query the window and bucket size
     * @return the statistics
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    JobStatistics<K> statistics(StatisticsQuery query);

    /**
     * Deletes finished jobs in the given states completed before a time. PENDING and RUNNING
     * jobs are never deleted.
     *
     * @param completedBefore exclusive upper bound on completed
     * @param statuses only jobs in these states; not empty, each terminal
     * @return how many records were deleted (0 when none match)
     * @throws IllegalArgumentException if {@code statuses} is empty or holds PENDING or RUNNING
     *     (the message names {@code 'statuses'}); nothing is deleted
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    int purge(Instant completedBefore, Set<JobStatus> statuses);

    /**
     * Deletes at most {@code limit} finished jobs in the given states completed before a time,
     * the earliest completed first: one bounded batch, as the scheduler's retention deletes.
     * PENDING and RUNNING jobs are never deleted.
     *
     * <p>The default cannot bound the delete: after checking {@code limit} it calls
     * {@link #purge(Instant, Set)}, which deletes every match in one call, so it may delete, and
     * return, more than {@code limit}. A result above {@code limit} therefore means that no match
     * was left. A repository that can delete a bounded number of rows overrides it; the stock ones
     * ({@code InMemoryJobRepository}, {@code JdbiJobRepository}) do.
     *
     * @param completedBefore exclusive upper bound on completed
     * @param statuses only jobs in these states; not empty, each terminal
     * @param limit at most this many (but see above for the default), at least 1
     * @return how many records were deleted (0 when none match)
     * @throws IllegalArgumentException if {@code limit} is below 1 (the message names
     *     {@code 'limit'}), or {@code statuses} is empty or holds PENDING or RUNNING (the message
     *     names {@code 'statuses'}); nothing is deleted
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    default int purge(Instant completedBefore, Set<JobStatus> statuses, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1, not " + limit + ".");
        }
        return purge(completedBefore, statuses);
    }
}
