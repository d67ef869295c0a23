package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link JobRepositoryBase#claim} found and did.
 *
 * @param <K> the key type
 * @param type the kind of result
 * @param job a copy of the record exactly as stored after the claim's write (CLAIMED, GAVE_UP,
 *     CANCELLED) or as found (ALREADY_DONE, BUSY, OTHER_TYPE); null only for NOT_FOUND
 * @param retryAt for BUSY: when the job may be claimable, the record's {@code nextAttemptAt}
 *     (a PENDING job not yet due) or {@code leaseExpiresAt} (a live lease); else null
 */
public record ClaimResult<K>(Type type, BackgroundJobInfo<K> job, Instant retryAt) {

    /** The kinds of claim result. */
    public enum Type {
        /** The job is now RUNNING under the caller's lease; attempts were incremented. */
        CLAIMED,
        /** No job has this id. */
        NOT_FOUND,
        /** The job is SUCCEEDED, FAILED, ABORTED or CANCELLED: nothing to do; nothing was written. */
        ALREADY_DONE,
        /**
         * A worker (the caller included) holds a live lease, or the next attempt is not due
         * yet; nothing was written. Also the answer to every caller but one racing for a job.
         */
        BUSY,
        /**
         * The job was claimable but had used all its attempts: it is now ABORTED with the
         * request's given-up reason; attempts unchanged.
         */
        GAVE_UP,
        /**
         * The job was claimable but a cancel had been requested: it is now CANCELLED;
         * attempts unchanged.
         */
        CANCELLED,
        /**
         * The record's request type is not the one the claim asked for (a message sent to the
         * wrong queue): nothing was written.
         */
        OTHER_TYPE
    }

    /**
     * Validates the arguments.
     *
     * @throws NullPointerException if {@code type} is null, {@code job} is null for any type but
     *     NOT_FOUND, or {@code retryAt} is null for BUSY (the message names it)
     * @param type see {@link #type()}
     * @param job see {@link #job()}
     * @param retryAt see {@link #retryAt()}
     */
    public ClaimResult {
        Objects.requireNonNull(type, "'type' cannot be null.");
        if (type != Type.NOT_FOUND) {
            Objects.requireNonNull(job, "'job' cannot be null.");
        }
        if (type == Type.BUSY) {
            Objects.requireNonNull(retryAt, "'retryAt' cannot be null.");
        }
    }

    /**
     * @param job the claimed record
     * @param <K> the key type
     * @return a CLAIMED result
     */
    public static <K> ClaimResult<K> claimed(BackgroundJobInfo<K> job) {
        return new ClaimResult<>(Type.CLAIMED, job, null);
    }

    /**
     * @param <K> the key type
     * @return a NOT_FOUND result
     */
    public static <K> ClaimResult<K> notFound() {
        return new ClaimResult<>(Type.NOT_FOUND, null, null);
    }

    /**
     * @param job the finished record
     * @param <K> the key type
     * @return an ALREADY_DONE result
     */
    public static <K> ClaimResult<K> alreadyDone(BackgroundJobInfo<K> job) {
        return new ClaimResult<>(Type.ALREADY_DONE, job, null);
    }

    /**
     * @param job the record as found
     * @param retryAt when it may become claimable
     * @param <K> the key type
     * @return a BUSY result
     */
    public static <K> ClaimResult<K> busy(BackgroundJobInfo<K> job, Instant retryAt) {
        return new ClaimResult<>(Type.BUSY, job, retryAt);
    }

    /**
     * @param job the record, now ABORTED
     * @param <K> the key type
     * @return a GAVE_UP result
     */
    public static <K> ClaimResult<K> gaveUp(BackgroundJobInfo<K> job) {
        return new ClaimResult<>(Type.GAVE_UP, job, null);
    }

    /**
     * @param job the record as found, of another request type than the claim asked for
     * @param <K> the key type
     * @return an OTHER_TYPE result
     */
    public static <K> ClaimResult<K> otherType(BackgroundJobInfo<K> job) {
        return new ClaimResult<>(Type.OTHER_TYPE, job, null);
    }

    /**
     * @param job the record, now CANCELLED
     * @param <K> the key type
     * @return a CANCELLED result
     */
    public static <K> ClaimResult<K> cancelled(BackgroundJobInfo<K> job) {
        return new ClaimResult<>(Type.CANCELLED, job, null);
    }
}
