package io.github.aobackgroundjobs;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of a background job. {@link #code()} is the number stored in the database; the
 * first five match the .NET original, and a state added later gets a new number, never a
 * reused one.
 *
 * <p>The allowed transitions form one table ({@link #allowedTransitions()}), which every
 * repository enforces through its conditional updates:
 *
 * <table>
 *   <caption>Allowed transitions</caption>
 *   <tr><th>from</th><th>to</th><th>why</th></tr>
 *   <tr><td>PENDING</td><td>RUNNING</td><td>a worker claimed it</td></tr>
 *   <tr><td>PENDING</td><td>ABORTED</td><td>never queued, rejected, or re-sent too often</td></tr>
 *   <tr><td>PENDING</td><td>CANCELLED</td><td>cancelled before it started</td></tr>
 *   <tr><td>RUNNING</td><td>SUCCEEDED</td><td>the job returned</td></tr>
 *   <tr><td>RUNNING</td><td>FAILED</td><td>the job threw on its last attempt</td></tr>
 *   <tr><td>RUNNING</td><td>PENDING</td><td>the job threw and will be retried</td></tr>
 *   <tr><td>RUNNING</td><td>ABORTED</td><td>given up after lost workers</td></tr>
 *   <tr><td>RUNNING</td><td>CANCELLED</td><td>cancel requested while running</td></tr>
 *   <tr><td>FAILED, ABORTED, CANCELLED</td><td>PENDING</td><td>requeued by a user or admin</td></tr>
 * </table>
 *
 * <p>SUCCEEDED is final. A "transition" to the same state (a lease taken over after expiry, a
 * re-send of a pending job) is not a state change and is not part of the table.
 */
public enum JobStatus {
    /** Queued (or waiting for its next attempt); not running anywhere. */
    PENDING(0),
    /** Claimed by a worker that holds a lease on it. */
    RUNNING(1),
    /** The job's code returned; the result is stored. */
    SUCCEEDED(2),
    /** The job's code threw on its last attempt (or with an exception that never retries). */
    FAILED(3),
    /** The job could not run: bad input, never queued, or given up after lost workers or messages. */
    ABORTED(4),
    /** A user or an admin asked for the job to stop. */
    CANCELLED(5);

    private static final JobStatus[] BY_CODE;
    private static final Map<JobStatus, Set<JobStatus>> TRANSITIONS;

    static {
        BY_CODE = new JobStatus[values().length];
        for (JobStatus status : values()) {
            BY_CODE[status.code] = status;
        }
        Map<JobStatus, Set<JobStatus>> table = new EnumMap<>(JobStatus.class);
        table.put(PENDING, Collections.unmodifiableSet(EnumSet.of(RUNNING, ABORTED, CANCELLED)));
        table.put(RUNNING, Collections.unmodifiableSet(EnumSet.of(SUCCEEDED, FAILED, PENDING, ABORTED, CANCELLED)));
        table.put(SUCCEEDED, Collections.unmodifiableSet(EnumSet.noneOf(JobStatus.class)));
        table.put(FAILED, Collections.unmodifiableSet(EnumSet.of(PENDING)));
        table.put(ABORTED, Collections.unmodifiableSet(EnumSet.of(PENDING)));
        table.put(CANCELLED, Collections.unmodifiableSet(EnumSet.of(PENDING)));
        TRANSITIONS = Collections.unmodifiableMap(table);
    }

    private final int code;

    JobStatus(int code) {
        this.code = code;
    }

    /**
     * Returns the number stored in the database for this state.
     *
     * @return the stored code
     */
    public int code() {
        return code;
    }

    /**
     * Returns the state stored as {@code code}.
     *
     * @param code a stored code
     * @return the state
     * @throws IllegalArgumentException if no state has this code
     */
    public static JobStatus fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException(
                    "'code' " + code + " is not a JobStatus code (0.." + (BY_CODE.length - 1) + ").");
        }
        return BY_CODE[code];
    }

    /**
     * Whether the job has finished: no worker will run it again unless someone requeues it.
     * Unlike the original's {@code IsCompleted}, ABORTED and CANCELLED count as finished too.
     *
     * @return true for SUCCEEDED, FAILED, ABORTED and CANCELLED
     */
    public boolean isTerminal() {
        return this != PENDING && this != RUNNING;
    }

    /**
     * Whether a job may move from this state to {@code next}.
     *
     * @param next the state to move to
     * @return true if the transition is in the table
     */
    public boolean canTransitionTo(JobStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /**
     * The states this state may move to.
     *
     * @return an unmodifiable set
     */
    public Set<JobStatus> allowedNext() {
        return TRANSITIONS.get(this);
    }

    /**
     * The whole transition table.
     *
     * @return an unmodifiable map from each state to the states it may move to
     */
    public static Map<JobStatus, Set<JobStatus>> allowedTransitions() {
        return TRANSITIONS;
    }
}
