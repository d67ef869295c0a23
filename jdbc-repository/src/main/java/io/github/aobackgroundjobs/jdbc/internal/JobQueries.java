package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.JobStatistics.ThroughputBucket;
import io.github.aobackgroundjobs.spi.JobStatistics.TypeStatistics;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dashboard's queries: filtered pages with a capped count, statistics and purge.
 * Thread-safe.
 *
 * @param <K> the key type
 */
public final class JobQueries<K> {

    /** Rows deleted per purge statement, so that a large purge never holds one huge transaction. */
    static final int PURGE_BATCH = 10_000;

    private static final int MAX_PURGE_BATCHES = 100_000;
    private static final int RECENT_FAILURES = 10;
    private static final String FINISHED = "(" + JobStatus.SUCCEEDED.code() + ", " + JobStatus.FAILED.code() + ", "
            + JobStatus.ABORTED.code() + ", " + JobStatus.CANCELLED.code() + ")";
    private static final String FAILED = "(" + JobStatus.FAILED.code() + ", " + JobStatus.ABORTED.code() + ")";

    private final StoreAccess store;
    private final Dialect dialect;
    private final String table;
    private final JobRowMapper<K> mapper;

    /**
     * @param store database access
     * @param dialect the database
     * @param table the (qualified) table name
     * @param mapper the row mapper
     */
    public JobQueries(StoreAccess store, Dialect dialect, String table, JobRowMapper<K> mapper) {
        this.store = store;
        this.dialect = dialect;
        this.table = table;
        this.mapper = mapper;
    }

    /**
     * @param query filters and paging
     * @return the page and the capped total
     */
    public JobPage<K> findJobs(JobQuery query) {
        JobFilter filter = JobFilter.of(query);
        String page = pageSql(filter);
        String count = countSql(filter);
        return store.withHandle("findJobs", h -> {
            List<BackgroundJobInfo<K>> items = filter.bind(store.query(h, page))
                    .bind("limit", query.pageSize())
                    .bind("offset", query.offset())
                    .map(mapper)
                    .list();
            long total;
            if (query.page() == 0 && items.size() < query.pageSize()) {
                total = items.size();
            } else {
                total = filter.bind(store.query(h, count))
                        .bind("cap", query.countCap() + 1)
                        .mapTo(Long.class)
                        .one();
            }
            boolean capped = total > query.countCap();
            return new JobPage<>(items, query.page(), query.pageSize(), capped ? query.countCap() : total, capped);
        });
    }

    /**
     * @param filter the filters
     * @return the page query (binds the filter, {@code limit} and {@code offset})
     */
    public String pageSql(JobFilter filter) {
        return "SELECT * FROM " + table + filter.where()
                + " ORDER BY created DESC, id DESC LIMIT :limit OFFSET :offset";
    }

    /**
     * @param filter the filters
     * @return the capped count (binds the filter and {@code cap}); it stops one past the cap,
     *     so a broad filter costs at most cap + 1 index entries
     */
    public String countSql(JobFilter filter) {
        // Ordered as the page is, so that the count walks the page's index and stops at the cap.
        return "SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + table + filter.where()
                + " ORDER BY created DESC, id DESC LIMIT :cap) capped";
    }

    /**
     * The statements of {@link #statistics}, each binding {@code from} and {@code to}: counts by
     * status, throughput per bucket, per-type figures, recent failures.
     *
     * @param bucket the bucket size
     * @return the four statements
     */
    public List<String> statisticsSql(java.time.temporal.ChronoUnit bucket) {
        long bucketSeconds = bucket.getDuration().toSeconds();
        String window = " WHERE completed >= :from AND completed < :to AND status IN ";
        String bucketExpression = "CAST(FLOOR(EXTRACT(EPOCH FROM completed) / " + bucketSeconds + ") AS BIGINT)";
        return List.of(
                "SELECT status, COUNT(*) AS n FROM " + table
                        + " WHERE created >= :from AND created < :to GROUP BY status",
                "SELECT " + bucketExpression + " AS bucket, status, COUNT(*) AS n FROM " + table + window + FINISHED
                        + " GROUP BY " + bucketExpression + ", status",
                perTypeSql(window),
                "SELECT * FROM " + table + window + FAILED + " ORDER BY completed DESC, id DESC LIMIT "
                        + RECENT_FAILURES);
    }

    /**
     * The per-type figures. The 95th percentile is the nearest rank, the smallest duration with
     * at least 95% of the durations at or below it: PostgreSQL's {@code PERCENTILE_DISC(0.95)}.
     * H2's {@code PERCENTILE_DISC} takes the rank below that for some counts (the 30th of 32
     * durations, where the nearest rank is the 31st), so on H2 it is the smallest duration whose
     * cumulative distribution among its type's durations reaches 0.95.
     */
    private String perTypeSql(String window) {
        String counts = "SELECT request_type, COUNT(*) AS finished,"
                + " SUM(CASE WHEN status = " + JobStatus.SUCCEEDED.code() + " THEN 1 ELSE 0 END) AS ok,"
                + " SUM(CASE WHEN status IN " + FAILED + " THEN 1 ELSE 0 END) AS bad,"
                + " AVG(CAST(duration_ms AS DOUBLE PRECISION)) AS avg_ms,";
        if (dialect == Dialect.POSTGRESQL) {
            return counts + " PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms" + " FROM " + table
                    + window + FINISHED + " GROUP BY request_type ORDER BY request_type";
        }
        // Jobs without a duration (cancelled before they ran) are a partition of their own, so
        // that, as in PERCENTILE_DISC, they do not count.
        return counts + " MIN(CASE WHEN duration_ms IS NOT NULL AND cd >= 0.95 THEN duration_ms END) AS p95_ms"
                + " FROM (SELECT request_type, status, duration_ms, CUME_DIST() OVER (PARTITION BY request_type,"
                + " CASE WHEN duration_ms IS NULL THEN 1 ELSE 0 END ORDER BY duration_ms) AS cd FROM " + table
                + window + FINISHED + ") typed GROUP BY request_type ORDER BY request_type";
    }

    /**
     * @param statuses the states to delete
     * @return one purge batch (binds {@code before})
     */
    public String purgeSql(Set<JobStatus> statuses) {
        return purgeSql(statuses, PURGE_BATCH);
    }

    private String purgeSql(Set<JobStatus> statuses, int rows) {
        String in =
                statuses.stream().map(s -> String.valueOf(s.code())).sorted().collect(Collectors.joining(", "));
        String batch = "SELECT id FROM " + table + " WHERE completed < :before AND status IN (" + in
                + ") ORDER BY completed LIMIT " + rows;
        // PostgreSQL plans "id IN (subquery)" as a hash join over the whole table; an array of
        // ids makes it delete by primary key.
        return dialect == Dialect.POSTGRESQL
                ? "DELETE FROM " + table + " WHERE id = ANY (ARRAY(" + batch + "))"
                : "DELETE FROM " + table + " WHERE id IN (" + batch + ")";
    }

    /**
     * @param since exclusive lower bound on updated-at
     * @param userName one user's jobs, or null
     * @param limit at most this many
     * @param sql the statements
     * @return the records, oldest write first
     */
    public List<BackgroundJobInfo<K>> findUpdatedSince(Instant since, String userName, int limit, JobSql sql) {
        return store.withHandle("findUpdatedSince", h -> {
            var q = store.query(h, userName == null ? sql.findUpdatedSince : sql.findUpdatedSinceForUser)
                    .bind("since", SqlValues.instant(since))
                    .bind("limit", limit);
            if (userName != null) {
                q.bind("userName", userName);
            }
            return q.map(mapper).list();
        });
    }

    /**
     * @param query the window
     * @return the statistics
     */
    public JobStatistics<K> statistics(StatisticsQuery query) {
        long bucketSeconds = query.bucket().getDuration().toSeconds();
        List<String> sql = statisticsSql(query.bucket());
        return store.withHandle("statistics", h -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            for (JobStatus s : JobStatus.values()) {
                counts.put(s, 0L);
            }
            window(store.query(h, sql.get(0)), query)
                    .map((rs, ctx) -> Map.entry(JobStatus.fromCode(rs.getInt("status")), rs.getLong("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));

            Map<Long, long[]> perBucket = new HashMap<>();
            window(store.query(h, sql.get(1)), query)
                    .map((rs, ctx) -> new long[] {rs.getLong("bucket"), rs.getInt("status"), rs.getLong("n")})
                    .forEach(r -> perBucket.computeIfAbsent(r[0], k -> new long[6])[(int) r[1]] += r[2]);

            List<TypeStatistics> byType = window(store.query(h, sql.get(2)), query)
                    .map((rs, ctx) -> new TypeStatistics(
                            rs.getString("request_type"),
                            rs.getLong("finished"),
                            rs.getLong("ok"),
                            rs.getLong("bad"),
                            rs.getDouble("avg_ms"),
                            rs.getLong("p95_ms")))
                    .collect(Collectors.toCollection(ArrayList::new));
            // Java's order on every store: the SQL's ORDER BY follows the column's collation, which
            // differs between databases and even on a C collation (UTF-8 bytes, not UTF-16 units).
            byType.sort(Comparator.comparing(TypeStatistics::requestType));

            List<BackgroundJobInfo<K>> failures =
                    window(store.query(h, sql.get(3)), query).map(mapper).list();
            return new JobStatistics<>(query, counts, buckets(query, bucketSeconds, perBucket), byType, failures);
        });
    }

    private static org.jdbi.v3.core.statement.Query window(org.jdbi.v3.core.statement.Query q, StatisticsQuery query) {
        return q.bind("from", SqlValues.instant(query.from())).bind("to", SqlValues.instant(query.to()));
    }

    private static List<ThroughputBucket> buckets(
            StatisticsQuery query, long bucketSeconds, Map<Long, long[]> perBucket) {
        List<ThroughputBucket> buckets = new ArrayList<>();
        long first = Math.floorDiv(query.from().getEpochSecond(), bucketSeconds);
        for (long b = first; Instant.ofEpochSecond(b * bucketSeconds).isBefore(query.to()); b++) {
            long[] n = perBucket.getOrDefault(b, new long[6]);
            buckets.add(new ThroughputBucket(
                    Instant.ofEpochSecond(b * bucketSeconds),
                    n[JobStatus.SUCCEEDED.code()],
                    n[JobStatus.FAILED.code()],
                    n[JobStatus.ABORTED.code()],
                    n[JobStatus.CANCELLED.code()]));
        }
        return buckets;
    }

    /**
     * @param completedBefore exclusive upper bound on completed
     * @param statuses terminal states to delete
     * @param limit most rows to delete, at least 1
     * @return rows deleted
     */
    public int purge(Instant completedBefore, Set<JobStatus> statuses, int limit) {
        int total = 0;
        for (int batch = 0; batch < MAX_PURGE_BATCHES && total < limit; batch++) {
            int rows = Math.min(PURGE_BATCH, limit - total);
            String delete = purgeSql(statuses, rows);
            int deleted = store.withHandle(
                    "purge",
                    h -> store.update(h, delete)
                            .bind("before", SqlValues.instant(completedBefore))
                            .execute());
            total += deleted;
            if (deleted < rows) {
                break;
            }
        }
        return total;
    }
}
