package io.github.aobackgroundjobs.spring.documented;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spring.BackgroundJob;

/** The job of spring-boot.md's Setup section, on the documented queue "reports". */
@BackgroundJob(queue = "reports")
public class ReportJob extends BackgroundJobBase<Long, ReportJob.Request, ReportJob.Result> {
    /** @param title the report */
    public record Request(String title) {}

    /** @param rows rows written */
    public record Result(int rows) {}

    /** @param repository the starter's repository */
    public ReportJob(JobRepositoryBase<Long> repository) {
        super(repository, Request.class, Result.class);
    }

    @Override
    protected Result onExecute(Request request, JobContext<Long> context) {
        return new Result(42);
    }
}
