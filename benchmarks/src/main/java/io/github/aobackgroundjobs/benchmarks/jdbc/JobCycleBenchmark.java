package io.github.aobackgroundjobs.benchmarks.jdbc;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.JobSql;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Load harness: the full job cycle (insert, mark sent, claim, complete) on embedded PostgreSQL
 * from N threads, through {@link JdbiJobRepository} and, on the same pool in the same run,
 * with its writes grouped and with {@code groupWrites(false)}, and, on the same pool in the same
 * run, through the very same four statements (the repository's SQL text) in plain JDBC, one
 * connection per statement. The ratios are the library's overhead or gain.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark [threads=4] [seconds=15]}
 */
public final class JobCycleBenchmark {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Map<String, PlainSql> PLAIN = new ConcurrentHashMap<>();

    private JobCycleBenchmark() {}

    /** A way to run one job cycle on one thread. */
    interface Cycle {
        void run(int thread) throws Exception;
    }

    /**
     * @param args threads and measured seconds
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Clock clock = Clock.systemUTC();
        try (BenchmarkDatabase db = BenchmarkDatabase.start(threads * 2)) {
            JdbiJobRepository<Long> repo = JdbiJobRepository.builder(db.pool)
                    .groupWrites(true)
                    .createOrMigrateSchema(true)
                    .build();
            JdbiJobRepository<Long> ungroupedRepo =
                    JdbiJobRepository.builder(db.pool).groupWrites(false).build();
            Cycle grouped = t -> libraryCycle(repo, clock, t);
            Cycle ungrouped = t -> libraryCycle(ungroupedRepo, clock, t);
            JobSql sql = new JobSql(Dialect.POSTGRESQL, repo.tableName());
            Cycle plain = t -> plainCycle(db.pool, sql, clock, t);
            interleaved(
                    db,
                    threads,
                    seconds,
                    List.of(
                            Map.entry("library (grouped writes)", grouped),
                            Map.entry("library, groupWrites(false)", ungrouped),
                            Map.entry("plain JDBC, same SQL", plain)),
                    2);
        }
    }

    /** A plain-JDBC harness, run once the database and the library's jobs table exist. */
    @FunctionalInterface
    interface TableHarness {
        void run(BenchmarkDatabase db, String table, int threads, int seconds) throws Exception;
    }

    /**
     * Reads {@code [threads=4] [seconds=15]}, starts embedded PostgreSQL with a pool of twice the
     * threads, creates the library's jobs table and runs the harness on it.
     *
     * @throws IllegalArgumentException if threads or seconds is below 1
     */
    static void onFreshTable(String[] args, TableHarness harness) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        if (threads < 1 || seconds < 1) {
            throw new IllegalArgumentException("threads and seconds must be at least 1: " + threads + ", " + seconds);
        }
        try (BenchmarkDatabase db = BenchmarkDatabase.start(threads * 2)) {
            JdbiJobRepository<Long> repo = JdbiJobRepository.builder(db.pool)
                    .createOrMigrateSchema(true)
                    .build();
            harness.run(db, repo.tableName(), threads, seconds);
        }
    }

    /**
     * Warms each way up, then measures them interleaved, each twice, so that a drift of the
     * machine or of the table shows, and prints each way's mean and its ratio to the baseline.
     *
     * @param baseline the index in {@code ways} of the way the others are compared with
     */
    static void interleaved(
            BenchmarkDatabase db, int threads, int seconds, List<Map.Entry<String, Cycle>> ways, int baseline)
            throws Exception {
        System.out.println("PostgreSQL: " + db.settings());
        System.out.println("threads=" + threads + " measured seconds per run=" + seconds);
        for (Map.Entry<String, Cycle> way : ways) {
            measure("warm-up " + way.getKey(), way.getValue(), threads, Math.max(3, seconds / 3));
        }
        double[] means = new double[ways.size()];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < ways.size(); i++) {
                Map.Entry<String, Cycle> way = ways.get(i);
                means[i] += measure(way.getKey() + (round == 0 ? "" : " again"), way.getValue(), threads, seconds) / 2;
            }
        }
        StringBuilder result = new StringBuilder("RESULT threads=" + threads + " cycles/s");
        for (int i = 0; i < ways.size(); i++) {
            result.append(String.format(" '%s'=%.0f", ways.get(i).getKey(), means[i]));
        }
        result.append(" ratios to '").append(ways.get(baseline).getKey()).append("':");
        for (int i = 0; i < ways.size(); i++) {
            if (i != baseline) {
                result.append(String.format(" '%s'=%.2f", ways.get(i).getKey(), means[i] / means[baseline]));
            }
        }
        System.out.println(result);
    }

    /**
     * Runs a cycle on {@code threads} threads for {@code seconds} and prints its rate.
     *
     * @return cycles per second
     */
    static double measure(String name, Cycle cycle, int threads, int seconds) throws Exception {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        cycle.run(thread);
                        done.increment();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(seconds + 60L, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double rate = done.sum() / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-30s %8d cycles  %8.0f cycles/s%n", name, done.sum(), rate);
        return rate;
    }

    /** One job's life through the repository: insert, mark sent, claim, complete. */
    static void libraryCycle(JdbiJobRepository<Long> repo, Clock clock, int thread) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("user" + thread);
        job.setRequestType("BenchRequest");
        job.setRequestData("{\"n\":1}");
        job.setQueueName("bench");
        Instant now = clock.instant();
        job.setCreated(now);
        job.setNextAttemptAt(now);
        long id = repo.insert(job).getId();
        repo.markSent(id, clock.instant());
        String owner = "worker-" + thread;
        ClaimResult<Long> claim = repo.claim(new ClaimRequest<>(id, owner, clock.instant(), LEASE, 3, "{}"));
        if (claim.type() != ClaimResult.Type.CLAIMED) {
            throw new IllegalStateException("not claimed: " + claim.type());
        }
        Instant end = clock.instant();
        if (!repo.complete(new JobCompletion<>(id, owner, JobStatus.SUCCEEDED, end, 0, "{\"ok\":true}", null, null))) {
            throw new IllegalStateException("not completed");
        }
    }

    private static void plainCycle(DataSource ds, JobSql sql, Clock clock, int thread) throws SQLException {
        PlainSql insert = PLAIN.computeIfAbsent(sql.insertReturningId, PlainSql::new);
        PlainSql markSent = PLAIN.computeIfAbsent(sql.markSent, PlainSql::new);
        PlainSql claim = PLAIN.computeIfAbsent(sql.claim, PlainSql::new);
        PlainSql complete = PLAIN.computeIfAbsent(sql.completeFinal, PlainSql::new);
        long id;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = insert.prepare(c, plainRow(thread, clock.instant()));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = markSent.prepare(c, Map.of("id", id, "now", clock.instant()))) {
            require(ps.executeUpdate() == 1, "not marked sent");
        }
        String owner = "worker-" + thread;
        Instant t = clock.instant();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = claim.prepare(
                        c,
                        Map.of("id", id, "owner", owner, "now", t, "leaseExpiresAt", t.plus(LEASE), "maxAttempts", 3));
                ResultSet rs = ps.executeQuery()) {
            require(rs.next(), "not claimed");
            readRow(rs);
        }
        Map<String, Object> done = new HashMap<>();
        done.put("id", id);
        done.put("owner", owner);
        done.put("status", JobStatus.SUCCEEDED.code());
        done.put("now", clock.instant());
        done.put("durationMillis", 0L);
        done.put("resultData", "{\"ok\":true}");
        try (Connection c = ds.getConnection();
                PreparedStatement ps = complete.prepare(c, done)) {
            require(ps.executeUpdate() == 1, "not completed");
        }
    }

    /** The values of a new PENDING job's insert, as the library binds them. */
    static Map<String, Object> plainRow(int thread, Instant now) {
        Map<String, Object> row = new HashMap<>();
        row.put("userName", "user" + thread);
        row.put("requestType", "BenchRequest");
        row.put("requestData", "{\"n\":1}");
        row.put("queueName", "bench");
        row.put("status", 0);
        row.put("created", now);
        row.put("updatedAt", now);
        row.put("nextAttemptAt", now);
        row.put("sendCount", 0);
        row.put("cleared", false);
        row.put("attempts", 0);
        row.put("version", 0L);
        row.put("cancelRequested", false);
        return row;
    }

    /** Reads a claimed row as the library does, so that every side pays for the same transfer. */
    static void readRow(ResultSet rs) throws SQLException {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            rs.getObject(i);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
