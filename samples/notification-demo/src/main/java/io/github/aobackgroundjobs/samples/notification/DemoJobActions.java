package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's stock actions with the demo's per-user cap on Retry: a finished job that is
 * retried becomes unfinished again and counts against its user's cap, so it is refused (429, the
 * cap's message) while the user is at it. A retry of an unfinished job (the admin's, of a job
 * whose worker is gone) adds nothing to the count and is not checked. Thread-safe.
 */
final class DemoJobActions implements JobActions<Long> {

    private final JobActions<Long> delegate;
    private final JobRepositoryBase<Long> repository;
    private final DemoJobLimit limit;

    DemoJobActions(JobActions<Long> delegate, JobRepositoryBase<Long> repository, DemoJobLimit limit) {
        this.delegate = Objects.requireNonNull(delegate, "'delegate' cannot be null.");
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        this.limit = Objects.requireNonNull(limit, "'limit' cannot be null.");
    }

    @Override
    public boolean retry(Long id) {
        Optional<BackgroundJobInfo<Long>> job = repository.findJob(id);
        if (job.isEmpty() || !job.get().getStatus().isTerminal()) {
            return delegate.retry(id);
        }
        String owner = job.get().getUserName();
        // The admin may be the one retrying: the refusal names the job's user.
        return limit.queueWithin(owner, () -> delegate.retry(id), false);
    }

    @Override
    public CancelResult cancel(Long id) {
        return delegate.cancel(id);
    }

    @Override
    public boolean clear(Long id) {
        return delegate.clear(id);
    }
}
