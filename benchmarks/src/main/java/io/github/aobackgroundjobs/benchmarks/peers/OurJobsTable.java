package io.github.aobackgroundjobs.benchmarks.peers;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.RequestTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Our jobs table between the peer runs: emptied before each of ours, or, with a prefill, kept
 * at the prefilled history of finished jobs, so that ours runs on a table that keeps its records
 * as it would in production (db-scheduler deletes its finished executions, nothing to prefill).
 */
final class OurJobsTable {

    /**
     * SUCCEEDED records spread over the last 30 days, in one set-based statement. Another user
     * and cleared, as old history would be; the same queue and request type as the workload.
     */
    private static final String PREFILL = "INSERT INTO background_jobs (user_name, request_type, request_data,"
            + " queue_name, status, created, updated_at, sent_at, send_count, started, completed,"
            + " queue_latency_ms, duration_ms, cleared, result_data, retry_count, version)"
            + " SELECT 'history-' || (g % 100), ?, '{\"sequence\":' || g || ',\"pickup\":false}', 'peer-jobs', ?,"
            + " t, t + interval '5 ms', t, 1, t + interval '2 ms', t + interval '5 ms', 2, 3, TRUE, g::text, 0, 3"
            + " FROM generate_series(1, ?) AS g,"
            + " LATERAL (SELECT now() - interval '30 days' * ((? - g)::float8 / ?) AS t) AS s";

    private final DataSource dataSource;
    private final long prefilled;
    private long lastPrefilledId;

    private OurJobsTable(DataSource dataSource, long prefilled) {
        this.dataSource = dataSource;
        this.prefilled = prefilled;
    }

    /**
     * Empties the table, then inserts the prefill.
     *
     * @param dataSource the database, with our schema created
     * @param prefill SUCCEEDED records to insert; 0 for none
     * @return the table
     * @throws IllegalArgumentException if {@code prefill} is negative
     * @throws SQLException if the database refuses
     */
    static OurJobsTable prefill(DataSource dataSource, long prefill) throws SQLException {
        if (prefill < 0) {
            throw new IllegalArgumentException("-Dprefill must be 0 or more, was " + prefill);
        }
        OurJobsTable table = new OurJobsTable(dataSource, prefill);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE background_jobs");
            if (prefill > 0) {
                try (PreparedStatement insert = c.prepareStatement(PREFILL)) {
                    insert.setString(1, RequestTypes.nameOf(OursPeer.Work.class));
                    insert.setInt(2, JobStatus.SUCCEEDED.code());
                    insert.setLong(3, prefill);
                    insert.setLong(4, prefill);
                    insert.setLong(5, prefill);
                    insert.executeUpdate();
                }
                try (ResultSet rs = s.executeQuery("SELECT MAX(id) FROM background_jobs")) {
                    rs.next();
                    table.lastPrefilledId = rs.getLong(1);
                }
                s.execute("VACUUM ANALYZE background_jobs");
            }
        }
        return table;
    }

    /** @return the SUCCEEDED records inserted before the runs */
    long prefilled() {
        return prefilled;
    }

    /**
     * Back to the prefilled state: the records of earlier runs deleted, and vacuumed so that
     * the next run does not pay for their dead rows.
     *
     * @throws SQLException if the database refuses
     */
    void reset() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            if (prefilled == 0) {
                s.execute("TRUNCATE background_jobs");
            } else {
                s.execute("DELETE FROM background_jobs WHERE id > " + lastPrefilledId);
                s.execute("VACUUM ANALYZE background_jobs");
            }
        }
    }
}
