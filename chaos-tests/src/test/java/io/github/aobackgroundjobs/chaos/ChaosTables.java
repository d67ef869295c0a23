package io.github.aobackgroundjobs.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The side tables that make the chaos assertions real, in the same PostgreSQL as the jobs:
 * <ul>
 *   <li>{@code chaos_runs}: one row per execution of a job body, written by the body itself
 *       before it sleeps (job id, worker process id);</li>
 *   <li>{@code chaos_completions}: one row per committed transition of a job to SUCCEEDED,
 *       written by a trigger on the jobs table, so it counts what the database saw, not what
 *       a worker believed.</li>
 * </ul>
 */
final class ChaosTables {

    static final String JOBS = "background_jobs";
    private static final int SUCCEEDED = 2;
    private static final int RUNNING = 1;

    private final DataSource dataSource;

    ChaosTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the side tables and the completion trigger; the jobs table must exist. */
    void create() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS chaos_runs (run_id BIGSERIAL PRIMARY KEY, job_id BIGINT NOT NULL,"
                            + " pid BIGINT NOT NULL, worker VARCHAR(100) NOT NULL, started_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS chaos_runs_pid ON chaos_runs (pid, job_id)");
            s.execute("CREATE TABLE IF NOT EXISTS chaos_completions (completion_id BIGSERIAL PRIMARY KEY,"
                    + " job_id BIGINT NOT NULL, lease_owner VARCHAR(100), retry_count INTEGER NOT NULL)");
            s.execute("CREATE OR REPLACE FUNCTION chaos_record_completion() RETURNS trigger AS $$ BEGIN"
                    + " INSERT INTO chaos_completions (job_id, lease_owner, retry_count)"
                    + " VALUES (NEW.id, OLD.lease_owner, NEW.retry_count); RETURN NEW; END; $$ LANGUAGE plpgsql");
            s.execute("DROP TRIGGER IF EXISTS chaos_completion ON " + JOBS);
            s.execute("CREATE TRIGGER chaos_completion AFTER UPDATE OF status ON " + JOBS + " FOR EACH ROW"
                    + " WHEN (NEW.status = " + SUCCEEDED + " AND OLD.status <> " + SUCCEEDED + ")"
                    + " EXECUTE FUNCTION chaos_record_completion()");
        }
    }

    /** Records one execution of a job body. */
    void recordRun(long jobId, long pid, String worker, Instant startedAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO chaos_runs (job_id, pid, worker, started_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, jobId);
            ps.setLong(2, pid);
            ps.setString(3, worker);
            ps.setTimestamp(4, Timestamp.from(startedAt));
            ps.executeUpdate();
        }
    }

    /** @return jobs whose body ran in process {@code pid} and that have not SUCCEEDED (yet) */
    Set<Long> unfinishedRunsOf(long pid) throws SQLException {
        return ids("SELECT DISTINCT r.job_id FROM chaos_runs r JOIN " + JOBS + " j ON j.id = r.job_id"
                + " WHERE r.pid = " + pid + " AND j.status <> " + SUCCEEDED + " ORDER BY r.job_id");
    }

    /** @return the number of SUCCEEDED jobs */
    long succeeded() throws SQLException {
        return single("SELECT COUNT(*) FROM " + JOBS + " WHERE status = " + SUCCEEDED);
    }

    /** @return job count per status code */
    Map<Integer, Long> statusCounts() throws SQLException {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT status, COUNT(*) FROM " + JOBS + " GROUP BY status ORDER BY status")) {
            while (rs.next()) {
                counts.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** @return every job id in the table */
    Set<Long> allJobIds() throws SQLException {
        return ids("SELECT id FROM " + JOBS + " ORDER BY id");
    }

    /** @return the process ids of each job's runs, in run order */
    Map<Long, List<Long>> runsByJob() throws SQLException {
        Map<Long, List<Long>> runs = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT job_id, pid FROM chaos_runs ORDER BY run_id")) {
            while (rs.next()) {
                runs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        return runs;
    }

    /** @return committed transitions to SUCCEEDED per job */
    Map<Long, Integer> completionsByJob() throws SQLException {
        Map<Long, Integer> completions = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT job_id, COUNT(*) FROM chaos_completions GROUP BY job_id")) {
            while (rs.next()) {
                completions.put(rs.getLong(1), rs.getInt(2));
            }
        }
        return completions;
    }

    /** @return RUNNING jobs whose lease expired before {@code now} */
    long runningPastLease(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + JOBS + " WHERE status = " + RUNNING
                        + " AND (lease_expires_at IS NULL OR lease_expires_at < ?)")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** @return RUNNING jobs */
    long running() throws SQLException {
        return single("SELECT COUNT(*) FROM " + JOBS + " WHERE status = " + RUNNING);
    }

    private long single(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<Long> ids(String sql) throws SQLException {
        Set<Long> ids = new LinkedHashSet<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
