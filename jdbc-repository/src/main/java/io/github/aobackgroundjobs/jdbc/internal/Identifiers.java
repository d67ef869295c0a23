package io.github.aobackgroundjobs.jdbc.internal;

import java.util.regex.Pattern;

/** Checks schema and table names, which are written into SQL text and so must be plain identifiers. */
public final class Identifiers {

    /** Longest table name: index names add up to 15 characters and PostgreSQL stops at 63. */
    public static final int MAX_TABLE_NAME_LENGTH = 40;
    /** Longest schema name. */
    public static final int MAX_SCHEMA_NAME_LENGTH = 63;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {}

    /**
     * Checks an unquoted SQL identifier.
     *
     * @param field the setting's name, for the message
     * @param value the identifier
     * @param maxLength its longest allowed length
     * @return the identifier in lower case (both databases then agree on its spelling)
     * @throws IllegalArgumentException if it is not a plain identifier
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
        return value.toLowerCase(java.util.Locale.ROOT);
    }
}
