package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Health of a worker and a client on the Jdbi repository over a real H2 TCP server: up while it
 * runs; the repository check, then the worker's store back-off, down once it is stopped; and a
 * probe of a database server that accepts connections but never answers ends at the timeout.
 */
class WorkerHealthOnH2Test {

    private static final String QUEUE = "health-h2";

    private static JdbcDataSource dataSource(int port, String database) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + database + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aStoppedDatabaseServerTurnsTheRepositoryCheckDown_thenTheStoreBackOff() throws Exception {
        int port = freePort();
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists")
                .start();
        QueueWorker worker = null;
        try {
            JdbiJobRepository<Long> repository = JdbiJobRepository.builder(
                            Jdbi.create(dataSource(port, TestDatabases.uniqueName("health"))))
                    .createOrMigrateSchema(true)
                    .build();
            InMemoryJobQueue queue = new InMemoryJobQueue();
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            worker = QueueWorker.builder(queue)
                    .job(QUEUE, new PostgresOutageTest.NapJob(repository, JobOptions.defaults()))
                    .maxOutageBackoff(Duration.ofMillis(200))
                    .build()
                    .start();
            QueueWorker running = worker;
            await().atMost(Duration.ofSeconds(10)).until(() -> !running.isRecovering());

            HealthReport up = worker.checkHealth();
            assertThat(up.up()).as("%s", up).isTrue();
            assertThat(client.checkHealth(QUEUE).up()).isTrue();

            // Due after the server is gone: its delivery finds the store down.
            client.queueJob(QUEUE, "alice", new PostgresOutageTest.Nap(0), Duration.ofSeconds(1));
            h2.stop();

            HealthReport repositoryDown = client.checkHealth(QUEUE);
            assertThat(repositoryDown.up()).isFalse();
            HealthReport.Check repositoryCheck =
                    repositoryDown.check("repository").orElseThrow();
            assertThat(repositoryCheck.up()).isFalse();
            assertThat(repositoryCheck.details().get("error")).contains("JobStoreUnavailableException");
            assertThat(repositoryDown.check("queue:" + QUEUE).orElseThrow().up())
                    .isTrue();

            await().atMost(Duration.ofSeconds(15)).until(running::isStoreDown);
            HealthReport backingOff = worker.checkHealth();
            assertThat(backingOff.up()).isFalse();
            assertThat(backingOff.check("store").orElseThrow().up()).isFalse();
            assertThat(backingOff.check("store").orElseThrow().details()).containsEntry("backingOff", "true");
            assertThat(backingOff.check("worker").orElseThrow().up())
                    .as("the worker itself runs: a liveness probe must not restart it for a database outage")
                    .isTrue();

            h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists")
                    .start();
            await().atMost(Duration.ofSeconds(15)).until(() -> !running.isStoreDown());
            assertThat(worker.checkHealth().up()).isTrue();
        } finally {
            if (worker != null) {
                worker.close(Duration.ofSeconds(5));
            }
            h2.stop();
        }
    }

    @Test
    void aDatabaseThatNeverAnswersIsReportedDownAtTheTimeout_withoutPilingUpProbes() throws Exception {
        int port = freePort();
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists")
                .start();
        // Accepts connections (the backlog) and never answers: a hung server, or a dropped network path.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String database = TestDatabases.uniqueName("silent");
            JdbcDataSource ds = dataSource(port, database);
            JdbiJobRepository<Long> repository = JdbiJobRepository.builder(Jdbi.create(ds))
                    .createOrMigrateSchema(true)
                    .build();
            QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                    .job(QUEUE, new PostgresOutageTest.NapJob(repository, JobOptions.defaults()))
                    .build();
            assertThat(worker.checkHealth().up()).as("not started").isFalse();
            assertThat(worker.checkHealth().check("repository").orElseThrow().up())
                    .isTrue();
            // The database now lives behind a server that never answers.
            ds.setURL(dataSource(silent.getLocalPort(), database).getURL());

            long start = System.nanoTime();
            HealthReport report = worker.checkHealth(Duration.ofMillis(300));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(tookMillis).as("the probe returns at its timeout").isLessThan(5_000);
            HealthReport.Check check = report.check("repository").orElseThrow();
            assertThat(check.up()).isFalse();
            assertThat(check.details()).containsEntry("error", "no answer within 300 ms");
            assertThat(report.check("queue:" + QUEUE).orElseThrow().up()).isTrue();

            long probesBefore = healthThreads();
            for (int i = 0; i < 3; i++) {
                assertThat(worker.checkHealth(Duration.ofMillis(100)).up()).isFalse();
            }
            assertThat(healthThreads()).as("later probes join the hanging one").isLessThanOrEqualTo(probesBefore);
        } finally {
            h2.stop();
        }
    }

    private static long healthThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("backgroundjobs-health") && t.isAlive())
                .filter(t -> t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING)
                .count();
    }
}
