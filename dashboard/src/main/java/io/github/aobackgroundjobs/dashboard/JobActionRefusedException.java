package io.github.aobackgroundjobs.dashboard;

/**
 * Thrown by a {@link JobActions} method to refuse an action for a reason of the application's own
 * (a quota, a maintenance window): the dashboard answers it with the given status and
 * {@code {"error":"<message>"}}, and the message is shown to the user who clicked.
 */
public class JobActionRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the HTTP status to answer, 400 to 499 (e.g. 409 or 429)
     * @param message what the user is told: it goes out as it is, so no internals
     * @throws IllegalArgumentException if the status is not 400 to 499 or the message is null or blank
     */
    public JobActionRefusedException(int status, String message) {
        super(requireMessage(message));
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("'status' must be 400 to 499, not " + status + ".");
        }
        this.status = status;
    }

    /** @return the HTTP status the dashboard answers */
    public int getStatus() {
        return status;
    }

    private static String requireMessage(String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("'message' cannot be null or blank.");
        }
        return message;
    }
}
