package io.github.aobackgroundjobs.scheduler;

/**
 * The recurring-job store's tables do not exist in its database. The message names the operation
 * and both ways to create them ({@code createOrMigrateSchema(true)} on the store, or the scripts
 * under {@code io/github/aobackgroundjobs/scheduler/schema/}).
 *
 * <p>An {@link IllegalStateException}, so code catching that keeps working; the dashboard answers
 * it with 503 and this message.
 */
public final class RecurringTablesMissingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being done and how to create the tables
     * @param cause the driver's error
     */
    public RecurringTablesMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
