package io.github.aobackgroundjobs.scheduler.jdbc.internal;

import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.scheduler.RecurringTablesMissingException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/** Turns an unreachable database into {@link JobStoreUnavailableException}; anything else propagates. */
public final class StoreFailures {

    private StoreFailures() {}

    /**
     * @param operation what was being done, for the message
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     * @throws JobStoreUnavailableException if the database could not be reached
     * @throws RecurringTablesMissingException if the tables do not exist
     */
    public static <T> T call(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            if (unavailable(e)) {
                throw new JobStoreUnavailableException("Recurring-job store unreachable during " + operation, e);
            }
            if (missingTable(e)) {
                throw new RecurringTablesMissingException(
                        "The recurring-job tables are missing (" + operation + "): build the store with"
                                + " createOrMigrateSchema(true) (in the Spring Boot starter:"
                                + " backgroundjobs.jdbc.migrate-schema=true), or create them with the scripts under"
                                + " io/github/aobackgroundjobs/scheduler/schema/ in backgroundjobs-scheduler.",
                        e);
            }
            throw e;
        }
    }

    /**
     * The error and its causes, each once: a chain may loop (a caused by b caused by a, through
     * {@code initCause}), which a walk to the end would never leave.
     */
    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * @param error an error, its cause chain walked once even where it loops
     * @return true if it says the database is unreachable
     */
    public static boolean unavailable(Throwable error) {
        for (Throwable t : causes(error)) {
            if (t instanceof ConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException
                    || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57014")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param error an error
     * @return true if it says a table does not exist (PostgreSQL 42P01, H2 42S02-42S04)
     */
    public static boolean missingTable(Throwable error) {
        for (Throwable t : causes(error)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("42P01") || state.equals("42S02") || state.equals("42S03") || state.equals("42S04")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param error an error
     * @return true if it is a unique-key violation (SQLState 23505 on both databases)
     */
    public static boolean uniqueViolation(Throwable error) {
        for (Throwable t : causes(error)) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
