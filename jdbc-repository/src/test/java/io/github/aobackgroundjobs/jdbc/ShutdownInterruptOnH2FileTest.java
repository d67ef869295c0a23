package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's shutdown interrupts the jobs still running when its timeout ends. A job saving
 * progress is inside an H2 write most of the time; on H2's default file system an interrupt
 * landing in that write closes the file and with it the database, for every connection of the
 * process. Through {@link H2FileDatabase#durableUrl} the database has to stay usable, keep every
 * commit, and the job has to see the interrupt.
 */
class ShutdownInterruptOnH2FileTest {

    private static final int ROUNDS = 12;

    public record Req(int round) {}

    /** Saves progress in a tight loop until its thread is interrupted (at most 20 s). */
    static final class ProgressLoopJob extends BackgroundJobBase<Long, Req, String> {
        private final CountDownLatch saving;
        private final AtomicInteger sawInterrupt;

        ProgressLoopJob(JobRepositoryBase<Long> repository, CountDownLatch saving, AtomicInteger sawInterrupt) {
            super(
                    repository,
                    Req.class,
                    String.class,
                    JobOptions.builder()
                            .retryPolicy(RetryPolicy.none())
                            .progressInterval(Duration.ZERO)
                            .build());
            this.saving = saving;
            this.sawInterrupt = sawInterrupt;
        }

        @Override
        protected String onExecute(Req request, JobContext<Long> context) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; System.nanoTime() < end; i++) {
                context.reportProgress(i % 101, "step " + i);
                if (i == 20) {
                    saving.countDown();
                }
                if (Thread.currentThread().isInterrupted()) {
                    sawInterrupt.incrementAndGet();
                    throw new InterruptedException("stopped by the worker's shutdown");
                }
            }
            return "never interrupted";
        }
    }

    @Test
    void interruptsLandingInProgressWritesLeaveTheDatabaseUsableAndEveryCommitKept(@TempDir Path dir) throws Exception {
        String url = H2FileDatabase.url(dir.resolve("jobs"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        List<Long> queued = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            InMemoryJobQueue queue = new InMemoryJobQueue();
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            AtomicInteger sawInterrupt = new AtomicInteger();

            // A finished job from before the interrupts: it must still be there, SUCCEEDED, after them.
            Long done = client.queueJob("before", "alice", new Req(-1));
            Outcome direct = new BackgroundJobBase<Long, Req, String>(repository, Req.class, String.class) {
                @Override
                protected String onExecute(Req request, JobContext<Long> context) {
                    return "done";
                }
            }.execute(done);
            assertThat(direct.type()).isEqualTo(Outcome.Type.SUCCEEDED);

            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch saving = new CountDownLatch(1);
                String queueName = "progress-" + round;
                QueueWorker worker = QueueWorker.builder(queue)
                        .job(queueName, new ProgressLoopJob(repository, saving, sawInterrupt))
                        .concurrency(1)
                        .build()
                        .start();
                Long id = client.queueJob(queueName, "alice", new Req(round));
                queued.add(id);
                assertThat(saving.await(30, TimeUnit.SECONDS))
                        .as("round %d: the job saves progress", round)
                        .isTrue();

                assertThat(worker.close(Duration.ZERO))
                        .as("round %d: the job was still running, so it was interrupted", round)
                        .isFalse();

                // The process can still write: a new job is queued through the pool.
                queued.add(client.queueJob("after-" + round, "alice", new Req(round)));
                assertThat(repository.getJob(id).getStatus())
                        .as("round %d: the interrupted job stays under its lease", round)
                        .isEqualTo(JobStatus.RUNNING);
            }

            assertThat(sawInterrupt.get())
                    .as("every interrupted job saw its interrupt (H2 kept the thread's flag)")
                    .isEqualTo(ROUNDS);
            for (Long id : queued) {
                assertThat(repository.getJob(id)).as("job %d", id).isNotNull();
            }
            assertThat(repository.getJob(done).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            // A connection of its own, outside the pool, finds the same database open and whole.
            try (Connection own = DriverManager.getConnection(url);
                    Statement statement = own.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM background_jobs")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(queued.size() + 1L);
            }
        } finally {
            H2FileDatabase.shutdown(url, null, null);
        }
    }
}
