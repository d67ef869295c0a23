package io.github.aobackgroundjobs.delivery;

import java.time.Duration;

/**
 * What a host can do with the message being handled. Each host implements it for its own
 * delivery model ({@link io.github.aobackgroundjobs.QueueWorker} on the queue it polls, the Azure
 * Functions adapter on the message the host owns); {@link JobMessageHandler} decides which action
 * each {@link Outcome} takes, so every host behaves the same. Used by one thread at a time.
 * Whatever an action throws (queue unreachable, stale receipt) propagates: the message then stays
 * where it is and is delivered again.
 */
public interface MessageActions {

    /** Removes the message for good (under Azure Functions: return normally, the host deletes it). */
    void delete();

    /**
     * Sends a fresh message for the same job, invisible for {@code delay}. The message being
     * handled is deleted afterwards by a separate {@link #delete()}.
     *
     * @param jobIdJson the job's id as JSON (a number, or a quoted UUID); the host encodes it as
     *     its queue expects (base64 by default, as the original and the Functions host)
     * @param delay how long the new message stays invisible
     */
    void sendFresh(String jobIdJson, Duration delay);

    /**
     * Makes the job's message visible again after {@code delay}. Our worker updates the
     * message's visibility; the Functions adapter sends a fresh delayed message and returns.
     *
     * @param jobIdJson the job's id as JSON, for a host that must send a fresh message
     * @param delay how long until it is visible again
     */
    void deferFor(String jobIdJson, Duration delay);

    /**
     * Copies the message text byte-identical to the poison queue ({@code <queue>-poison}), then
     * deletes it here.
     *
     * @param reason why (logged)
     */
    void deadLetter(String reason);
}
