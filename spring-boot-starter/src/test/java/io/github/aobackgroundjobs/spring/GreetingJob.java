package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** A job of the test application: greets the name it is given. */
@BackgroundJob(queue = GreetingJob.QUEUE)
public class GreetingJob extends BackgroundJobBase<Long, GreetingJob.Greeting, GreetingJob.Greeted> {

    static final String QUEUE = "greetings";

    /** @param name who to greet */
    public record Greeting(String name) {}

    /** @param text the greeting */
    public record Greeted(String text) {}

    GreetingJob(JobRepositoryBase<Long> repository) {
        super(repository, Greeting.class, Greeted.class);
    }

    @Override
    protected Greeted onExecute(Greeting request, JobContext<Long> context) {
        context.reportProgress(50, "greeting " + request.name());
        return new Greeted("Hello, " + request.name() + "!");
    }
}
