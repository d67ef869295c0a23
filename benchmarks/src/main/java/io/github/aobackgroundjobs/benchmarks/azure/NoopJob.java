package io.github.aobackgroundjobs.benchmarks.azure;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A job that does nothing but note when it started, for pickup latency. */
final class NoopJob extends BackgroundJobBase<Long, NoopJob.Request, NoopJob.Result> {

    /** The request. */
    record Request(int n) {}

    /** The result. */
    record Result(int n) {}

    final Map<Long, Long> startedNanos = new ConcurrentHashMap<>();

    NoopJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, Request.class, Result.class, options);
    }

    @Override
    protected Result onExecute(Request request, JobContext<Long> context) {
        startedNanos.put(context.id(), System.nanoTime());
        return new Result(request.n());
    }
}
