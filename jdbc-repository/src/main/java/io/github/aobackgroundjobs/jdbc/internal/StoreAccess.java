package io.github.aobackgroundjobs.jdbc.internal;

import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * Runs work on a Jdbi handle with a query timeout on every statement, and turns an unreachable
 * or unresponsive database into {@link io.github.aobackgroundjobs.JobStoreUnavailableException}.
 * Thread-safe.
 */
public final class StoreAccess {

    private final Jdbi jdbi;
    private final int queryTimeoutSeconds;

    /**
     * @param jdbi the Jdbi instance (its configuration is not changed)
     * @param queryTimeout the longest a statement may run
     */
    public StoreAccess(Jdbi jdbi, Duration queryTimeout) {
        this.jdbi = jdbi;
        this.queryTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds()));
    }

    /** @return the timeout of every statement, in whole seconds */
    public int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    /** @return the Jdbi instance */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs work on a handle (auto-commit, one statement a transaction).
     *
     * @param operation what is done, for the error message
     * @param work the work
     * @param <T> its result
     * @return its result
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database is unreachable
     */
    public <T> T withHandle(String operation, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(operation, e);
        }
    }

    /**
     * @param handle the handle
     * @param sql the statement
     * @return an update with the timeout set
     */
    public Update update(Handle handle, String sql) {
        return handle.createUpdate(sql).setQueryTimeout(queryTimeoutSeconds);
    }

    /**
     * @param handle the handle
     * @param sql the query
     * @return a query with the timeout set
     */
    public Query query(Handle handle, String sql) {
        return handle.createQuery(sql).setQueryTimeout(queryTimeoutSeconds);
    }
}
