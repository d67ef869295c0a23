package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.jdbc.JobTableMissingException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;

/**
 * Tells an unreachable or unresponsive database (retry later) from every other error (a bug,
 * a constraint, bad data), by walking the cause chain of what Jdbi or the driver threw.
 */
public final class StoreErrors {

    /** PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections, query cancelled (timeout). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");
    /**
     * H2 error codes: connection broken (90067), database closed (90098), lock timeout (50200),
     * statement cancelled or timed out (57014), database file in use by another process (90020),
     * I/O error (90028). H2's connection errors that are {@code SQLNonTransientConnectionException}s
     * are caught by their class.
     */
    private static final Set<Integer> H2_UNAVAILABLE_CODES = Set.of(90067, 90098, 50200, 57014, 90020, 90028);
    /**
     * A table (or, on H2, its schema) that does not exist: PostgreSQL's undefined table (42P01,
     * also for a missing schema), H2's table not found (42S02, and 42S03/42S04 when it lists
     * candidates or the database is empty) and schema not found (90079).
     */
    private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "42S02", "42S03", "42S04", "90079");

    private StoreErrors() {}

    /**
     * Whether an error is a unique constraint the statement broke (SQLState 23505, on PostgreSQL
     * and H2 alike).
     *
     * @param error what was thrown
     * @return true if a cause is a unique violation
     */
    public static boolean isUniqueViolation(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an error means the database could not be reached or did not answer in time.
     *
     * @param error what was thrown
     * @return true for connection failures and timeouts
     */
    public static boolean isUnavailable(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException
                    || t instanceof ConnectException
                    || t instanceof SocketException
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof SQLException sql && isUnavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
            return true;
        }
        return sql.getClass().getName().startsWith("org.h2.") && H2_UNAVAILABLE_CODES.contains(sql.getErrorCode());
    }

    /**
     * Rethrows an error as {@link JobStoreUnavailableException} when the database is unreachable,
     * or as it is otherwise.
     *
     * @param operation what was being done, for the message
     * @param error what was thrown
     * @return the exception to throw: {@code throw translate(..)}
     */
    public static RuntimeException translate(String operation, RuntimeException error) {
        if (isUnavailable(error)) {
            return new JobStoreUnavailableException(
                    "The job database is unavailable (" + operation + "): " + rootMessage(error), error);
        }
        return error;
    }

    /**
     * Whether an error says the table the statement names does not exist.
     *
     * @param error what was thrown
     * @return true if a cause is a missing table or schema
     */
    public static boolean isMissingTable(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql && MISSING_TABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #translate}, and a missing jobs table as {@link JobTableMissingException}: for
     * statements on the repository's own connections, which name only the jobs table.
     *
     * @param operation what was being done, for the message
     * @param error what was thrown
     * @return the exception to throw: {@code throw translateJobStatement(..)}
     */
    public static RuntimeException translateJobStatement(String operation, RuntimeException error) {
        if (!isUnavailable(error) && isMissingTable(error)) {
            return new JobTableMissingException(
                    "The jobs table does not exist (" + operation + "): " + rootMessage(error)
                            + ". Create it: build the repository with createOrMigrateSchema(true) (in the Spring"
                            + " Boot starter: backgroundjobs.jdbc.migrate-schema=true), call SchemaMigrator.migrate(),"
                            + " or apply the DDL of docs/jdbc-schema.md; check the repository's schema and table"
                            + " name. Nothing was written; workers wait as during an outage.",
                    error);
        }
        return translate(operation, error);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        for (int i = 0; i < 20 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
