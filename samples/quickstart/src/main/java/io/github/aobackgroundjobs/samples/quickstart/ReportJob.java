package io.github.aobackgroundjobs.samples.quickstart;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.Locale;

/** Renders a report page by page, reporting progress; fails on purpose when asked to. */
public final class ReportJob extends BackgroundJobBase<Long, ReportRequest, ReportResult> {

    public ReportJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, ReportRequest.class, ReportResult.class, options);
    }

    @Override
    protected ReportResult onExecute(ReportRequest request, JobContext<Long> context) throws Exception {
        if (context.attempt() <= request.failingAttempts()) {
            throw new IllegalStateException("the template server did not answer (attempt " + context.attempt() + ")");
        }
        for (int page = 1; page <= request.pages(); page++) {
            context.throwIfCancellationRequested();
            Thread.sleep(150);
            context.reportProgress(page * 100 / request.pages(), "page " + page + " of " + request.pages());
        }
        return new ReportResult(request.title().toLowerCase(Locale.ROOT).replace(' ', '-') + ".pdf", request.pages());
    }
}
