package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.time.Duration;

/** The demo's queues and the worker that runs their jobs (in the web process or its own). */
final class DemoJobs {

    static final String REPORTS = "reports";
    static final String ZIPS = "zip-builder";

    private DemoJobs() {}

    /**
     * The demo's worker, not started; it also runs the scheduler's periodic tasks (the demo's
     * retention, {@link DemoRetention}).
     */
    static QueueWorker worker(
            RecurringScheduler<Long> recurring,
            JobRepositoryBase<Long> repository,
            JobQueue queue,
            Clock clock,
            JobSerializer serializer,
            Duration stepDelay) {
        JobOptions jobOptions = JobOptions.builder()
                .clock(clock)
                .serializer(serializer)
                .retryPolicy(RetryPolicy.none())
                .progressInterval(Duration.ofMillis(200))
                .build();
        return recurring
                .registerWith(QueueWorker.builder(queue))
                .job(REPORTS, new ReportJob(repository, jobOptions, stepDelay))
                .job(ZIPS, new ZipJob(repository, jobOptions, stepDelay))
                .concurrency(4)
                .maxPollInterval(Duration.ofMillis(200))
                .build();
    }
}
