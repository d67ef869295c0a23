package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops while a {@link QueueWorker} runs 500 jobs and starts again 10 s later: the
 * worker backs off, then finishes every job; none is lost, none runs twice, and no message is
 * dead-lettered because of the outage.
 */
class PostgresOutageTest {

    private static final int JOBS = 500;
    private static final String QUEUE = "outage-jobs";

    /** The request: how long to sleep. */
    public record Nap(int millis) {}

    /** Sleeps, and counts its runs per job. */
    static final class NapJob extends BackgroundJobBase<Long, Nap, String> {
        final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

        NapJob(JdbiJobRepository<Long> repository, JobOptions options) {
            super(repository, Nap.class, String.class, options);
        }

        @Override
        protected String onExecute(Nap request, JobContext<Long> context) throws Exception {
            runs.computeIfAbsent(context.id(), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(request.millis());
            return "slept";
        }
    }

    @Test
    void theWorkerBacksOffWhileTheDatabaseIsDownAndFinishesEveryJobOnce() throws Exception {
        Path dataDirectory = Files.createTempDirectory("outage-pg");
        int port = freePort();
        EmbeddedPostgres postgres = start(dataDirectory, port);
        HikariDataSource pool = pool(port);
        QueueWorker worker = null;
        try {
            JdbiJobRepository<Long> repository = JdbiJobRepository.builder(pool)
                    .createOrMigrateSchema(true)
                    .queryTimeout(Duration.ofSeconds(2))
                    .build();
            Clock clock = Clock.systemUTC();
            InMemoryJobQueue queue = new InMemoryJobQueue(clock);
            JobOptions options = JobOptions.builder()
                    .clock(clock)
                    .retryPolicy(RetryPolicy.none())
                    .leaseDuration(Duration.ofSeconds(30))
                    .completionRetryTimeout(Duration.ofMinutes(2))
                    .build();
            NapJob job = new NapJob(repository, options);
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).clock(clock).build();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(client.queueJob(QUEUE, "user" + (i % 7), new Nap(20)));
            }
            worker = QueueWorker.builder(queue)
                    .job(QUEUE, job)
                    .concurrency(8)
                    .maxOutageBackoff(Duration.ofSeconds(2))
                    .build()
                    .start();
            await().atMost(Duration.ofSeconds(60)).until(() -> job.runs.size() >= 100);

            postgres.close();
            long downAt = System.nanoTime();
            assertThatThrownBy(repository::checkAvailable).isInstanceOf(JobStoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - downAt))
                    .as("the outage is reported quickly")
                    .isLessThan(Duration.ofSeconds(5));
            // A job claimed just before the server went away may still be entering onExecute: let it.
            Thread.sleep(500);
            int ranDuringOutage = job.runs.size();
            // The outage of the scenario: 10 seconds of wall time, not a timing assertion.
            Thread.sleep(Math.max(
                    0, 10_000 - Duration.ofNanos(System.nanoTime() - downAt).toMillis()));
            assertThat(job.runs.size())
                    .as("no job starts while the store is down")
                    .isLessThanOrEqualTo(ranDuringOutage);
            postgres = start(dataDirectory, port);

            // The restarted server may refuse the first connections while it finishes starting.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(JobStoreUnavailableException.class)
                    .until(() -> repository
                                    .findJobs(JobQuery.builder()
                                            .statuses(JobStatus.SUCCEEDED)
                                            .countCap(JOBS)
                                            .build())
                                    .total()
                            == JOBS);

            assertThat(job.runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(job.runs.values())
                    .allSatisfy(n -> assertThat(n.get()).as("runs of one job").isEqualTo(1));
            assertThat(worker.stats().deadLettered()).isZero();
            assertThat(queue.approximateLength(QUEUE + "-poison").orElse(0)).isZero();
            assertThat(worker.stats().unexpectedErrors()).isZero();
        } finally {
            if (worker != null) {
                worker.close(Duration.ofSeconds(10));
            }
            pool.close();
            postgres.close();
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("timezone", TestDatabases.SESSION_ZONE.getId())
                .start();
    }

    private static HikariDataSource pool(int port) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(TestDatabases.postgresDataSource(port));
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(5_000);
        return new HikariDataSource(config);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
