package io.github.aobackgroundjobs.jdbc.internal;

import java.util.Locale;

/**
 * What differs between the supported databases: how a write returns the rows it changed,
 * how a time difference becomes milliseconds, and where the schema scripts live.
 */
public enum Dialect {
    /** H2 2.x: data change delta tables ({@code SELECT ... FROM FINAL TABLE (UPDATE ...)}). */
    H2("h2") {
        @Override
        public String returning(String dml, String columns) {
            return "SELECT " + columns + " FROM FINAL TABLE (" + dml + ")";
        }

        @Override
        public String millisBetween(String fromExpression, String toExpression) {
            // Microseconds first: DATEDIFF counts unit boundaries crossed, which for milliseconds
            // would round 0.9 ms spanning a boundary up to 1.
            return "(DATEDIFF(MICROSECOND, " + fromExpression + ", " + toExpression + ") / 1000)";
        }
    },
    /** PostgreSQL 12 and later: {@code UPDATE ... RETURNING}. */
    POSTGRESQL("postgresql") {
        @Override
        public String returning(String dml, String columns) {
            return dml + " RETURNING " + columns;
        }

        @Override
        public String millisBetween(String fromExpression, String toExpression) {
            return "CAST(FLOOR(EXTRACT(EPOCH FROM (" + toExpression + " - " + fromExpression + ")) * 1000) AS BIGINT)";
        }
    };

    private final String scriptFolder;

    Dialect(String scriptFolder) {
        this.scriptFolder = scriptFolder;
    }

    /**
     * Wraps an INSERT or UPDATE so that it yields the rows it wrote, in one statement.
     *
     * @param dml the INSERT or UPDATE
     * @param columns the columns to return ({@code *} for all)
     * @return one statement that writes and returns
     */
    public abstract String returning(String dml, String columns);

    /**
     * An expression for the whole milliseconds from one timestamp to another.
     *
     * @param fromExpression the earlier timestamp
     * @param toExpression the later timestamp
     * @return a BIGINT expression
     */
    public abstract String millisBetween(String fromExpression, String toExpression);

    /** @return the resource folder of this dialect's schema scripts */
    public String scriptFolder() {
        return scriptFolder;
    }

    /**
     * Detects the dialect of the database a handle is connected to.
     *
     * @param handle an open handle
     * @return the dialect
     * @throws IllegalStateException if the database is not supported
     */
    public static Dialect detect(org.jdbi.v3.core.Handle handle) {
        try {
            return fromProductName(handle.getConnection().getMetaData().getDatabaseProductName());
        } catch (java.sql.SQLException e) {
            throw new org.jdbi.v3.core.ConnectionException(e);
        }
    }

    /**
     * Picks the dialect from the database product name of a connection's metadata.
     *
     * @param productName {@code DatabaseMetaData.getDatabaseProductName()}
     * @return the dialect
     * @throws IllegalStateException if the database is not supported
     */
    public static Dialect fromProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException(
                "Database '" + productName + "' is not supported; the JDBC job repository supports H2 and PostgreSQL.");
    }
}
