package io.github.aobackgroundjobs.jdbc.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks schema and table names, which are written into SQL text and so must be plain identifiers. */
public final class Identifiers {

    /** Longest table name: index names add up to 15 characters and PostgreSQL stops at 63. */
    public static final int MAX_TABLE_NAME_LENGTH = 40;
    /** Longest schema name. */
    public static final int MAX_SCHEMA_NAME_LENGTH = 63;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The reserved words of PostgreSQL (those that cannot name a table) and of H2 (in any of its
     * modes): unquoted, as the library writes names, they make every statement a syntax error.
     */
    private static final Set<String> RESERVED = Set.of(
            "ALL",
            "ANALYSE",
            "ANALYZE",
            "AND",
            "ANY",
            "ARRAY",
            "AS",
            "ASC",
            "ASYMMETRIC",
            "AUTHORIZATION",
            "BETWEEN",
            "BINARY",
            "BOTH",
            "CASE",
            "CAST",
            "CHECK",
            "COLLATE",
            "COLLATION",
            "COLUMN",
            "CONCURRENTLY",
            "CONSTRAINT",
            "CREATE",
            "CROSS",
            "CURRENT_CATALOG",
            "CURRENT_DATE",
            "CURRENT_PATH",
            "CURRENT_ROLE",
            "CURRENT_SCHEMA",
            "CURRENT_TIME",
            "CURRENT_TIMESTAMP",
            "CURRENT_USER",
            "DAY",
            "DEFAULT",
            "DEFERRABLE",
            "DESC",
            "DISTINCT",
            "DO",
            "ELSE",
            "END",
            "EXCEPT",
            "EXISTS",
            "FALSE",
            "FETCH",
            "FOR",
            "FOREIGN",
            "FREEZE",
            "FROM",
            "FULL",
            "GRANT",
            "GROUP",
            "GROUPS",
            "HAVING",
            "HOUR",
            "IF",
            "ILIKE",
            "IN",
            "INITIALLY",
            "INNER",
            "INTERSECT",
            "INTERVAL",
            "INTO",
            "IS",
            "ISNULL",
            "JOIN",
            "KEY",
            "LATERAL",
            "LEADING",
            "LEFT",
            "LIKE",
            "LIMIT",
            "LOCALTIME",
            "LOCALTIMESTAMP",
            "MINUS",
            "MINUTE",
            "MONTH",
            "NATURAL",
            "NOT",
            "NOTNULL",
            "NULL",
            "OFFSET",
            "ON",
            "ONLY",
            "OR",
            "ORDER",
            "OUTER",
            "OVER",
            "OVERLAPS",
            "PARTITION",
            "PLACING",
            "PRIMARY",
            "QUALIFY",
            "RANGE",
            "REFERENCES",
            "REGEXP",
            "RETURNING",
            "RIGHT",
            "ROW",
            "ROWNUM",
            "ROWS",
            "SECOND",
            "SELECT",
            "SESSION_USER",
            "SET",
            "SIMILAR",
            "SOME",
            "SYMMETRIC",
            "SYSTEM_USER",
            "TABLE",
            "TABLESAMPLE",
            "THEN",
            "TO",
            "TOP",
            "TRAILING",
            "TRUE",
            "UESCAPE",
            "UNION",
            "UNIQUE",
            "UNKNOWN",
            "USER",
            "USING",
            "VALUE",
            "VALUES",
            "VARIADIC",
            "VERBOSE",
            "WHEN",
            "WHERE",
            "WINDOW",
            "WITH",
            "YEAR",
            "_ROWID_");

    private Identifiers() {}

    /**
     * Checks an unquoted SQL identifier.
     *
     * @param field the setting's name, for the message
     * @param value the identifier
     * @param maxLength its longest allowed length
     * @return the identifier in lower case (both databases then agree on its spelling)
     * @throws IllegalArgumentException if it is not a plain identifier, or is a reserved word of H2 or
     *     PostgreSQL
     */
    public static String require(String field, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' cannot be null.");
        }
        if (value.isEmpty()
                || value.length() > maxLength
                || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + field + "' must be 1 to " + maxLength
                    + " letters, digits or underscores, not starting with a digit; got '"
                    + (value.length() > 70 ? value.substring(0, 67) + "..." : value) + "'.");
        }
        if (RESERVED.contains(value.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + field + "' cannot be '" + value
                    + "', a reserved word of H2 or PostgreSQL, which the statements would not parse.");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
