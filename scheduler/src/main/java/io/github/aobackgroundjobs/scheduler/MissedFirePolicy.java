package io.github.aobackgroundjobs.scheduler;

/**
 * What happens to fire times that passed while no scheduler ran (every process down, or the
 * definition's fire came more than its lateness late).
 */
public enum MissedFirePolicy {
    /** Missed fire times are recorded as skipped; the schedule goes on with the next one. */
    SKIP,
    /** All missed fire times together queue one job, at the latest of them; the others are recorded as skipped. */
    RUN_ONCE
}
