package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Arguments of {@link JobRepositoryBase#claim}. The repository checks the request type, the
 * record's state, the attempts and the cancel flag in the same atomic step as the write.
 *
 * @param <K> the key type
 * @param id the job to claim
 * @param owner the claiming worker's id: 1 to {@value BackgroundJobInfo#MAX_LEASE_OWNER_LENGTH} characters, not
 *     blank, no NUL or unpaired surrogate ({@link JobValidation#requireLeaseOwner})
 * @param now the claim time, from the caller's clock
 * @param leaseDuration how long the lease lasts unless renewed
 * @param maxAttempts attempts allowed in all, at least 1; a claimable job whose attempts are
 *     already at it is given up (ABORTED, {@link ClaimResult.Type#GAVE_UP}) instead of claimed
 * @param gaveUpErrorData the exception data (JSON) stored when the job is given up
 * @param requestType the request type the claiming job runs: a record of another type is not
 *     claimed and not changed, whatever its status ({@link ClaimResult.Type#OTHER_TYPE});
 *     null claims any type
 */
public record ClaimRequest<K>(
        K id,
        String owner,
        Instant now,
        Duration leaseDuration,
        int maxAttempts,
        String gaveUpErrorData,
        String requestType) {
    /**
     * Validates the arguments.
     *
     * @throws NullPointerException if {@code id}, {@code owner}, {@code now} or {@code leaseDuration} is null
     * @throws IllegalArgumentException naming the argument: an invalid owner, a lease that is not
     *     positive, {@code maxAttempts} below 1
     * @param id see {@link #id()}
     * @param owner see {@link #owner()}
     * @param now see {@link #now()}
     * @param leaseDuration see {@link #leaseDuration()}
     * @param maxAttempts see {@link #maxAttempts()}
     * @param gaveUpErrorData see {@link #gaveUpErrorData()}
     * @param requestType see {@link #requestType()}
     */
    public ClaimRequest {
        Objects.requireNonNull(id, "'id' cannot be null.");
        JobValidation.requireLeaseOwner(owner);
        Objects.requireNonNull(now, "'now' cannot be null.");
        Objects.requireNonNull(leaseDuration, "'leaseDuration' cannot be null.");
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("'leaseDuration' must be positive.");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("'maxAttempts' must be at least 1.");
        }
    }

    /**
     * A claim of a job of any request type.
     *
     * @param id the job to claim
     * @param owner the claiming worker's id
     * @param now the claim time, from the caller's clock
     * @param leaseDuration how long the lease lasts unless renewed
     * @param maxAttempts attempts allowed in all
     * @param gaveUpErrorData the exception data (JSON) stored when the job is given up
     */
    public ClaimRequest(
            K id, String owner, Instant now, Duration leaseDuration, int maxAttempts, String gaveUpErrorData) {
        this(id, owner, now, leaseDuration, maxAttempts, gaveUpErrorData, null);
    }

    /**
     * @param type a record's request type
     * @return true if this claim may take a record of that type
     */
    public boolean acceptsType(String type) {
        return requestType == null || requestType.equals(type);
    }

    /** @return when the new lease ends */
    public Instant leaseExpiresAt() {
        return now.plus(leaseDuration);
    }
}
