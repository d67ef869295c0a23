package io.github.aobackgroundjobs.samples.docs;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
// The job of docs/azure-functions.md.

public class GreetingJob extends BackgroundJobBase<Long, GreetingJob.Request, GreetingJob.Result> {
    public record Request(String name) {}

    public record Result(String greeting) {}

    public GreetingJob(JobRepositoryBase<Long> repository) {
        super(repository, Request.class, Result.class);
    }

    @Override
    protected Result onExecute(Request request, JobContext<Long> context) {
        context.reportProgress(50, "Composing");
        return new Result("Hello, " + request.name() + "!");
    }
}
