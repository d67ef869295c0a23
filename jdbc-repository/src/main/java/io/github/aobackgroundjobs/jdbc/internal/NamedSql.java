package io.github.aobackgroundjobs.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A statement written with {@code :name} parameters, as the rest of the repository writes them,
 * turned into plain JDBC ({@code ?}) once, so that the hot paths can run the very same SQL
 * without a mapping layer. Parameters are set from a name-to-value map; a name may occur more
 * than once. Immutable and thread-safe.
 */
public final class NamedSql {

    private final String jdbcSql;
    private final String[] parameterNames;

    /**
     * @param sql SQL with {@code :name} parameters and no quoted text or {@code ::} casts
     * @throws IllegalArgumentException if the SQL holds a quote or a {@code ::} cast
     */
    public NamedSql(String sql) {
        if (sql.indexOf('\'') >= 0 || sql.indexOf('"') >= 0 || sql.contains("::")) {
            throw new IllegalArgumentException("Quoted text and :: casts are not supported: " + sql);
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        this.jdbcSql = out.toString();
        this.parameterNames = names.toArray(String[]::new);
    }

    /** @return the parameter names, in the order of the {@code ?} placeholders */
    public java.util.List<String> parameterNames() {
        return java.util.List.of(parameterNames);
    }

    /** @return the statement with {@code ?} placeholders */
    public String jdbcSql() {
        return jdbcSql;
    }

    /**
     * Sets every parameter. Instants are bound as UTC {@link OffsetDateTime}s at microsecond
     * precision, like {@link SqlValues#instant}; a null value of a known name is SQL NULL.
     *
     * @param statement the prepared statement of {@link #jdbcSql()}
     * @param values the value of every name (nulls allowed)
     * @throws SQLException if the driver refuses a value
     * @throws IllegalArgumentException if a name has no entry in {@code values}
     */
    public void bind(PreparedStatement statement, Map<String, ?> values) throws SQLException {
        for (int i = 0; i < parameterNames.length; i++) {
            String name = parameterNames[i];
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("No value for parameter :" + name + " of " + jdbcSql);
            }
            set(statement, i + 1, values.get(name));
        }
    }

    private static void set(PreparedStatement statement, int position, Object value) throws SQLException {
        if (value == null) {
            // The type is the server's to infer from the column; VARCHAR would clash with timestamps.
            statement.setNull(position, Types.NULL);
        } else if (value instanceof Instant instant) {
            statement.setObject(position, OffsetDateTime.ofInstant(SqlValues.micros(instant), ZoneOffset.UTC));
        } else if (value instanceof String text) {
            statement.setString(position, text);
        } else if (value instanceof Long number) {
            statement.setLong(position, number);
        } else if (value instanceof Integer number) {
            statement.setInt(position, number);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(position, flag);
        } else {
            statement.setObject(position, value);
        }
    }
}
