package io.github.aobackgroundjobs.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/**
 * Runs work on a Jdbi handle with a query timeout on every statement, and turns an unreachable
 * or unresponsive database into {@link io.github.aobackgroundjobs.JobStoreUnavailableException}.
 * Thread-safe.
 */
public final class StoreAccess {

    /** H2 counts a statement's timeout in int milliseconds: a longer one wraps and is refused. */
    private static final long MAX_TIMEOUT_SECONDS = Integer.MAX_VALUE / 1000;

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    /**
     * @param jdbi the Jdbi instance (its configuration is not changed)
     * @param queryTimeout the longest a statement may run
     */
    public StoreAccess(Jdbi jdbi, Duration queryTimeout) {
        this(jdbi, null, queryTimeout);
    }

    /**
     * @param jdbi the Jdbi instance (its configuration is not changed)
     * @param dataSource the data source behind {@code jdbi}, if known: plain JDBC work then borrows
     *     its connections directly, without opening a Jdbi handle
     * @param queryTimeout the longest a statement may run
     */
    public StoreAccess(Jdbi jdbi, DataSource dataSource, Duration queryTimeout) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.queryTimeoutSeconds = (int) Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, queryTimeout.toSeconds()));
    }

    /**
     * Plain JDBC work on a connection.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        /**
         * @param connection a connection in auto-commit, to be left in auto-commit
         * @return the result
         * @throws SQLException if the driver fails
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs plain JDBC work on a borrowed connection.
     *
     * @param operation what is done, for the error message
     * @param work the work
     * @param <T> its result
     * @return its result
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database is unreachable
     */
    public <T> T withConnection(String operation, ConnectionWork<T> work) {
        if (dataSource == null) {
            return withHandle(operation, h -> {
                try {
                    return work.run(h.getConnection());
                } catch (SQLException e) {
                    throw new UnableToExecuteStatementException(e, null);
                }
            });
        }
        try (Connection c = dataSource.getConnection()) {
            return inAutoCommit(c, work);
        } catch (SQLException e) {
            throw StoreErrors.translateJobStatement(operation, new UnableToExecuteStatementException(e, null));
        } catch (RuntimeException e) {
            throw StoreErrors.translateJobStatement(operation, e);
        }
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
            return inAutoCommit(jdbi, work);
        } catch (RuntimeException e) {
            throw StoreErrors.translateJobStatement(operation, e);
        }
    }

    /**
     * Runs work on a handle whose connection is in auto-commit, whatever the pool lends: on a
     * connection outside auto-commit, Jdbi would treat every statement (and every
     * {@code inTransaction}) as part of a transaction the caller owns, and the pool would roll
     * it all back when the connection comes back. The connection is returned as it was lent.
     *
     * @param jdbi the Jdbi instance
     * @param work the work
     * @param <T> its result
     * @return its result
     */
    public static <T> T inAutoCommit(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(h -> {
            try {
                return inAutoCommit(h.getConnection(), c -> work.withHandle(h));
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    /**
     * Runs work on a connection in auto-commit (each statement its own transaction, as through
     * Jdbi), even if the pool lent it outside auto-commit; the connection is left as it was lent.
     */
    private static <T> T inAutoCommit(Connection c, ConnectionWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.setAutoCommit(true);
        }
        try {
            return work.run(c);
        } finally {
            if (!autoCommit) {
                c.setAutoCommit(false);
            }
        }
    }

    /**
     * Runs work in one transaction on a handle from {@link #inAutoCommit}, through the
     * connection itself: Jdbi's own transaction handling keeps the auto-commit state it saw when
     * the handle was opened, which {@link #inAutoCommit} may have changed since.
     *
     * @param handle a handle from {@link #inAutoCommit}
     * @param work the work
     * @param <T> its result
     * @return its result, committed
     */
    public static <T> T inTransaction(Handle handle, HandleCallback<T, RuntimeException> work) {
        try {
            return inTransaction(handle.getConnection(), c -> work.withHandle(handle));
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * Runs work in one transaction on a connection in auto-commit, and leaves it in auto-commit:
     * committed if the work returns, rolled back if it throws.
     *
     * @param c a connection in auto-commit
     * @param work the work
     * @param <T> its result
     * @return its result, committed
     * @throws SQLException if the driver fails
     */
    public static <T> T inTransaction(Connection c, ConnectionWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
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
