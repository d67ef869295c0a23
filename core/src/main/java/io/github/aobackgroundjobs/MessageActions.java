package io.github.aobackgroundjobs;

import java.time.Duration;

/**
 * What a host can do with the message it is processing. Each host implements it for its own
 * delivery model; {@link OutcomeHandler} decides which action an {@link Outcome} takes, so
 * every host behaves the same. Used by one thread at a time.
 */
public interface MessageActions {

    /** Removes the message for good (under Azure Functions: return normally, the host deletes it). */
    void delete();

    /**
     * Sends a fresh message for the same job, invisible for {@code delay}. The current message
     * is deleted afterwards by a separate {@link #delete()}.
     *
     * @param delay how long the new message stays invisible
     */
    void sendFresh(Duration delay);

    /**
     * Makes the same job's message visible again after {@code delay}. Our worker updates the
     * message's visibility; the Functions adapter sends a fresh delayed message and returns.
     *
     * @param delay how long until it is visible again
     */
    void deferFor(Duration delay);

    /**
     * Copies the message text unchanged to the poison queue, then deletes it here.
     *
     * @param reason why (logged)
     */
    void deadLetter(String reason);
}
