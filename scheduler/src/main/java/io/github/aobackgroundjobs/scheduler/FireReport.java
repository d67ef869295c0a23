package io.github.aobackgroundjobs.scheduler;

/**
 * What one {@link RecurringScheduler#fireDue()} did.
 *
 * @param queued jobs queued for fire times
 * @param skippedRanges ranges of missed fire times recorded as skipped
 * @param tasksRun maintenance tasks run in this process
 * @param lostRaces definitions another process fired first
 * @param sendFailures jobs whose message could not be sent (their records stay PENDING for the sweeper)
 * @param failedDefinitions definitions whose fire failed with an error other than an outage (logged;
 *     nothing of that fire was written; the next round tries it again, after the other due
 *     definitions)
 */
public record FireReport(
        int queued, int skippedRanges, int tasksRun, int lostRaces, int sendFailures, int failedDefinitions) {

    /** @return true if nothing happened */
    public boolean isEmpty() {
        return queued == 0
                && skippedRanges == 0
                && tasksRun == 0
                && lostRaces == 0
                && sendFailures == 0
                && failedDefinitions == 0;
    }
}
