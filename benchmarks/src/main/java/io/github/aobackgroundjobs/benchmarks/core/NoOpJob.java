package io.github.aobackgroundjobs.benchmarks.core;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobRepositoryBase;
import java.util.concurrent.atomic.LongAdder;

/** A job that does nothing but count itself: what remains is the framework's cost. */
public final class NoOpJob<K> extends BackgroundJobBase<K, NoOpJob.Request, NoOpJob.Result> {

    /**
     * The request.
     *
     * @param sequence a number, so the JSON is not empty
     */
    public record Request(long sequence) {
    }

    /**
     * The result.
     *
     * @param sequence the request's number
     */
    public record Result(long sequence) {
    }

    private final LongAdder runs = new LongAdder();

    public NoOpJob(JobRepositoryBase<K> repository, JobOptions options) {
        super(repository, Request.class, Result.class, options);
    }

    @Override
    protected Result onExecute(Request request, JobContext<K> context) {
        runs.increment();
        return new Result(request.sequence());
    }

    /** @return runs so far */
    public long runs() {
        return runs.sum();
    }
}
