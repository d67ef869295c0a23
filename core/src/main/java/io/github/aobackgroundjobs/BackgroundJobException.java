package io.github.aobackgroundjobs;

/**
 * Root of every exception this library throws on its own account. Unchecked; subclasses
 * carry the context (job id, queue) that explains them.
 */
public abstract class BackgroundJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     * @param cause the underlying error, or null
     */
    protected BackgroundJobException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether trying the same operation again later may succeed (the store or the queue was
     * unreachable) as opposed to an error that will repeat.
     *
     * @return true for infrastructure errors
     */
    public boolean isRetryable() {
        return false;
    }
}
