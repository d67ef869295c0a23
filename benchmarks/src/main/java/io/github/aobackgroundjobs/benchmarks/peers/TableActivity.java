package io.github.aobackgroundjobs.benchmarks.peers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What PostgreSQL's statistics say about one table at a moment: its live and dead rows, its
 * size with its indexes, and how often autovacuum has run on it. The sustained workload prints
 * these after each window, since a table that deletes every finished row (db-scheduler's) and
 * one that keeps them (ours) age differently under load.
 *
 * @param liveRows {@code n_live_tup}
 * @param deadRows {@code n_dead_tup}, the row versions a vacuum has yet to reclaim
 * @param bytes the table's size with its indexes and TOAST
 * @param autovacuums {@code autovacuum_count}
 */
record TableActivity(long liveRows, long deadRows, long bytes, long autovacuums) {

    private static final String QUERY = "SELECT n_live_tup, n_dead_tup, pg_total_relation_size(relid),"
            + " autovacuum_count FROM pg_stat_user_tables WHERE relname = ?";

    /**
     * @param dataSource the server
     * @param table the table's name, unquoted and lower case
     * @return its statistics now (as of the statistics collector's last report, up to half a
     *     second old); all zero if the table is not there yet
     * @throws SQLException if the server refuses
     */
    static TableActivity of(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(QUERY)) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? new TableActivity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
                        : new TableActivity(0, 0, 0, 0);
            }
        }
    }
}
