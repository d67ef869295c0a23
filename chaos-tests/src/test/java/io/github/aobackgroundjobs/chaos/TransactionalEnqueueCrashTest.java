package io.github.aobackgroundjobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.jdbc.H2FileDatabase;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transactional form of queueing when the application process is SIGKILLed: after the
 * commit and before {@code UnsentJob.send()}, the committed job stays PENDING with no message,
 * and the sweeper's next pass sends it and a worker runs it once; before the commit, neither the
 * order nor the job exists. On an H2 file (durable settings) and on a real PostgreSQL, the queue
 * on Azurite shared by both processes.
 */
class TransactionalEnqueueCrashTest {

    /** The job's request: the order it ships. */
    public record ShipOrder(long orderId) {}

    static final class ShipOrderJob extends BackgroundJobBase<Long, ShipOrder, String> {
        final AtomicInteger runs = new AtomicInteger();

        ShipOrderJob(JobRepositoryBase<Long> repository) {
            super(repository, ShipOrder.class, String.class, JobOptions.defaults());
        }

        @Override
        protected String onExecute(ShipOrder request, JobContext<Long> context) {
            runs.incrementAndGet();
            return "shipped " + request.orderId();
        }
    }

    private static Azurite azurite;
    private static ChaosPostgres postgres;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Path.of("target", "chaos", "tx-crash-" + System.currentTimeMillis())
                .toAbsolutePath();
        Files.createDirectories(dir);
        azurite = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .build();
        postgres = new ChaosPostgres(dir.resolve("pg"));
        postgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void h2AKillAfterTheCommitLeavesAPendingJobTheSweeperSends() throws Exception {
        String url = H2FileDatabase.url(dir.resolve("h2-after-commit"));
        killedAfterCommit(url, "sa", () -> shutdownH2(url));
    }

    @Test
    void postgresAKillAfterTheCommitLeavesAPendingJobTheSweeperSends() throws Exception {
        killedAfterCommit(postgresUrl(), "postgres", () -> {});
    }

    @Test
    void h2AKillBeforeTheCommitLeavesNothing() throws Exception {
        String url = H2FileDatabase.url(dir.resolve("h2-before-commit"));
        killedBeforeCommit(url, "sa", () -> shutdownH2(url));
    }

    @Test
    void postgresAKillBeforeTheCommitLeavesNothing() throws Exception {
        killedBeforeCommit(postgresUrl(), "postgres", () -> {});
    }

    private void killedAfterCommit(String url, String user, Runnable closeDatabase) throws Exception {
        String queueName = Azurite.randomQueueName("tx-after");
        DataSource ds = TransactionalEnqueueMain.dataSource(url, user);
        JdbiJobRepository<Long> repository = prepare(ds);
        closeDatabase.run();
        long id = runAndKill(url, user, queueName, 1, "afterCommit", "committed ");

        AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(azurite.connectionString());
        BackgroundJobInfo<Long> job = repository.getJob(id);
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.getSentAt()).as("never sent").isNull();
        assertThat(orders(ds)).as("the order committed with the job").isEqualTo(1);
        assertThat(queue.receive(queueName, 32, Duration.ofSeconds(1)))
                .as("no message")
                .isEmpty();

        // The sweeper's next pass once the unsent grace has passed (the worker's own sweeper
        // would do the same a minute later).
        assertThat(sweepAfterGrace(repository, queue).resent()).isEqualTo(1);
        ShipOrderJob shipping = new ShipOrderJob(repository);
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        try (QueueWorker worker =
                QueueWorker.builder(queue).job(queueName, shipping).build().start()) {
            BackgroundJobInfo<Long> done = client.awaitCompletion(id, Duration.ofSeconds(60));
            assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.getResultData()).contains("shipped 1");
        }
        assertThat(shipping.runs).hasValue(1);
        closeDatabase.run();
    }

    private void killedBeforeCommit(String url, String user, Runnable closeDatabase) throws Exception {
        String queueName = Azurite.randomQueueName("tx-before");
        DataSource ds = TransactionalEnqueueMain.dataSource(url, user);
        JdbiJobRepository<Long> repository = prepare(ds);
        closeDatabase.run();
        long id = runAndKill(url, user, queueName, 2, "beforeCommit", "inserted ");

        assertThat(repository.findJob(id)).as("no record").isEmpty();
        assertThat(orders(ds)).as("no order").isZero();
        AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(azurite.connectionString());
        assertThat(queue.receive(queueName, 32, Duration.ofSeconds(1)))
                .as("no message")
                .isEmpty();
        assertThat(sweepAfterGrace(repository, queue).resent())
                .as("nothing to repair")
                .isZero();
        closeDatabase.run();
    }

    /** One sweep as it runs once the unsent grace has passed. */
    private static JobSweeper.SweepReport sweepAfterGrace(
            JdbiJobRepository<Long> repository, AzureStorageJobQueue queue) {
        return JobSweeper.builder(repository, queue)
                .clock(Clock.offset(Clock.systemUTC(), JobSweeper.DEFAULT_UNSENT_GRACE.plusSeconds(1)))
                .build()
                .sweepOnce();
    }

    private static JdbiJobRepository<Long> prepare(DataSource ds) throws SQLException {
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders");
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY)");
            s.execute("DELETE FROM background_jobs");
        }
        return repository;
    }

    /** Starts the application process, waits for its report, SIGKILLs it; returns the job's id. */
    private long runAndKill(String url, String user, String queueName, long orderId, String stage, String prefix)
            throws Exception {
        Path out = dir.resolve(stage + "-" + queueName + ".txt");
        Path log = dir.resolve(stage + "-" + queueName + ".log");
        ChaosProcess app = ChaosProcess.start(
                "app-" + stage,
                TransactionalEnqueueMain.class,
                log,
                List.of(
                        "url=" + url,
                        "user=" + user,
                        "connectionString=" + azurite.connectionString(),
                        "queue=" + queueName,
                        "orderId=" + orderId,
                        "stage=" + stage,
                        "out=" + out));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String line = null;
        while (line == null) {
            assertThat(app.isAlive())
                    .as("the application process runs (log: %s)", log)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("the application reports in time (log: %s)", log)
                    .isLessThan(deadline);
            if (Files.exists(out)) {
                line = Files.readAllLines(out).stream()
                        .filter(l -> l.startsWith(prefix))
                        .findFirst()
                        .orElse(null);
            }
            if (line == null) {
                Thread.sleep(20);
            }
        }
        assertThat(app.kill()).as("the application process is gone").isTrue();
        return Long.parseLong(line.substring(prefix.length()).trim());
    }

    private static int orders(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void shutdownH2(String url) {
        try (Connection c = TransactionalEnqueueMain.dataSource(url, "sa").getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("H2 did not shut down: " + url, e);
        }
    }

    private static String postgresUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres";
    }
}
