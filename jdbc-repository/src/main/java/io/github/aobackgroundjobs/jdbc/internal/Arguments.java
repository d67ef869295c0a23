package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spi.JobValidation;

/** Argument checks that run before any SQL, with messages naming the argument. */
public final class Arguments {

    private Arguments() {}

    /**
     * @param owner a lease owner
     * @throws IllegalArgumentException if blank or longer than {@value BackgroundJobInfo#MAX_LEASE_OWNER_LENGTH}
     */
    public static void requireOwner(String owner) {
        JobValidation.requireLeaseOwner(owner);
    }

    /**
     * @param limit a row limit
     * @param max the largest allowed
     * @return the limit
     * @throws IllegalArgumentException if outside 1..max
     */
    public static int requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("'limit' must be between 1 and " + max + ", not " + limit + ".");
        }
        return limit;
    }
}
