package io.github.aobackgroundjobs.delivery;

import io.github.aobackgroundjobs.BackgroundJobException;

/**
 * A queue message's text is not a job id in any accepted form. Hosts move such a message to
 * the poison queue unchanged.
 */
public class MalformedJobMessageException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason what is wrong with the message
     * @param cause the parser's error, or null
     */
    public MalformedJobMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
