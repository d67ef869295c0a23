package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * What README.md and docs/reliability.md promise while the database is down, on H2 behind its
 * TCP server, stopped and started again: queueing reports the outage and sends nothing, a
 * delivery decides nothing and leaves its message, and the job runs once the database is back.
 */
class ReliabilityDocumentedTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    record Report(String title) {}

    static final class ReportJob extends BackgroundJobBase<Long, Report, String> {
        final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

        ReportJob(JobRepositoryBase<Long> repository) {
            super(repository, Report.class, String.class, JobOptions.defaults());
        }

        @Override
        protected String onExecute(Report request, JobContext<Long> context) {
            runs.computeIfAbsent(context.id(), k -> new AtomicInteger()).incrementAndGet();
            return request.title();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Server startServer(int port) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists")
                .start();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void whileTheDatabaseIsDownNothingIsQueuedOrDecidedAndEveryJobRunsOnceItIsBack() throws Exception {
        int port = freePort();
        Server server = startServer(port);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:reliability" + SEQUENCE.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds)
                .createOrMigrateSchema(true)
                .queryTimeout(Duration.ofSeconds(2))
                .build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        ReportJob job = new ReportJob(repository);
        // Due in two seconds: its message is first received while the database is down.
        long queued = client.queueJob("reports", "alice", new Report("before"), Duration.ofSeconds(2));
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", job)
                .maxOutageBackoff(Duration.ofMillis(200))
                .build()
                .start()) {
            await(() -> !worker.isRecovering(), "the worker's start-up recovery is done");
            server.stop();

            assertThatThrownBy(() -> client.queueJob("reports", "alice", new Report("during")))
                    .isInstanceOf(JobStoreUnavailableException.class);
            assertThat(queue.approximateLength("reports"))
                    .as("a record not saved sends nothing")
                    .hasValue(1);
            assertThatThrownBy(() -> job.execute(queued)).isInstanceOf(JobStoreUnavailableException.class);

            await(worker::isStoreDown, "the worker sees the store down");
            assertThat(job.runs).isEmpty();
            assertThat(queue.messageTexts("reports")).hasSize(1);
            assertThat(queue.approximateLength(queue.poisonQueueName("reports")))
                    .as("an outage poisons nothing")
                    .hasValue(0);

            server = startServer(port);
            await(() -> repository.getJob(queued).getStatus() == JobStatus.SUCCEEDED, "the job ran after the outage");
            // The producer's documented way through the outage: queue again what was not saved.
            long again = client.queueJob("reports", "alice", new Report("during"));
            assertThat(client.awaitCompletion(again, LIMIT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.runs.get(queued).get()).isEqualTo(1);
            assertThat(repository.getJob(queued).getAttempts()).isEqualTo(1);
            assertThat(queue.approximateLength(queue.poisonQueueName("reports")))
                    .hasValue(0);
        } finally {
            server.stop();
        }
    }
}
