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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Load harness (not a test) for a design not built yet: what the worker side would gain if the
 * completion of one job and the claim of the next were one statement. Plain JDBC on embedded
 * PostgreSQL with the repository's own SQL text, N threads, each thread per cycle inserting a
 * job, claiming it and completing the job it claimed in the previous cycle, three ways
 * interleaved twice on the same pool:
 * <ul>
 *   <li>separate: the claim and the completion each their own statement in auto-commit (what the
 *       library does today; three statements and three commits per job);</li>
 *   <li>one transaction: the same two statements in one transaction (three statements, two
 *       commits);</li>
 *   <li>fused: one statement, the completion and the claim as two data-modifying CTEs (two
 *       statements, two commits).</li>
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.jdbc.FusedCycleBenchmark [threads=4] [seconds=15]}
 */
public final class FusedCycleBenchmark {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private final DataSource pool;
    private final Clock clock = Clock.systemUTC();
    private final PlainSql insert;
    private final PlainSql claim;
    private final PlainSql complete;
    private final PlainSql fused;
    /** Per thread, the job it claimed in its previous cycle and completes in this one. */
    private final long[] previous;

    private FusedCycleBenchmark(DataSource pool, JobSql sql, int threads) {
        this.pool = pool;
        this.insert = new PlainSql(sql.insertReturningId);
        this.claim = new PlainSql(sql.claim);
        this.complete = new PlainSql(sql.completeFinal);
        String completePrevious = sql.completeFinal.replace("id = :id AND", "id = :previousId AND");
        if (completePrevious.equals(sql.completeFinal)) {
            throw new IllegalStateException("The completion's key condition was not found: " + sql.completeFinal);
        }
        this.fused = new PlainSql("WITH done AS (" + completePrevious + " RETURNING id), claimed AS (" + sql.claim
                + ") SELECT (SELECT COUNT(*) FROM done) AS done_count, claimed.*"
                + " FROM (VALUES (1)) AS one (x) LEFT JOIN claimed ON TRUE");
        this.previous = new long[threads];
    }

    /**
     * @param args threads and measured seconds
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        onFreshTable(args, (db, table, threads, seconds) -> {
            FusedCycleBenchmark bench =
                    new FusedCycleBenchmark(db.pool, new JobSql(Dialect.POSTGRESQL, table), threads);
            Cycle separate = t -> bench.cycle(t, Mode.SEPARATE);
            Cycle oneTransaction = t -> bench.cycle(t, Mode.ONE_TRANSACTION);
            Cycle fused = t -> bench.cycle(t, Mode.FUSED);
            interleaved(
                    db,
                    threads,
                    seconds,
                    List.of(
                            Map.entry("separate", separate),
                            Map.entry("one transaction", oneTransaction),
                            Map.entry("fused", fused)),
                    0);
        });
    }

    private enum Mode {
        SEPARATE,
        ONE_TRANSACTION,
        FUSED
    }

    private void cycle(int thread, Mode mode) throws SQLException {
        String owner = "worker-" + thread;
        long id = insert(thread);
        long before = previous[thread];
        Instant now = clock.instant();
        Map<String, Object> values = new HashMap<>();
        values.put("id", id);
        values.put("previousId", before);
        values.put("owner", owner);
        values.put("now", now);
        values.put("leaseExpiresAt", now.plus(LEASE));
        values.put("maxAttempts", 3);
        values.put("status", JobStatus.SUCCEEDED.code());
        values.put("durationMillis", 0L);
        values.put("resultData", "{\"ok\":true}");
        switch (mode) {
            case SEPARATE -> {
                try (Connection c = pool.getConnection()) {
                    claim(c, values);
                }
                if (before != 0) {
                    try (Connection c = pool.getConnection()) {
                        complete(c, before, values);
                    }
                }
            }
            case ONE_TRANSACTION -> {
                try (Connection c = pool.getConnection()) {
                    c.setAutoCommit(false);
                    try {
                        if (before != 0) {
                            complete(c, before, values);
                        }
                        claim(c, values);
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
            }
            case FUSED -> {
                try (Connection c = pool.getConnection();
                        PreparedStatement ps = fused.prepare(c, values);
                        ResultSet rs = ps.executeQuery()) {
                    require(rs.next(), "no row");
                    require(before == 0 || rs.getLong("done_count") == 1, "previous job " + before + " not completed");
                    require(rs.getObject("id") != null, "job " + id + " not claimed");
                    readRow(rs);
                }
            }
            default -> throw new IllegalStateException("Unknown mode " + mode);
        }
        previous[thread] = id;
    }

    private long insert(int thread) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = insert.prepare(c, plainRow(thread, clock.instant()));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void claim(Connection c, Map<String, Object> values) throws SQLException {
        try (PreparedStatement ps = claim.prepare(c, values);
                ResultSet rs = ps.executeQuery()) {
            require(rs.next(), "job " + values.get("id") + " not claimed");
            readRow(rs);
        }
    }

    private void complete(Connection c, long id, Map<String, Object> values) throws SQLException {
        Map<String, Object> done = new HashMap<>(values);
        done.put("id", id);
        try (PreparedStatement ps = complete.prepare(c, done)) {
            require(ps.executeUpdate() == 1, "job " + id + " not completed");
        }
    }
}
