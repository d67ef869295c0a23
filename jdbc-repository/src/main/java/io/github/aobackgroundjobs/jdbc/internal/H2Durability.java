package io.github.aobackgroundjobs.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Looks at an H2 file database for the settings that lose committed jobs: a database closed
 * whenever its last connection goes back (H2's unpooled data source with {@code DB_CLOSE_DELAY=0}),
 * and commits written to the file after they return ({@code WRITE_DELAY} above 0). In-memory
 * databases keep nothing anyway and are not looked at.
 */
public final class H2Durability {

    /** H2's data source that opens a new connection on every call. */
    static final String UNPOOLED_DATA_SOURCE = "org.h2.jdbcx.JdbcDataSource";

    private H2Durability() {}

    /**
     * @param connection a connection to an H2 database
     * @param dataSource the data source it came from, or null if unknown (a user's Jdbi)
     * @return what puts committed jobs at risk, one sentence each; empty if nothing does
     * @throws SQLException if the settings cannot be read
     */
    public static List<String> risks(Connection connection, DataSource dataSource) throws SQLException {
        String path;
        Map<String, String> settings = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT DATABASE_PATH()")) {
                path = rs.next() ? rs.getString(1) : null;
            }
            if (path == null) {
                return List.of();
            }
            try (ResultSet rs =
                    statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                            + " WHERE SETTING_NAME IN ('DB_CLOSE_DELAY', 'WRITE_DELAY')")) {
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> risks = new ArrayList<>();
        // H2 lists DB_CLOSE_DELAY only once it has been set; its default is 0.
        int closeDelay = parse(settings.get("DB_CLOSE_DELAY"), 0);
        if (closeDelay == 0
                && dataSource != null
                && dataSource.getClass().getName().equals(UNPOOLED_DATA_SOURCE)) {
            risks.add(
                    "H2 database " + path + " is closed whenever its last connection closes (DB_CLOSE_DELAY=0),"
                            + " and " + UNPOOLED_DATA_SOURCE
                            + " keeps none open: it is closed and reopened between calls,"
                            + " compacting the file at each close (H2 2.3.232 can lose recent changes doing so, H2 issue 4247)");
        }
        int writeDelay = parse(settings.get("WRITE_DELAY"), 0);
        if (writeDelay > 0) {
            risks.add("H2 database " + path + " writes a commit to its file up to " + writeDelay
                    + " ms after the commit returns (WRITE_DELAY=" + writeDelay
                    + "): a process killed in that time loses it");
        }
        return risks;
    }

    private static int parse(String value, int dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
