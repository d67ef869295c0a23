package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The restart tests' job: counts its run in {@code restart_runs(job_id, pid)} of the jobs'
 * own database, committed before it does anything else, then sleeps as its request says, in
 * slices a shutdown interrupts.
 */
final class CountedJob extends BackgroundJobBase<Long, Nap, String> {

    static final String RUNS_TABLE = "restart_runs";

    private final DataSource dataSource;
    private final long pid = ProcessHandle.current().pid();

    CountedJob(JobRepositoryBase<Long> repository, JobOptions options, DataSource dataSource) {
        super(repository, Nap.class, String.class, options);
        this.dataSource = dataSource;
    }

    static void createRunsTable(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + RUNS_TABLE + " (job_id BIGINT NOT NULL, pid BIGINT NOT NULL)");
        }
    }

    @Override
    protected String onExecute(Nap request, JobContext<Long> context) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO " + RUNS_TABLE + " (job_id, pid) VALUES (?, ?)")) {
            insert.setLong(1, context.id());
            insert.setLong(2, pid);
            insert.executeUpdate();
        }
        for (int slept = 0; slept < request.millis(); slept += 25) {
            Thread.sleep(Math.min(25, request.millis() - slept));
        }
        return "slept " + request.millis() + " ms";
    }
}
