package io.github.aobackgroundjobs.azure.documented;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** Greets: the plain job the queue documents' tests queue and run. */
final class HelloJob extends BackgroundJobBase<Long, HelloJob.Request, String> {

    record Request(String name) {}

    HelloJob(JobRepositoryBase<Long> repository) {
        super(repository, Request.class, String.class);
    }

    @Override
    protected String onExecute(Request request, JobContext<Long> context) {
        return "Hello, " + request.name() + "!";
    }
}
