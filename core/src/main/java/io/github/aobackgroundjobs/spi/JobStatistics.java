package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link JobQueryRepository#statistics} reports over a window.
 *
 * @param <K> the key type
 * @param query the window
 * @param countsByStatus jobs created in the window, by their current state (every state present, 0 if none)
 * @param throughput finished jobs per bucket (by completed time), oldest bucket first, empty buckets included
 * @param byRequestType per request type over jobs completed in the window (a type with none is
 *     absent), ordered by request type in {@link String#compareTo} order
 * @param recentFailures the FAILED or ABORTED jobs completed in the window, latest completed first
 *     (then id descending), at most 10
 */
public record JobStatistics<K>(
        StatisticsQuery query,
        Map<JobStatus, Long> countsByStatus,
        List<ThroughputBucket> throughput,
        List<TypeStatistics> byRequestType,
        List<BackgroundJobInfo<K>> recentFailures) {

    /**
     * Copies the collections.
     * @param query see {@link #query()}
     * @param countsByStatus see {@link #countsByStatus()}
     * @param throughput see {@link #throughput()}
     * @param byRequestType see {@link #byRequestType()}
     * @param recentFailures see {@link #recentFailures()}
     */
    public JobStatistics {
        Objects.requireNonNull(query, "'query' cannot be null.");
        countsByStatus = Map.copyOf(countsByStatus);
        throughput = List.copyOf(throughput);
        byRequestType = List.copyOf(byRequestType);
        recentFailures = List.copyOf(recentFailures);
    }

    /**
     * Jobs finished in one bucket.
     *
     * @param start the bucket's start
     * @param succeeded SUCCEEDED jobs completed in it
     * @param failed FAILED jobs completed in it
     * @param aborted ABORTED jobs completed in it
     * @param cancelled CANCELLED jobs completed in it
     */
    public record ThroughputBucket(Instant start, long succeeded, long failed, long aborted, long cancelled) {}

    /**
     * Figures for one request type.
     *
     * @param requestType the type
     * @param completed jobs of the type completed in the window (any final state)
     * @param succeeded of those, SUCCEEDED
     * @param failed of those, FAILED or ABORTED
     * @param averageDurationMillis mean run time of the completed ones
     * @param p95DurationMillis 95th percentile run time of the completed ones, nearest-rank (the
     *     smallest duration with at least 95% of the durations at or below it, SQL's
     *     {@code percentile_disc(0.95)})
     */
    public record TypeStatistics(
            String requestType,
            long completed,
            long succeeded,
            long failed,
            double averageDurationMillis,
            long p95DurationMillis) {}
}
