package io.github.aobackgroundjobs.benchmarks.jdbc;

import static io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark.interleaved;
import static io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark.onFreshTable;
import static io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark.plainRow;
import static io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark.readRow;
import static io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark.require;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.benchmarks.jdbc.JobCycleBenchmark.Cycle;
import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.JobSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Load harness (not a test) for a table layout not built yet: active jobs in a narrow table of
 * their own and each finished record written once, at completion, into the history the
 * dashboard reads. Plain JDBC on embedded PostgreSQL, N threads, each cycle inserting a job,
 * claiming it and completing it, three ways interleaved twice on the same pool:
 * <ul>
 *   <li>one table: the repository's own insert, claim and completion on its jobs table with all
 *       its indexes (what the library does today);</li>
 *   <li>active + history: the same insert and claim on a copy of the jobs table that has only
 *       the indexes a worker and the notification bell need (primary key, the user's active
 *       jobs, the sweep and the lease), the completion one statement that deletes the active row
 *       and inserts the finished record into a history table with every index the jobs table
 *       has;</li>
 *   <li>no history: the same active table, the completion a plain delete (db-scheduler's shape;
 *       the floor, since no finished record is kept).</li>
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.jdbc.SplitTableBenchmark [threads=4] [seconds=15]}
 */
public final class SplitTableBenchmark {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String ACTIVE = "bench_active_jobs";
    private static final String HISTORY = "bench_job_history";
    private static final String NOW = "CAST(:now AS TIMESTAMP WITH TIME ZONE)";

    private final DataSource pool;
    private final Clock clock = Clock.systemUTC();
    private final Shape oneTable;
    private final Shape split;
    private final Shape noHistory;

    /** The three statements of one layout. */
    private record Shape(PlainSql insert, PlainSql claim, PlainSql complete) {}

    private SplitTableBenchmark(DataSource pool, String table) throws SQLException {
        this.pool = pool;
        JobSql sql = new JobSql(Dialect.POSTGRESQL, table);
        JobSql active = new JobSql(Dialect.POSTGRESQL, ACTIVE);
        List<String> columns = createTables(table);
        String running = String.valueOf(JobStatus.RUNNING.code());
        String heldBy = " WHERE id = :id AND (status + 0) = " + running + " AND lease_owner = :owner";
        Map<String, String> ending = Map.of(
                "status", "CAST(:status AS SMALLINT)",
                "completed", NOW,
                "duration_ms", "CAST(:durationMillis AS BIGINT)",
                "result_data", "CAST(:resultData AS TEXT)",
                "exception_data", "CAST(:exceptionData AS TEXT)",
                "lease_owner", "NULL",
                "lease_expires_at", "NULL",
                "updated_at", NOW,
                "version", "version + 1");
        List<String> values = new ArrayList<>();
        for (String column : columns) {
            values.add(ending.getOrDefault(column, column));
        }
        String completeIntoHistory = "WITH done AS (DELETE FROM " + ACTIVE + heldBy + " RETURNING *) INSERT INTO "
                + HISTORY + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", values)
                + " FROM done";
        this.oneTable = new Shape(
                new PlainSql(sql.insertReturningId), new PlainSql(sql.claim), new PlainSql(sql.completeFinal));
        this.split = new Shape(
                new PlainSql(active.insertReturningId), new PlainSql(active.claim), new PlainSql(completeIntoHistory));
        this.noHistory = new Shape(
                new PlainSql(active.insertReturningId),
                new PlainSql(active.claim),
                new PlainSql("DELETE FROM " + ACTIVE + heldBy));
    }

    /**
     * Creates the active table (the jobs table's columns, defaults and identity; the worker's and
     * the bell's indexes) and the history table (the jobs table's columns and every index of it).
     *
     * @return the jobs table's column names, in order
     */
    private List<String> createTables(String table) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + ACTIVE + ", " + HISTORY);
            s.execute("CREATE TABLE " + ACTIVE + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING IDENTITY)");
            s.execute("ALTER TABLE " + ACTIVE + " ADD PRIMARY KEY (id)");
            s.execute("CREATE INDEX " + ACTIVE + "_user ON " + ACTIVE + " (user_name, created DESC, id DESC)");
            s.execute("CREATE INDEX " + ACTIVE + "_sweep ON " + ACTIVE + " (sent_at, updated_at) WHERE status = 0");
            s.execute("CREATE INDEX " + ACTIVE + "_lease ON " + ACTIVE + " (lease_expires_at) WHERE status = 1");
            s.execute("CREATE TABLE " + HISTORY + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING INDEXES)");
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE FALSE")) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    columns.add(rs.getMetaData().getColumnName(i));
                }
            }
            require(columns.contains("id") && columns.contains("status"), "unexpected columns " + columns);
            return columns;
        }
    }

    /**
     * @param args threads and measured seconds
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        onFreshTable(args, (db, table, threads, seconds) -> {
            SplitTableBenchmark bench = new SplitTableBenchmark(db.pool, table);
            Cycle oneTable = t -> bench.cycle(t, bench.oneTable);
            Cycle split = t -> bench.cycle(t, bench.split);
            Cycle noHistory = t -> bench.cycle(t, bench.noHistory);
            interleaved(
                    db,
                    threads,
                    seconds,
                    List.of(
                            Map.entry("one table", oneTable),
                            Map.entry("active + history", split),
                            Map.entry("no history", noHistory)),
                    0);
            bench.checkCounts();
        });
    }

    private void cycle(int thread, Shape shape) throws SQLException {
        long id;
        try (Connection c = pool.getConnection();
                PreparedStatement ps = shape.insert().prepare(c, plainRow(thread, clock.instant()));
                ResultSet rs = ps.executeQuery()) {
            require(rs.next(), "no id returned");
            id = rs.getLong(1);
        }
        String owner = "worker-" + thread;
        Instant now = clock.instant();
        Map<String, Object> values = new HashMap<>();
        values.put("id", id);
        values.put("owner", owner);
        values.put("now", now);
        values.put("leaseExpiresAt", now.plus(LEASE));
        values.put("maxAttempts", 3);
        try (Connection c = pool.getConnection();
                PreparedStatement ps = shape.claim().prepare(c, values);
                ResultSet rs = ps.executeQuery()) {
            require(rs.next(), "job " + id + " not claimed");
            readRow(rs);
        }
        values.put("now", clock.instant());
        values.put("status", JobStatus.SUCCEEDED.code());
        values.put("durationMillis", 0L);
        values.put("resultData", "{\"ok\":true}");
        try (Connection c = pool.getConnection();
                PreparedStatement ps = shape.complete().prepare(c, values)) {
            require(ps.executeUpdate() == 1, "job " + id + " not completed");
        }
    }

    /** Every active job was completed and every history row is a finished one. */
    private void checkCounts() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + ACTIVE + "), (SELECT COUNT(*) FROM "
                        + HISTORY + " WHERE status <> " + JobStatus.SUCCEEDED.code() + "), (SELECT COUNT(*) FROM "
                        + HISTORY + ")")) {
            rs.next();
            require(
                    rs.getLong(1) == 0 && rs.getLong(2) == 0,
                    "active rows " + rs.getLong(1) + ", unfinished history " + rs.getLong(2));
            System.out.println("history rows written: " + rs.getLong(3));
        }
    }
}
