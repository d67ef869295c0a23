package io.github.aobackgroundjobs.azure;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test job that counts how often its body runs per job, and can be told to sleep or fail. */
final class CountingJob extends BackgroundJobBase<Long, CountingJob.Request, CountingJob.Result> {

    /** The request: how long to run and how many attempts fail first. */
    record Request(int sleepMillis, int failFirst) {}

    /** The result: which attempt succeeded. */
    record Result(int attempt) {}

    private final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

    CountingJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, Request.class, Result.class, options);
    }

    @Override
    protected Result onExecute(Request request, JobContext<Long> context) throws Exception {
        int run = runs.computeIfAbsent(context.id(), id -> new AtomicInteger()).incrementAndGet();
        if (request.sleepMillis() > 0) {
            Thread.sleep(request.sleepMillis());
        }
        if (run <= request.failFirst()) {
            throw new IllegalStateException("Planned failure " + run + " of " + request.failFirst());
        }
        return new Result(context.attempt());
    }

    int runs(long id) {
        AtomicInteger count = runs.get(id);
        return count == null ? 0 : count.get();
    }

    int totalRuns() {
        return runs.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    static Request quick() {
        return new Request(0, 0);
    }

    static Request sleeping(Duration duration) {
        return new Request((int) duration.toMillis(), 0);
    }

    static Request failing(int failFirst) {
        return new Request(0, failFirst);
    }
}
