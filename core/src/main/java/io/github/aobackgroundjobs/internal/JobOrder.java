package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * The orders and sweep criteria the in-memory repository applies, written once so that every
 * query of it sorts the way a database index would.
 */
public final class JobOrder {

    private static final Comparator<BackgroundJobInfo<?>> BY_ID = (a, b) -> compareIds(a.getId(), b.getId());

    private static final Comparator<BackgroundJobInfo<?>> NEWEST_FIRST =
            Comparator.<BackgroundJobInfo<?>, Instant>comparing(BackgroundJobInfo::getCreated)
                    .reversed()
                    .thenComparing(BY_ID.reversed());

    private static final Comparator<BackgroundJobInfo<?>> OLDEST_WRITE_FIRST =
            Comparator.<BackgroundJobInfo<?>, Instant>comparing(BackgroundJobInfo::getUpdatedAt)
                    .thenComparing(BY_ID);

    private JobOrder() {}

    /** @return created descending, then id descending */
    public static Comparator<BackgroundJobInfo<?>> newestFirst() {
        return NEWEST_FIRST;
    }

    /** @return updated-at ascending, then id ascending */
    public static Comparator<BackgroundJobInfo<?>> oldestWriteFirst() {
        return OLDEST_WRITE_FIRST;
    }

    /** @return id ascending, as a database orders the keys */
    public static Comparator<BackgroundJobInfo<?>> byId() {
        return BY_ID;
    }

    /**
     * Sweep candidates by the time they became due for the sweeper, oldest first.
     *
     * @param unsentBefore cut-off for unsent jobs
     * @param staleBefore cut-off for stale jobs
     * @return the order
     */
    public static Comparator<BackgroundJobInfo<?>> sweepOrder(Instant unsentBefore, Instant staleBefore) {
        return sweepOrder(unsentBefore, staleBefore, staleBefore);
    }

    /**
     * Sweep candidates by the time they became due for the sweeper, oldest first.
     *
     * @param unsentBefore cut-off for unsent jobs
     * @param sentBefore cut-off for sent, overdue PENDING jobs, or null for none
     * @param leaseExpiredBefore cut-off for RUNNING jobs
     * @return the order
     */
    public static Comparator<BackgroundJobInfo<?>> sweepOrder(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore) {
        return Comparator.<BackgroundJobInfo<?>, Instant>comparing(
                        job -> sweepDue(job, unsentBefore, sentBefore, leaseExpiredBefore))
                .thenComparing(BY_ID);
    }

    /**
     * Whether the sweeper must look at a job, and since when.
     *
     * @param job the record
     * @param unsentBefore PENDING jobs never confirmed sent and last written before this are due
     * @param staleBefore PENDING jobs sent and due before this, and RUNNING jobs whose lease
     *     expired before this, are due
     * @return the time the job became due for the sweeper, or null if it is not a candidate
     */
    public static Instant sweepDue(BackgroundJobInfo<?> job, Instant unsentBefore, Instant staleBefore) {
        return sweepDue(job, unsentBefore, staleBefore, staleBefore);
    }

    /**
     * Whether the sweeper must look at a job, and since when, with a cut-off per kind.
     *
     * @param job the record
     * @param unsentBefore PENDING jobs never confirmed sent and last written before this are due
     * @param sentBefore PENDING jobs sent and due before this are due; none if null
     * @param leaseExpiredBefore RUNNING jobs whose lease expired before this are due
     * @return the time the job became due for the sweeper, or null if it is not a candidate
     */
    public static Instant sweepDue(
            BackgroundJobInfo<?> job, Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore) {
        if (job.getStatus() == JobStatus.PENDING) {
            if (job.getSentAt() == null) {
                return job.getUpdatedAt().isBefore(unsentBefore) ? job.getUpdatedAt() : null;
            }
            if (sentBefore == null) {
                return null;
            }
            Instant due = job.getNextAttemptAt() != null ? job.getNextAttemptAt() : job.getCreated();
            if (due.isBefore(sentBefore) && job.getSentAt().isBefore(sentBefore)) {
                return due.isAfter(job.getSentAt()) ? due : job.getSentAt();
            }
            return null;
        }
        if (job.getStatus() == JobStatus.RUNNING
                && job.getLeaseExpiresAt() != null
                && job.getLeaseExpiresAt().isBefore(leaseExpiredBefore)) {
            return job.getLeaseExpiresAt();
        }
        return null;
    }

    /**
     * Compares two keys as a database orders them: numbers numerically, UUIDs by their
     * unsigned bytes (which is the order of their canonical text).
     *
     * @param a a key
     * @param b another key of the same type
     * @return negative, zero or positive
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compareIds(Object a, Object b) {
        if (a instanceof UUID || b instanceof UUID) {
            return String.valueOf(a).compareTo(String.valueOf(b));
        }
        return ((Comparable) a).compareTo(b);
    }
}
