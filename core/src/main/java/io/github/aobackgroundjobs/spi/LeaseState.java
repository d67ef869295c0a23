package io.github.aobackgroundjobs.spi;

/** What a lease renewal or a progress write found. */
public enum LeaseState {
    /** The caller still holds the lease, and it was extended. */
    HELD,
    /** The caller still holds the lease, but a user or admin asked the job to stop. */
    CANCEL_REQUESTED,
    /**
     * The caller no longer holds the lease: another worker took it, the job ended, or there is
     * no such job. Nothing was written.
     */
    LOST
}
