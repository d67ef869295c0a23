package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.Query;

/**
 * Every query the named indexes exist for, with the repository's own SQL, sample bindings and
 * the index (or indexes) its plan must use: what the EXPLAIN checks run (the test suite on a
 * small table, the benchmark harness on 1,000,000 rows). Mirrors the index table of
 * {@code docs/jdbc-repository.md}.
 */
public final class IndexedQueries {

    /**
     * One query to EXPLAIN.
     *
     * @param name what it is
     * @param sql the repository's SQL
     * @param binder binds sample values
     * @param indexes the index names its plan must show
     */
    public record IndexedQuery(String name, String sql, Consumer<Query> binder, List<String> indexes) {}

    private IndexedQueries() {}

    /**
     * @param dialect the database
     * @param table the (qualified) table name
     * @param index the index name prefix: the unqualified table name
     * @param now the time the sample data ends at
     * @param sampleUser a user with jobs
     * @param rareType a request type of about 1 % of the jobs
     * @return the queries
     */
    public static List<IndexedQuery> all(
            Dialect dialect, String table, String index, Instant now, String sampleUser, String rareType) {
        JobSql sql = new JobSql(dialect, table);
        JobQueries<Long> queries = new JobQueries<>(null, dialect, table, null);
        List<IndexedQuery> all = new ArrayList<>();
        all.add(new IndexedQuery(
                "active jobs of a user",
                sql.findActive,
                q -> q.bind("userName", sampleUser).bind("limit", 20),
                List.of(index + "_user_active")));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        page(all, queries, "page, no filter", JobQuery.builder().build(), index + "_created");
        page(all, queries, "page, user", JobQuery.builder().userName(sampleUser).build(), index + "_user_created");
        page(
                all,
                queries,
                "page, status",
                JobQuery.builder().statuses(JobStatus.FAILED).build(),
                index + "_status_created");
        page(
                all,
                queries,
                "page, rare request type",
                JobQuery.builder().requestType(rareType).build(),
                index + "_type_created");
        page(
                all,
                queries,
                "page, created range",
                JobQuery.builder()
                        .createdFrom(today.minusDays(3))
                        .createdThrough(today.minusDays(2))
                        .build(),
                index + "_created");
        page(
                all,
                queries,
                "page, user + status",
                JobQuery.builder()
                        .userName(sampleUser)
                        .statuses(JobStatus.SUCCEEDED)
                        .build(),
                index + "_user_created");
        count(
                all,
                queries,
                "capped count, user",
                JobQuery.builder().userName(sampleUser).build(),
                index + "_user");
        count(
                all,
                queries,
                "capped count, status",
                JobQuery.builder().statuses(JobStatus.FAILED).build(),
                index + "_status_created");
        count(
                all,
                queries,
                "capped count, request type",
                JobQuery.builder().requestType(rareType).build(),
                index + "_type_created");
        all.add(new IndexedQuery(
                "sweeper + stale leases",
                sql.findSweepCandidates,
                q -> q.bind("unsentBefore", SqlValues.instant(now.minusSeconds(60)))
                        .bind("sentBefore", SqlValues.instant(now.minusSeconds(900)))
                        .bind("leaseExpiredBefore", SqlValues.instant(now))
                        .bind("limit", 100),
                List.of(index + "_sweep", index + "_lease")));
        all.add(new IndexedQuery(
                "worker's default sweeper (no stale sent jobs)",
                sql.findSweepCandidatesNoSent,
                q -> q.bind("unsentBefore", SqlValues.instant(now.minusSeconds(60)))
                        .bind("leaseExpiredBefore", SqlValues.instant(now))
                        .bind("limit", 200),
                List.of(index + "_sweep", index + "_lease")));
        all.add(new IndexedQuery(
                "restart recovery: unfinished jobs of a queue",
                sql.findUnfinished(1, true),
                q -> q.bind("queue0", "bench").bind("after", 0L).bind("limit", 500),
                List.of(index + "_sweep", index + "_lease")));
        all.add(new IndexedQuery(
                "updated-at catch-up",
                sql.findUpdatedSince,
                q -> q.bind("since", SqlValues.instant(now.minusSeconds(300))).bind("limit", 500),
                List.of(index + "_updated")));
        List<String> stats = queries.statisticsSql(ChronoUnit.HOURS);
        String[] statsIndexes = {index + "_created", index + "_completed", index + "_completed", index + "_completed"};
        for (int i = 0; i < stats.size(); i++) {
            all.add(new IndexedQuery(
                    "statistics " + (i + 1) + "/4",
                    stats.get(i),
                    q -> q.bind("from", SqlValues.instant(now.minus(Duration.ofHours(24))))
                            .bind("to", SqlValues.instant(now)),
                    List.of(statsIndexes[i])));
        }
        all.add(new IndexedQuery(
                "purge batch",
                queries.purgeSql(EnumSet.of(JobStatus.SUCCEEDED)),
                q -> q.bind("before", SqlValues.instant(now.minus(Duration.ofDays(25)))),
                List.of(index + "_completed")));
        return List.copyOf(all);
    }

    private static void page(
            List<IndexedQuery> all, JobQueries<Long> queries, String name, JobQuery query, String index) {
        JobFilter filter = JobFilter.of(query);
        all.add(new IndexedQuery(
                name,
                queries.pageSql(filter),
                q -> filter.bind(q).bind("limit", query.pageSize()).bind("offset", query.offset()),
                List.of(index)));
    }

    private static void count(
            List<IndexedQuery> all, JobQueries<Long> queries, String name, JobQuery query, String index) {
        JobFilter filter = JobFilter.of(query);
        all.add(new IndexedQuery(
                name, queries.countSql(filter), q -> filter.bind(q).bind("cap", query.countCap() + 1), List.of(index)));
    }

    /**
     * Whether a plan uses every expected index and no sequential scan.
     *
     * @param query the query
     * @param plan the EXPLAIN output
     * @return true if it does
     */
    public static boolean usesItsIndexes(IndexedQuery query, String plan) {
        return query.indexes().stream().allMatch(plan::contains) && !plan.contains("Seq Scan");
    }
}
