package io.github.aobackgroundjobs.delivery;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link BackgroundJobBase#execute} decided for one delivery of a job's message. Each
 * type maps to one message action, the same for every host ({@link JobMessageHandler}):
 *
 * <table>
 *   <caption>Outcomes</caption>
 *   <tr><th>type</th><th>when</th><th>record after</th><th>message</th></tr>
 *   <tr><td>SUCCEEDED</td><td>onExecute returned</td><td>SUCCEEDED, result stored</td><td>delete</td></tr>
 *   <tr><td>FAILED</td><td>onExecute threw, no attempt left or never-retry error</td><td>FAILED, error stored</td><td>delete</td></tr>
 *   <tr><td>RETRY</td><td>onExecute threw, attempts left</td><td>PENDING, next attempt = now + delay</td><td>fresh message with the delay, then delete</td></tr>
 *   <tr><td>CANCELLED</td><td>cancel requested before or during the run</td><td>CANCELLED</td><td>delete</td></tr>
 *   <tr><td>ALREADY_DONE</td><td>record already finished</td><td>unchanged</td><td>delete</td></tr>
 *   <tr><td>ABORTED</td><td>attempts used up by lost workers</td><td>ABORTED, "gave up after N attempts"</td><td>delete</td></tr>
 *   <tr><td>BUSY</td><td>another worker's live lease, or next attempt not due</td><td>unchanged</td><td>visible again after the delay</td></tr>
 *   <tr><td>REJECTED</td><td>not an id, unknown id, request that does not fit</td><td>ABORTED with the reason, where a record exists (request that does not fit)</td><td>copy to poison, delete</td></tr>
 *   <tr><td>REJECTED (stray)</td><td>the id of a job of another request type (a message on the wrong queue)</td><td>unchanged: the claim refuses another type without writing</td><td>copy to poison with the reason logged, delete</td></tr>
 * </table>
 *
 * <p>When the store cannot be reached nothing is decided: {@code execute} throws
 * {@link JobStoreUnavailableException} and the message is left alone. Immutable.
 */
public final class Outcome {

    /** The kinds of outcome. */
    public enum Type {
        /** The job returned; result stored. */
        SUCCEEDED,
        /** The job threw and will not be retried. */
        FAILED,
        /** The job threw and will be retried after {@link #delay()}. */
        RETRY,
        /** The job was cancelled. */
        CANCELLED,
        /** The job had already finished. */
        ALREADY_DONE,
        /** The job was given up: its attempts were used up by lost workers. */
        ABORTED,
        /** Not now: try this message again after {@link #delay()}. */
        BUSY,
        /** The message or its job cannot ever run: move the message to the poison queue. */
        REJECTED
    }

    private static final Outcome SUCCEEDED = new Outcome(Type.SUCCEEDED, Duration.ZERO, null);
    private static final Outcome ALREADY_DONE = new Outcome(Type.ALREADY_DONE, Duration.ZERO, null);

    private final Type type;
    private final Duration delay;
    private final String reason;

    private Outcome(Type type, Duration delay, String reason) {
        this.type = type;
        this.delay = delay;
        this.reason = reason;
    }

    /** @return a SUCCEEDED outcome */
    public static Outcome succeeded() {
        return SUCCEEDED;
    }

    /**
     * @param reason the error message
     * @return a FAILED outcome
     */
    public static Outcome failed(String reason) {
        return new Outcome(Type.FAILED, Duration.ZERO, reason);
    }

    /**
     * @param delay when the next attempt is due
     * @param reason the error message
     * @return a RETRY outcome
     */
    public static Outcome retry(Duration delay, String reason) {
        return new Outcome(Type.RETRY, nonNegative(delay), reason);
    }

    /** @return a CANCELLED outcome */
    public static Outcome cancelled() {
        return new Outcome(Type.CANCELLED, Duration.ZERO, "cancelled");
    }

    /** @return an ALREADY_DONE outcome */
    public static Outcome alreadyDone() {
        return ALREADY_DONE;
    }

    /**
     * @param reason why it was given up
     * @return an ABORTED outcome
     */
    public static Outcome aborted(String reason) {
        return new Outcome(Type.ABORTED, Duration.ZERO, reason);
    }

    /**
     * @param delay when to look again
     * @param reason why not now
     * @return a BUSY outcome
     */
    public static Outcome busy(Duration delay, String reason) {
        return new Outcome(Type.BUSY, nonNegative(delay), reason);
    }

    /**
     * @param reason why the message can never run
     * @return a REJECTED outcome
     */
    public static Outcome rejected(String reason) {
        return new Outcome(Type.REJECTED, Duration.ZERO, Objects.requireNonNull(reason, "'reason' cannot be null."));
    }

    /** @return the kind of outcome */
    public Type type() {
        return type;
    }

    /** @return for RETRY and BUSY, how long until the message should be seen again; else zero */
    public Duration delay() {
        return delay;
    }

    /** @return a human-readable reason, or null */
    public String reason() {
        return reason;
    }

    private static Duration nonNegative(Duration d) {
        Objects.requireNonNull(d, "'delay' cannot be null.");
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public String toString() {
        return type + (delay.isZero() ? "" : " in " + delay) + (reason == null ? "" : ": " + reason);
    }
}
