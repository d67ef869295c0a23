package io.github.aobackgroundjobs.benchmarks.core;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.util.concurrent.atomic.LongAdder;

/** A job that does nothing but count itself: what remains is the framework's cost. */
public final class NoOpJob<K> extends BackgroundJobBase<K, NoOpJob.Request, NoOpJob.Result> {

    /**
     * The request.
     *
     * @param sequence a number, so the JSON is not empty
     */
    public record Request(long sequence) {}

    /**
     * The result.
     *
     * @param sequence the request's number
     */
    public record Result(long sequence) {}

    private final LongAdder runs = new LongAdder();
    private final WebhookNotifier<K> notifier;

    public NoOpJob(JobRepositoryBase<K> repository, JobOptions options) {
        this(repository, options, null);
    }

    /**
     * @param repository the repository
     * @param options the options
     * @param notifier posts each status change, or null for none
     */
    public NoOpJob(JobRepositoryBase<K> repository, JobOptions options, WebhookNotifier<K> notifier) {
        super(repository, Request.class, Result.class, options);
        this.notifier = notifier;
    }

    @Override
    protected void onStatusUpdated(K id, JobStatus status) {
        if (notifier != null) {
            notifier.notify(id, status, "Request", null);
        }
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
