package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link MapJobRepository} with the dashboard's queries, written from the {@code JobQueryRepository}
 * table of docs/custom-repository.md alone.
 */
class MapJobQueryRepository extends MapJobRepository implements JobQueryRepository<Long> {

    private static final Comparator<BackgroundJobInfo<Long>> NEWEST_FIRST = Comparator.comparing(
                    (BackgroundJobInfo<Long> job) -> job.getCreated())
            .thenComparing(BackgroundJobInfo::getId)
            .reversed();

    @Override
    public synchronized JobPage<Long> findJobs(JobQuery query) {
        List<BackgroundJobInfo<Long>> matching = select(query::matches, NEWEST_FIRST, Integer.MAX_VALUE);
        long skip = (long) query.page() * query.pageSize();
        List<BackgroundJobInfo<Long>> items =
                matching.stream().skip(skip).limit(query.pageSize()).toList();
        return new JobPage<>(
                items,
                query.page(),
                query.pageSize(),
                Math.min(matching.size(), query.countCap()),
                matching.size() > query.countCap());
    }

    @Override
    public synchronized List<BackgroundJobInfo<Long>> findUpdatedSince(Instant since, String userName, int limit) {
        requireLimit(limit);
        return select(
                job -> job.getUpdatedAt().isAfter(since) && (userName == null || userName.equals(job.getUserName())),
                Comparator.comparing((BackgroundJobInfo<Long> job) -> job.getUpdatedAt())
                        .thenComparing(BackgroundJobInfo::getId),
                limit);
    }

    @Override
    public synchronized JobStatistics<Long> statistics(StatisticsQuery query) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        for (BackgroundJobInfo<Long> job :
                select(job -> inWindow(job.getCreated(), query), NEWEST_FIRST, Integer.MAX_VALUE)) {
            counts.merge(job.getStatus(), 1L, Long::sum);
        }
        List<BackgroundJobInfo<Long>> completed = select(
                job -> job.isCompleted() && job.getCompleted() != null && inWindow(job.getCompleted(), query),
                Comparator.comparing((BackgroundJobInfo<Long> job) -> job.getCompleted())
                        .thenComparing(BackgroundJobInfo::getId)
                        .reversed(),
                Integer.MAX_VALUE);

        List<JobStatistics.ThroughputBucket> throughput = new ArrayList<>();
        Instant start =
                query.from().atZone(ZoneOffset.UTC).truncatedTo(query.bucket()).toInstant();
        for (Instant bucket = start; bucket.isBefore(query.to()); bucket = bucket.plus(1, query.bucket())) {
            Instant end = bucket.plus(1, query.bucket());
            long[] byState = new long[JobStatus.values().length];
            for (BackgroundJobInfo<Long> job : completed) {
                if (!job.getCompleted().isBefore(bucket) && job.getCompleted().isBefore(end)) {
                    byState[job.getStatus().ordinal()]++;
                }
            }
            throughput.add(new JobStatistics.ThroughputBucket(
                    bucket,
                    byState[JobStatus.SUCCEEDED.ordinal()],
                    byState[JobStatus.FAILED.ordinal()],
                    byState[JobStatus.ABORTED.ordinal()],
                    byState[JobStatus.CANCELLED.ordinal()]));
        }

        Map<String, List<BackgroundJobInfo<Long>>> byType = new TreeMap<>();
        for (BackgroundJobInfo<Long> job : completed) {
            byType.computeIfAbsent(job.getRequestType(), t -> new ArrayList<>()).add(job);
        }
        List<JobStatistics.TypeStatistics> types = new ArrayList<>();
        byType.forEach((type, jobs) -> {
            List<Long> durations = jobs.stream()
                    .filter(j -> j.getDurationMillis() != null)
                    .map(BackgroundJobInfo::getDurationMillis)
                    .sorted()
                    .toList();
            double mean =
                    durations.stream().mapToLong(Long::longValue).average().orElse(0);
            long p95 = durations.isEmpty() ? 0 : durations.get((int) Math.ceil(0.95 * durations.size()) - 1);
            types.add(new JobStatistics.TypeStatistics(
                    type,
                    jobs.size(),
                    jobs.stream()
                            .filter(j -> j.getStatus() == JobStatus.SUCCEEDED)
                            .count(),
                    jobs.stream()
                            .filter(j -> j.getStatus() == JobStatus.FAILED || j.getStatus() == JobStatus.ABORTED)
                            .count(),
                    mean,
                    p95));
        });

        List<BackgroundJobInfo<Long>> failures = completed.stream()
                .filter(j -> j.getStatus() == JobStatus.FAILED || j.getStatus() == JobStatus.ABORTED)
                .limit(10)
                .toList();
        return new JobStatistics<>(query, counts, throughput, types, failures);
    }

    private static boolean inWindow(Instant time, StatisticsQuery query) {
        return !time.isBefore(query.from()) && time.isBefore(query.to());
    }

    @Override
    public synchronized int purge(Instant completedBefore, Set<JobStatus> statuses) {
        if (statuses.isEmpty() || statuses.contains(JobStatus.PENDING) || statuses.contains(JobStatus.RUNNING)) {
            throw new IllegalArgumentException("'statuses' must name finished states only, not " + statuses + ".");
        }
        List<BackgroundJobInfo<Long>> doomed = select(
                job -> statuses.contains(job.getStatus())
                        && job.getCompleted() != null
                        && job.getCompleted().isBefore(completedBefore),
                NEWEST_FIRST,
                Integer.MAX_VALUE);
        doomed.forEach(job -> remove(job.getId()));
        return doomed.size();
    }
}
