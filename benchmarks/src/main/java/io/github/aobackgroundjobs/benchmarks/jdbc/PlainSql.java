package io.github.aobackgroundjobs.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the repository's statements with its named parameters turned into JDBC's {@code ?}s,
 * so that plain JDBC runs exactly the SQL the library runs.
 */
final class PlainSql {

    private static final Pattern PARAMETER = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9]*)");

    final String sql;
    final List<String> names;

    PlainSql(String namedSql) {
        Matcher m = PARAMETER.matcher(namedSql);
        StringBuilder sb = new StringBuilder();
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
            m.appendReplacement(sb, "?");
        }
        m.appendTail(sb);
        this.sql = sb.toString();
        this.names = List.copyOf(found);
    }

    /**
     * Prepares the statement and binds the values by name; a missing name binds NULL.
     *
     * @param c the connection
     * @param values the values by parameter name
     * @return the prepared statement
     * @throws SQLException if the driver fails
     */
    PreparedStatement prepare(Connection c, Map<String, Object> values) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < names.size(); i++) {
            Object value = values.get(names.get(i));
            if (value instanceof Instant instant) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (value == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, value);
            }
        }
        return ps;
    }
}
