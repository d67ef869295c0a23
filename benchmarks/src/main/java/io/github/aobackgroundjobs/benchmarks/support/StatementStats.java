package io.github.aobackgroundjobs.benchmarks.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What PostgreSQL executed during a measured run, statement by statement, from
 * {@code pg_stat_statements}: calls per job, mean execution time, rows and buffer hits per call,
 * WAL bytes per job. On with {@code -DstatementStats=true}, which also makes {@link LocalPostgres}
 * load the extension (a restart-time setting). The mean execution time includes time spent
 * waiting for a core, so on a machine the benchmark saturates it compares statements' weights,
 * not their CPU. Not thread-safe; one per server.
 */
public final class StatementStats {

    /** Statements below this share of the run's execution time are left out of the report. */
    private static final double MIN_SHARE = 0.005;

    private final DataSource dataSource;

    /** @param dataSource a pool on the server, superuser (the embedded server's default user) */
    public StatementStats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return whether the statistics are on ({@code -DstatementStats=true}) */
    public static boolean enabled() {
        return Boolean.getBoolean("statementStats");
    }

    /**
     * Forgets every statement counted so far (creating the extension's view first if needed).
     *
     * @throws SQLException if the server has not loaded {@code pg_stat_statements}
     */
    public void reset() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * The statements counted since {@link #reset()}, heaviest first, as markdown table rows
     * under a heading line.
     *
     * @param title the run, for the heading line
     * @param jobs the run's job count, for the per-job columns
     * @return the lines
     * @throws SQLException if the view cannot be read
     */
    public List<String> report(String title, int jobs) throws SQLException {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Statements of " + title + " (pg_stat_statements; mean µs includes waiting for a core):");
        lines.add("");
        lines.add("| statement | calls per job | mean µs | rows per call | buffer hits per call | WAL bytes per job |");
        lines.add("|---|---|---|---|---|---|");
        String sql = "SELECT query, calls, total_exec_time, rows, shared_blks_hit, wal_bytes,"
                + " SUM(total_exec_time) OVER () AS all_time FROM pg_stat_statements"
                + " WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC";
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long calls = rs.getLong("calls");
                double total = rs.getDouble("total_exec_time");
                if (calls == 0 || total < MIN_SHARE * rs.getDouble("all_time")) {
                    continue;
                }
                lines.add(String.format(
                        "| `%s` | %.3f | %,.0f | %.1f | %,.0f | %,.0f |",
                        shorten(rs.getString("query")),
                        calls / (double) jobs,
                        total * 1000 / calls,
                        rs.getLong("rows") / (double) calls,
                        rs.getLong("shared_blks_hit") / (double) calls,
                        rs.getDouble("wal_bytes") / jobs));
            }
        }
        return lines;
    }

    private static String shorten(String query) {
        String flat = query.replaceAll("\\s+", " ").replace("|", "\\|").replace("`", "'");
        return flat.length() <= 90 ? flat : flat.substring(0, 87) + "...";
    }
}
