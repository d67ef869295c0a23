package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.samples.notification.DemoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application on the notification demo's embedded defaults: job records in an H2 file
 * database opened as the demo opens it ({@code DemoDatabase}: a pool, H2's durable settings), an {@link InMemoryJobQueue}, a
 * {@link QueueJobClient} and a {@link QueueWorker} in the same process with the demo's retry
 * policy ({@link RetryPolicy#none()}) and nothing configured for recovery: what it gets is the
 * library's defaults (the worker's start-up recovery and default sweeper). On SIGTERM it closes the worker as the demo does, with a short grace.
 * Every 100 ms it writes its state (running jobs, recovery, records per status) to a file, so
 * the test never opens the database while the process holds it.
 *
 * <p>Arguments, {@code key=value}: db (file path without {@code .mv.db}), jobs (to queue at
 * start, 0 for none), seed, minMillis, maxMillis, leaseMillis, shutdownMillis, status.
 */
public final class EmbeddedAppMain {

    static final String QUEUE = "reports";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAppMain.class);

    private EmbeddedAppMain() {}

    /**
     * @param args {@code key=value} pairs, see the class comment
     * @throws Exception if the application cannot start
     */
    public static void main(String[] args) throws Exception {
        ChaosArgs a = ChaosArgs.parse(args);
        long pid = ProcessHandle.current().pid();
        Path status = Paths.get(a.get("status"));
        // The demo's own code: a pool on the H2 file with the durable settings.
        DemoDatabase database = DemoDatabase.open("jdbc:h2:file:" + a.get("db"), "", "");
        DataSource dataSource = database.dataSource();
        JdbiJobRepository<Long> repository = database.repository();
        CountedJob.createRunsTable(dataSource);
        Clock clock = Clock.systemUTC();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .workerId("app-" + pid)
                .leaseDuration(Duration.ofMillis(a.getLong("leaseMillis")))
                .retryPolicy(RetryPolicy.none())
                .build();
        QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, new CountedJob(repository, options, dataSource))
                .concurrency(4)
                .maxPollInterval(Duration.ofMillis(200))
                .name("app-" + pid)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Duration grace = Duration.ofMillis(a.getLong("shutdownMillis"));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            worker.close(grace);
                            database.shutdown();
                            stopped.countDown();
                        },
                        "app-shutdown"));

        Thread reporter = new Thread(() -> report(status, pid, worker, dataSource), "app-status");
        reporter.setDaemon(true);
        reporter.start();
        // Queued before the worker starts, as a web application accepts requests while its worker comes up: a
        // backlog from the start (and duplicates from the start-up recovery, which the claim makes harmless).
        int jobs = (int) a.getLong("jobs");
        if (jobs > 0) {
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).clock(clock).build();
            Random random = new Random(a.getLong("seed"));
            int min = (int) a.getLong("minMillis");
            int span = (int) a.getLong("maxMillis") - min + 1;
            for (int i = 0; i < jobs; i++) {
                client.queueJob(QUEUE, "user" + (i % 5), new Nap(min + random.nextInt(span)));
            }
        }
        worker.start();
        LOG.info("Application {} started; {} jobs queued", pid, jobs);
        stopped.await();
    }

    /** A plain data source on the file, for reading it once the application's process is gone. */
    static JdbcDataSource dataSource(String file) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + file);
        ds.setUser("");
        ds.setPassword("");
        return ds;
    }

    private static void report(Path status, long pid, QueueWorker worker, DataSource dataSource) {
        Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
        while (true) {
            try {
                long[] counts = new long[6];
                try (Connection c = dataSource.getConnection();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM "
                                + JdbiJobRepository.DEFAULT_TABLE_NAME + " GROUP BY status")) {
                    while (rs.next()) {
                        counts[rs.getInt(1)] = rs.getLong(2);
                    }
                }
                StringBuilder sb = new StringBuilder("pid=" + pid + "\nrunning=" + worker.runningCount()
                        + "\nrecovering=" + worker.isRecovering() + "\n");
                for (int i = 0; i < counts.length; i++) {
                    sb.append("status").append(i).append('=').append(counts[i]).append('\n');
                }
                Files.writeString(tmp, sb.toString());
                Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | java.sql.SQLException | RuntimeException e) {
                LOG.debug("Cannot write the status file {}", status, e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
