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
 * efficiently. Implementations must be thread-safe; filter values are plain data, never SQL.
 *
 * @param <K> the key type
 */
public interface JobQueryRepository<K> {

    /**
     * One page of jobs matching the filters, newest first (created descending, then id).
     *
     * @param query filters and paging
     * @return the page, with a total count capped at {@link JobQuery#countCap()}
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    JobPage<K> findJobs(JobQuery query);

    /**
     * Jobs written after {@code since}, oldest write first: what a reconnecting client missed.
     *
     * @param since exclusive lower bound on updated-at
     * @param userName only this user's jobs, or null for everyone's
     * @param limit at most this many
     * @return copies of the records
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    List<BackgroundJobInfo<K>> findUpdatedSince(Instant since, String userName, int limit);

    /**
     * Counts, throughput and durations over a window.
     *
     * @param query the window and bucket size
     * @return the statistics
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    JobStatistics<K> statistics(StatisticsQuery query);

    /**
     * Deletes finished jobs completed before a time.
     *
     * @param completedBefore exclusive upper bound on completed
     * @param statuses only jobs in these states; each must be terminal
     * @return how many records were deleted
     * @throws IllegalArgumentException if a status is PENDING or RUNNING
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    int purge(Instant completedBefore, Set<JobStatus> statuses);
}
