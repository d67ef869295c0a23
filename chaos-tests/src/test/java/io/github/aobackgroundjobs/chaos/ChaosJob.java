package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The chaos suite's job: records its run in {@code chaos_runs}, then sleeps as long as its
 * request says, so a SIGKILL lands while it runs.
 */
final class ChaosJob extends BackgroundJobBase<Long, Nap, String> {

    private static final long RECORD_RETRY_MILLIS = 120_000;

    private final ChaosTables tables;
    private final long pid = ProcessHandle.current().pid();
    private final Clock clock;

    ChaosJob(JobRepositoryBase<Long> repository, JobOptions options, ChaosTables tables) {
        super(repository, Nap.class, String.class, options);
        this.tables = tables;
        this.clock = options.clock();
    }

    @Override
    protected String onExecute(Nap request, JobContext<Long> context) throws Exception {
        record(context.id());
        Thread.sleep(request.millis());
        return "slept " + request.millis() + " ms";
    }

    private void record(long id) throws SQLException, InterruptedException {
        // The run must be counted even while PostgreSQL restarts: retry the side-table insert.
        long deadline = System.nanoTime() + RECORD_RETRY_MILLIS * 1_000_000;
        while (true) {
            try {
                tables.recordRun(id, pid, options().workerId(), clock.instant());
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
