package io.github.aobackgroundjobs.micrometer.documented;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** The metrics documents' example job, shared by their tests: it answers "ok" at once. */
final class ReportJob extends BackgroundJobBase<Long, ReportRequest, String> {

    ReportJob(JobRepositoryBase<Long> repository) {
        super(repository, ReportRequest.class, String.class);
    }

    ReportJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, ReportRequest.class, String.class, options);
    }

    @Override
    protected String onExecute(ReportRequest request, JobContext<Long> context) {
        return "ok";
    }
}
