package io.github.aobackgroundjobs;

/**
 * The job repository could not be reached or did not answer in time. Nothing was decided:
 * hosts leave the message where it is and try again later. Repositories throw it for
 * connection failures and timeouts, never for a bug or bad data.
 */
public class JobStoreUnavailableException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be done
     * @param cause the driver's error
     */
    public JobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
