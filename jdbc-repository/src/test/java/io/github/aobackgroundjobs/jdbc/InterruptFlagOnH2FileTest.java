package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's file store closes its file when a thread with the interrupt flag set writes to it, and the
 * database is gone for the whole process. A job that leaves the flag set (restoring it after
 * catching an InterruptedException, as Java code should) must not cost that: its progress and
 * outcome are written with the flag clear, and the flag is put back for the caller.
 */
class InterruptFlagOnH2FileTest {

    public record Req(String text) {}

    /** Sets its thread's interrupt flag, reports progress with it set, and returns normally. */
    static final class FlagJob extends BackgroundJobBase<Long, Req, String> {
        FlagJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Req.class,
                    String.class,
                    JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        }

        @Override
        protected String onExecute(Req request, JobContext<Long> context) {
            Thread.currentThread().interrupt();
            context.reportProgress(50, "half way, flag set");
            return "done " + request.text();
        }
    }

    @Test
    void aJobLeavingTheFlagSetKeepsTheFileDatabaseUsable(@TempDir Path dir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(H2FileDatabase.url(dir.resolve("jobs")));
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(dataSource)
                .createOrMigrateSchema(true)
                .build();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        FlagJob job = new FlagJob(repository);

        for (int i = 0; i < 3; i++) {
            Long id = client.queueJob("flags", "alice", new Req("run " + i));
            Outcome outcome = job.execute(id);
            // A direct execute puts the flag back for its caller, who may be the one stopping.
            assertThat(Thread.interrupted()).isTrue();
            assertThat(outcome.type()).isEqualTo(Outcome.Type.SUCCEEDED);
            assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(repository.getJob(id).getResultData()).contains("done run " + i);
        }
    }
}
