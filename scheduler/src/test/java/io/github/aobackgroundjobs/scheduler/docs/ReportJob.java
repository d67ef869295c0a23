package io.github.aobackgroundjobs.scheduler.docs;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/** The documentation's report job: counts its runs. */
public final class ReportJob extends BackgroundJobBase<Long, ReportRequest, String> {

    private final AtomicInteger runs = new AtomicInteger();

    /**
     * @param repository the records
     * @param clock the clock
     */
    public ReportJob(JobRepositoryBase<Long> repository, Clock clock) {
        super(
                repository,
                ReportRequest.class,
                String.class,
                JobOptions.builder().clock(clock).build());
    }

    @Override
    protected String onExecute(ReportRequest request, JobContext<Long> context) {
        runs.incrementAndGet();
        return "report " + request.period();
    }

    /** @return how many times it ran */
    public int runs() {
        return runs.get();
    }
}
