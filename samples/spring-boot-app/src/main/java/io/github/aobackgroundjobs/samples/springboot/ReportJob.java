package io.github.aobackgroundjobs.samples.springboot;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spring.BackgroundJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Builds an order's report in a few steps, reporting its progress to the bell. */
@Component
@BackgroundJob(queue = ReportJob.QUEUE)
class ReportJob extends BackgroundJobBase<Long, ReportJob.ReportRequest, ReportJob.ReportResult> {

    static final String QUEUE = "order-reports";
    private static final int STEPS = 5;

    /**
     * @param orderId the order
     * @param item what was ordered
     */
    record ReportRequest(long orderId, String item) {}

    /**
     * @param orderId the order
     * @param lines lines in the report
     */
    record ReportResult(long orderId, int lines) {}

    private final Duration stepDelay;

    ReportJob(JobRepositoryBase<Long> repository, @Value("${sample.report-step:300ms}") Duration stepDelay) {
        super(repository, ReportRequest.class, ReportResult.class);
        this.stepDelay = stepDelay;
    }

    @Override
    protected ReportResult onExecute(ReportRequest request, JobContext<Long> context) throws Exception {
        for (int step = 1; step <= STEPS; step++) {
            context.throwIfCancellationRequested();
            Thread.sleep(stepDelay.toMillis()); // stands in for the report's queries
            context.reportProgress(step * 100 / STEPS, "step " + step + " of " + STEPS);
        }
        return new ReportResult(request.orderId(), STEPS * 10);
    }
}
