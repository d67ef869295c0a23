package io.github.aobackgroundjobs.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/**
 * Moves instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns as UTC
 * {@link OffsetDateTime}s, so that neither the JVM's nor the session's time zone can shift them
 * (a {@code java.sql.Timestamp} would pass through the JVM's default zone).
 */
public final class SqlValues {

    private SqlValues() {}

    /**
     * Cuts an instant to the microseconds both databases store, so that what a caller is handed
     * back equals what a later read returns.
     *
     * @param instant an instant, or null
     * @return the instant at microsecond precision, or null
     */
    public static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * An argument for an instant.
     *
     * @param instant the value, or null for SQL NULL
     * @return the argument
     */
    public static Argument instant(Instant instant) {
        if (instant == null) {
            return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        OffsetDateTime value = OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    /**
     * Reads an instant.
     *
     * @param rs the row
     * @param column the column
     * @return the instant, or null
     * @throws SQLException if the driver fails
     */
    public static Instant readInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Reads a nullable BIGINT.
     *
     * @param rs the row
     * @param column the column
     * @return the value, or null
     * @throws SQLException if the driver fails
     */
    public static Long readLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * Reads a nullable INTEGER or SMALLINT.
     *
     * @param rs the row
     * @param column the column
     * @return the value, or null
     * @throws SQLException if the driver fails
     */
    public static Integer readInteger(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
