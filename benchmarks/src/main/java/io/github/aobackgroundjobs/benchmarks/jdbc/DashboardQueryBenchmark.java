package io.github.aobackgroundjobs.benchmarks.jdbc;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.IndexedQueries;
import io.github.aobackgroundjobs.jdbc.internal.IndexedQueries.IndexedQuery;
import io.github.aobackgroundjobs.jdbc.internal.SqlValues;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Load harness for the dashboard on 1,000,000 rows of embedded PostgreSQL: EXPLAINs every
 * indexed query of the repository (each must use its named index; the run fails otherwise)
 * and measures p50/p95 of the page query for its common filters and of the statistics.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.jdbc.DashboardQueryBenchmark [rows=1000000] [iterations=200]}
 */
public final class DashboardQueryBenchmark {

    private static final int USERS = 5_000;
    private static final int TYPES = 8;

    private DashboardQueryBenchmark() {}

    /**
     * @param args rows and iterations
     * @throws Exception if the database fails, or a query does not use its index
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (BenchmarkDatabase db = BenchmarkDatabase.start(4)) {
            JdbiJobRepository<Long> repo = JdbiJobRepository.builder(db.pool)
                    .createOrMigrateSchema(true)
                    .build();
            Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
            Jdbi jdbi = Jdbi.create(db.pool);
            long seedStart = System.nanoTime();
            seed(jdbi, repo.tableName(), rows, now);
            System.out.printf(
                    "PostgreSQL: %s%nseeded %,d rows over 30 days in %.1f s%n",
                    db.settings(), rows, (System.nanoTime() - seedStart) / 1e9);
            int failures = explainAll(jdbi, repo.tableName(), now);
            measure(repo, now, iterations);
            if (failures > 0) {
                throw new IllegalStateException(failures + " queries did not use their index");
            }
        }
    }

    private static void seed(Jdbi jdbi, String table, int rows, Instant now) {
        // 30 days of jobs, 5,000 users, 8 request types from common (Type0, ~49%) to rare (Type7,
        // ~1%); 90% succeeded, the rest failed, aborted or cancelled; the newest 200 still pending
        // or running.
        String sql = "INSERT INTO " + table + " (user_name, request_type, request_data, queue_name, status, created,"
                + " updated_at, sent_at, send_count, next_attempt_at, started, completed, queue_latency_ms, duration_ms,"
                + " cleared, result_data, exception_data, retry_count, lease_owner, lease_expires_at, version,"
                + " cancel_requested)"
                + " SELECT 'user' || (g % " + USERS + "), 'Type' || LEAST(" + (TYPES - 1)
                + ", FLOOR(-LN(1 - random()) * 1.5)),"
                + " '{\"n\":' || g || '}', 'bench',"
                + " st, created, CASE WHEN st >= 2 THEN created + (d + 1000) * INTERVAL '1 millisecond' ELSE created END,"
                + " created, 1, created,"
                + " CASE WHEN st >= 1 THEN created + INTERVAL '1 second' END,"
                + " CASE WHEN st >= 2 THEN created + (d + 1000) * INTERVAL '1 millisecond' END,"
                + " 1000, CASE WHEN st >= 2 THEN d END, created < :now - INTERVAL '1 day',"
                + " CASE WHEN st = 2 THEN '{\"ok\":true}' END, CASE WHEN st IN (3, 4) THEN '{\"e\":1}' END, 1,"
                + " CASE WHEN st = 1 THEN 'worker' END, CASE WHEN st = 1 THEN created + INTERVAL '5 minutes' END,"
                + " 3, FALSE"
                + " FROM (SELECT g, :now - (:rows - g) * (:stepMillis * INTERVAL '1 millisecond') AS created,"
                + "  CAST(10 + 5000 * random() * random() AS BIGINT) AS d,"
                + "  CASE WHEN g > :rows - 200 THEN g % 2 ELSE (CASE WHEN r < 0.90 THEN 2 WHEN r < 0.95 THEN 3"
                + "   WHEN r < 0.98 THEN 4 ELSE 5 END) END AS st"
                + "  FROM (SELECT g, random() AS r FROM generate_series(1, :rows) g) numbered) x";
        jdbi.useHandle(h -> {
            h.execute("SELECT setseed(0.42)");
            h.createUpdate(sql)
                    .bind("now", SqlValues.instant(now))
                    .bind("rows", rows)
                    .bind("stepMillis", 30L * 24 * 3_600_000 / rows)
                    .execute();
            h.execute("VACUUM ANALYZE " + table);
        });
    }

    private static int explainAll(Jdbi jdbi, String table, Instant now) {
        int failures = 0;
        for (IndexedQuery e : IndexedQueries.all(Dialect.POSTGRESQL, table, table, now, "user42", "Type6")) {
            List<String> plan = jdbi.withHandle(h -> {
                Query q = h.createQuery("EXPLAIN " + e.sql());
                e.binder().accept(q);
                return q.mapTo(String.class).list();
            });
            boolean ok = IndexedQueries.usesItsIndexes(e, String.join("\n", plan));
            failures += ok ? 0 : 1;
            System.out.printf(
                    "%nEXPLAIN %-24s %s (expects %s)%n",
                    e.name(), ok ? "uses its index" : "FAILED", String.join(" + ", e.indexes()));
            plan.forEach(line -> System.out.println("    " + line));
        }
        return failures;
    }

    private static void measure(JdbiJobRepository<Long> repo, Instant now, int iterations) {
        Random random = new Random(7);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        System.out.printf(
                "%n%-34s %8s %8s %8s%n", "query (" + iterations + " runs each)", "p50 ms", "p95 ms", "max ms");
        time(
                "page, no filter",
                iterations,
                () -> JobQuery.builder().page(random.nextInt(5)).build(),
                repo);
        time(
                "page, user",
                iterations,
                () -> JobQuery.builder()
                        .userName("user" + random.nextInt(USERS))
                        .page(random.nextInt(3))
                        .build(),
                repo);
        time(
                "page, status FAILED",
                iterations,
                () -> JobQuery.builder()
                        .statuses(JobStatus.FAILED)
                        .page(random.nextInt(5))
                        .build(),
                repo);
        time(
                "page, request type",
                iterations,
                () -> JobQuery.builder()
                        .requestType("Type" + random.nextInt(TYPES))
                        .page(random.nextInt(5))
                        .build(),
                repo);
        time(
                "page, created range (1 day)",
                iterations,
                () -> {
                    LocalDate day = today.minusDays(1 + random.nextInt(28));
                    return JobQuery.builder()
                            .createdFrom(day)
                            .createdThrough(day)
                            .page(random.nextInt(5))
                            .build();
                },
                repo);
        time(
                "page, user + status + type",
                iterations,
                () -> JobQuery.builder()
                        .userName("user" + random.nextInt(USERS))
                        .statuses(JobStatus.SUCCEEDED)
                        .requestType("Type" + random.nextInt(TYPES))
                        .build(),
                repo);
        int statsRuns = Math.max(10, iterations / 5);
        double[] stats = new double[statsRuns];
        for (int i = 0; i < statsRuns; i++) {
            long start = System.nanoTime();
            repo.statistics(new StatisticsQuery(now.minus(Duration.ofHours(24)), now, ChronoUnit.HOURS));
            stats[i] = (System.nanoTime() - start) / 1e6;
        }
        report("statistics, 24 h, hourly", stats);
        for (int i = 0; i < statsRuns; i++) {
            long start = System.nanoTime();
            repo.statistics(new StatisticsQuery(now.minus(Duration.ofHours(24)), now, ChronoUnit.MINUTES));
            stats[i] = (System.nanoTime() - start) / 1e6;
        }
        report("statistics, 24 h, per minute", stats);
    }

    private static void time(String name, int iterations, Supplier<JobQuery> queries, JdbiJobRepository<Long> repo) {
        for (int i = 0; i < 20; i++) {
            repo.findJobs(queries.get());
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            JobQuery query = queries.get();
            long start = System.nanoTime();
            repo.findJobs(query);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        report(name, millis);
    }

    private static void report(String name, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "RESULT %-27s %8.1f %8.1f %8.1f%n",
                name, percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
