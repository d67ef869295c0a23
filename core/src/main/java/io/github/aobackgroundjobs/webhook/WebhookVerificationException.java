package io.github.aobackgroundjobs.webhook;

import io.github.aobackgroundjobs.BackgroundJobException;
import java.util.Objects;

/**
 * A webhook request failed {@link WebhookVerifier#verify}: answer it with 401 and ignore it.
 */
public class WebhookVerificationException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        /** A header is missing or empty. */
        MISSING,
        /** A header is not in the expected form. */
        MALFORMED,
        /** The timestamp is outside the replay window (too old, or in the future). */
        STALE,
        /** The signature does not match the body and timestamp. */
        BAD_SIGNATURE,
        /** The same signed request was already accepted. */
        REPLAYED
    }

    /** Why the request was refused. */
    private final Reason reason;

    /**
     * @param reason why the request was refused
     * @param message details
     */
    public WebhookVerificationException(Reason reason, String message) {
        super(message, null);
        this.reason = Objects.requireNonNull(reason, "'reason' cannot be null.");
    }

    /** @return why the request was refused */
    public Reason getReason() {
        return reason;
    }
}
