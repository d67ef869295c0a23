package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** A job bean without {@link BackgroundJob}: its queue comes from a property, or start-up fails. */
public class PlainJob extends BackgroundJobBase<Long, PlainJob.Ping, PlainJob.Ping> {

    /** @param text anything */
    public record Ping(String text) {}

    PlainJob(JobRepositoryBase<Long> repository) {
        super(repository, Ping.class, Ping.class);
    }

    @Override
    protected Ping onExecute(Ping request, JobContext<Long> context) {
        return request;
    }
}
