package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;

/**
 * A report that takes a few seconds and shows its progress; with {@code failAtPercent} set it
 * fails on purpose part-way through.
 */
final class ReportJob extends BackgroundJobBase<Long, ReportJob.ReportRequest, ReportJob.ReportResult> {

    /**
     * @param title the report's title
     * @param failAtPercent 0 to succeed, else the progress at which it fails
     */
    record ReportRequest(String title, int failAtPercent) {}

    /**
     * @param title the title
     * @param rows rows computed
     */
    record ReportResult(String title, int rows) {}

    private static final int STEPS = 10;
    private final Duration stepDelay;

    ReportJob(JobRepositoryBase<Long> repository, JobOptions options, Duration stepDelay) {
        super(repository, ReportRequest.class, ReportResult.class, options);
        this.stepDelay = stepDelay;
    }

    @Override
    protected ReportResult onExecute(ReportRequest request, JobContext<Long> context) throws Exception {
        int rows = 0;
        for (int step = 1; step <= STEPS; step++) {
            context.throwIfCancellationRequested();
            Thread.sleep(stepDelay.toMillis()); // stands in for a slow query
            rows += 1_000 * step;
            int percent = step * 100 / STEPS;
            if (request.failAtPercent() > 0 && percent >= request.failAtPercent()) {
                throw new IllegalStateException("The data source for '" + request.title() + "' went away at " + percent
                        + "% (this job fails on purpose)");
            }
            context.reportProgress(percent, "computed " + rows + " rows");
        }
        return new ReportResult(request.title(), rows);
    }
}
