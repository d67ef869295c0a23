package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Clock;
import java.time.Duration;

/**
 * How long the demo keeps finished jobs: an hour (cleared ones ten minutes), purged every five
 * minutes by the scheduler's retention task in the process that runs the worker. The per-user cap
 * bounds how many jobs wait; this bounds how many records a day of clicking (or of a script)
 * leaves in the database. The admin view shows the settings and the last purge.
 */
final class DemoRetention {

    /** Finished jobs are deleted this long after they finished. */
    static final Duration FINISHED_AGE = Duration.ofHours(1);
    /** Finished jobs their user cleared from the bell are deleted this long after they finished. */
    static final Duration CLEARED_AGE = Duration.ofMinutes(10);
    /** How often the purge runs. */
    static final Duration INTERVAL = Duration.ofMinutes(5);

    private DemoRetention() {}

    static RetentionPolicy policy() {
        RetentionPolicy.Builder policy =
                RetentionPolicy.builder().clearedAge(CLEARED_AGE).interval(INTERVAL);
        for (JobStatus status : JobStatus.values()) {
            if (status.isTerminal()) {
                policy.age(status, FINISHED_AGE);
            }
        }
        return policy.build();
    }

    /**
     * The scheduler of the process running the worker: no recurring jobs, the demo's retention.
     *
     * @param database the job records
     * @param queue the jobs' queue
     * @param clock the demo's clock
     * @return the scheduler, its retention stored
     */
    static RecurringScheduler<Long> purging(DemoDatabase database, JobQueue queue, Clock clock) {
        return RecurringScheduler.builder(store(database, clock), queue)
                .clock(clock)
                .declareNone()
                .retention(policy())
                .build();
    }

    /**
     * The scheduler of the web process when the worker runs in its own: it declares nothing (a
     * builder without declarations stores nothing) and shows the admin the worker's retention.
     *
     * @param database the job records
     * @param queue the jobs' queue
     * @param clock the demo's clock
     * @return the scheduler
     */
    static RecurringScheduler<Long> viewing(DemoDatabase database, JobQueue queue, Clock clock) {
        return RecurringScheduler.builder(store(database, clock), queue)
                .clock(clock)
                .retention(policy())
                .build();
    }

    private static JdbiRecurringJobStore<Long> store(DemoDatabase database, Clock clock) {
        return JdbiRecurringJobStore.builder(database.dataSource(), database.repository())
                .createOrMigrateSchema(true)
                .clock(clock)
                .build();
    }
}
