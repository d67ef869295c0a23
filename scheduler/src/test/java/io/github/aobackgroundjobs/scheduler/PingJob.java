package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Records the text of each request it runs. */
final class PingJob<K> extends BackgroundJobBase<K, RecurringJobValidationTest.Ping, String> {

    private final List<String> seen = new ArrayList<>();

    PingJob(JobRepositoryBase<K> repository, Clock clock) {
        super(
                repository,
                RecurringJobValidationTest.Ping.class,
                String.class,
                JobOptions.builder().clock(clock).build());
    }

    @Override
    protected synchronized String onExecute(RecurringJobValidationTest.Ping request, JobContext<K> context) {
        seen.add(request.text());
        return "pong";
    }

    @Override
    protected void onStatusUpdated(K id, JobStatus status) {}

    synchronized List<String> seen() {
        return new ArrayList<>(seen);
    }
}
