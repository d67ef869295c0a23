package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.JobStoreUnavailableException;

/**
 * The jobs table of a {@link JdbiJobRepository} does not exist where the repository looks for it
 * (its schema, or the connection's default): the repository was built without {@code
 * createOrMigrateSchema(true)} and the table has not been created yet, or it was dropped or
 * renamed. The message names the operation, quotes the database (which names the table) and says
 * how to create it.
 *
 * <p>A {@link JobStoreUnavailableException}, {@linkplain #isRetryable() retryable}: nothing was
 * written or decided, and creating the table mends it without a restart. So every host treats it
 * as an outage: a worker leaves its messages in the queue and retries with its outage back-off,
 * its {@code store} health check reports it down with this message, and the dashboard answers
 * 503. The client's calls throw it to the caller.
 *
 * <p>Not thrown by an insert through the application's own connection ({@code
 * queueJobInTransaction}): that connection may be on another database or schema, and the
 * {@link IllegalStateException} thrown there asks whether it is.
 */
public final class JobTableMissingException extends JobStoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being done, the database's words, and how to create the table
     * @param cause the driver's error
     */
    public JobTableMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
