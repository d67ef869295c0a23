package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes {@link JobStatistics} from records fed one at a time, for repositories that hold
 * their records in memory. Not thread-safe: one instance per computation.
 *
 * <p>The 95th percentile is the nearest-rank value (SQL's {@code percentile_disc(0.95)}): the
 * smallest duration with at least 95% of the durations at or below it.
 *
 * @param <K> the key type
 */
public final class JobStatisticsCalculator<K> {

    /** Most recent failures reported. */
    public static final int RECENT_FAILURES = 10;

    private final StatisticsQuery query;
    private final Instant firstBucket;
    private final long[][] buckets;
    private final Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    private final Map<String, List<BackgroundJobInfo<K>>> completedByType = new TreeMap<>();
    private final List<BackgroundJobInfo<K>> failures = new ArrayList<>();

    /**
     * @param query the window
     */
    public JobStatisticsCalculator(StatisticsQuery query) {
        this.query = Objects.requireNonNull(query, "'query' cannot be null.");
        this.firstBucket = query.from().truncatedTo(query.bucket());
        long size = query.bucket().getDuration().toMillis();
        long count = (query.to().toEpochMilli() - firstBucket.toEpochMilli() + size - 1) / size;
        if (count > 100_000) {
            throw new IllegalArgumentException("The window from " + query.from() + " to " + query.to() + " has " + count
                    + " buckets; at most 100000 are allowed.");
        }
        this.buckets = new long[(int) count][4];
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
    }

    /**
     * Takes one record into account.
     *
     * @param job a record (not kept beyond {@link #result()}, and not changed)
     */
    public void add(BackgroundJobInfo<K> job) {
        if (inWindow(job.getCreated())) {
            counts.merge(job.getStatus(), 1L, Long::sum);
        }
        if (!job.getStatus().isTerminal() || !inWindow(job.getCompleted())) {
            return;
        }
        long size = query.bucket().getDuration().toMillis();
        int bucket = (int) ((job.getCompleted().toEpochMilli() - firstBucket.toEpochMilli()) / size);
        buckets[bucket][job.getStatus().ordinal() - JobStatus.SUCCEEDED.ordinal()]++;
        completedByType
                .computeIfAbsent(job.getRequestType(), t -> new ArrayList<>())
                .add(job);
        if (job.getStatus() == JobStatus.FAILED || job.getStatus() == JobStatus.ABORTED) {
            failures.add(job);
        }
    }

    /** @return the statistics of every record added */
    public JobStatistics<K> result() {
        List<JobStatistics.ThroughputBucket> throughput = new ArrayList<>(buckets.length);
        for (int i = 0; i < buckets.length; i++) {
            long[] b = buckets[i];
            throughput.add(
                    new JobStatistics.ThroughputBucket(firstBucket.plus(i, query.bucket()), b[0], b[1], b[2], b[3]));
        }
        List<JobStatistics.TypeStatistics> types = new ArrayList<>();
        completedByType.forEach((type, jobs) -> types.add(typeStatistics(type, jobs)));
        failures.sort(Comparator.<BackgroundJobInfo<K>, Instant>comparing(BackgroundJobInfo::getCompleted)
                .reversed()
                .thenComparing((a, b) -> JobOrder.compareIds(b.getId(), a.getId())));
        List<BackgroundJobInfo<K>> recent = new ArrayList<>();
        for (int i = 0; i < failures.size() && i < RECENT_FAILURES; i++) {
            recent.add(failures.get(i).copy());
        }
        return new JobStatistics<>(query, counts, throughput, types, recent);
    }

    /**
     * Checks the states given to a purge.
     *
     * @param statuses the states
     * @return an immutable copy
     * @throws IllegalArgumentException if empty or if a state is not terminal
     */
    public static Set<JobStatus> requirePurgeable(Set<JobStatus> statuses) {
        Objects.requireNonNull(statuses, "'statuses' cannot be null.");
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("'statuses' cannot be empty: name the finished states to purge.");
        }
        for (JobStatus status : statuses) {
            if (!Objects.requireNonNull(status, "'statuses' cannot contain null.")
                    .isTerminal()) {
                throw new IllegalArgumentException("'statuses' may only hold finished states, not " + status + ".");
            }
        }
        return Set.copyOf(EnumSet.copyOf(statuses));
    }

    private boolean inWindow(Instant t) {
        return t != null && !t.isBefore(query.from()) && t.isBefore(query.to());
    }

    private static JobStatistics.TypeStatistics typeStatistics(String type, List<? extends BackgroundJobInfo<?>> jobs) {
        long succeeded = 0;
        long failed = 0;
        List<Long> durations = new ArrayList<>();
        for (BackgroundJobInfo<?> job : jobs) {
            if (job.getStatus() == JobStatus.SUCCEEDED) {
                succeeded++;
            } else if (job.getStatus() == JobStatus.FAILED || job.getStatus() == JobStatus.ABORTED) {
                failed++;
            }
            if (job.getDurationMillis() != null) {
                durations.add(job.getDurationMillis());
            }
        }
        double average = 0;
        long p95 = 0;
        if (!durations.isEmpty()) {
            durations.sort(null);
            long sum = 0;
            for (long d : durations) {
                sum += d;
            }
            average = (double) sum / durations.size();
            int rank = (95 * durations.size() + 99) / 100; // ceil(0.95 n) without floating point
            p95 = durations.get(rank - 1);
        }
        return new JobStatistics.TypeStatistics(type, jobs.size(), succeeded, failed, average, p95);
    }
}
