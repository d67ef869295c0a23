package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.JobStatus;
import java.time.Duration;
import java.util.Map;

/**
 * What one retention run deleted.
 *
 * @param deletedByStatus records deleted by the age of their finished state
 * @param deletedCleared records deleted because they were cleared and older than the cleared age
 * @param deletedFireRecords fire records deleted
 * @param batches delete statements run
 * @param complete true exactly when no record the run's rules delete was left when it ended:
 *     every rule ended with a batch of fewer than {@code batchSize} rows, or, for the rules that
 *     {@code maxBatchesPerRun} cut short, the store found none left
 *     ({@link io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore#hasFinishedJobs}; a store
 *     that cannot tell reports false); a run that used its last batch on exactly the last
 *     {@code batchSize} rows is complete. A run whose thread was interrupted (its host stopping)
 *     stops at its next pause, keeps the interrupt, deletes and asks nothing more, and is
 *     complete only if every rule had ended before it; the scheduler then records its summary
 *     with the interrupt flag cleared for that one statement, and set again after
 * @param elapsed how long the run took
 */
public record RetentionReport(
        Map<JobStatus, Integer> deletedByStatus,
        int deletedCleared,
        int deletedFireRecords,
        int batches,
        boolean complete,
        Duration elapsed) {

    /**
     * Copies the map.
     *
     * @param deletedByStatus see {@link #deletedByStatus()}
     * @param deletedCleared see {@link #deletedCleared()}
     * @param deletedFireRecords see {@link #deletedFireRecords()}
     * @param batches see {@link #batches()}
     * @param complete see {@link #complete()}
     * @param elapsed see {@link #elapsed()}
     */
    public RetentionReport {
        deletedByStatus = Map.copyOf(deletedByStatus);
    }

    /** @return job records deleted in all */
    public int deletedJobs() {
        return deletedCleared
                + deletedByStatus.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * @return a one-line summary, as the dashboard shows it; it ends with {@code "; more left for
     *     the next run"} when the run is not {@link #complete()}
     */
    public String summary() {
        return "deleted " + deletedJobs() + " job records " + deletedByStatus + " + " + deletedCleared
                + " cleared, " + deletedFireRecords + " fire records, in " + batches + " batches, "
                + elapsed.toMillis() + " ms" + (complete ? "" : "; more left for the next run");
    }
}
