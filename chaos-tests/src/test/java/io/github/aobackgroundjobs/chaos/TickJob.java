package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** The recurring proof's job: does nothing; only its record counts. */
final class TickJob extends BackgroundJobBase<Long, TickJob.Tick, String> {

    /** @param text a label */
    record Tick(String text) {}

    TickJob(JobRepositoryBase<Long> repository) {
        super(repository, Tick.class, String.class, JobOptions.defaults());
    }

    @Override
    protected String onExecute(Tick request, JobContext<Long> context) {
        return "ok";
    }
}
