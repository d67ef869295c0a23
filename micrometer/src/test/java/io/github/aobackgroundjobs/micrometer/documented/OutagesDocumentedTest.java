package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** docs/metrics.md: the store.down gauge, deliveries an outage leaves undecided, the length of a queue that is down. */
class OutagesDocumentedTest {

    /** An H2 database behind a switch: while off, every new connection fails as an unreachable server's does. */
    static final class SwitchableDataSource implements DataSource {
        final JdbcDataSource h2 = new JdbcDataSource();
        volatile boolean down;

        SwitchableDataSource() {
            h2.setURL("jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLNonTransientConnectionException("switched off by the test", "08001");
            }
            return h2.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }

        void shutdown() throws SQLException {
            try (Connection c = h2.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static double finished(MeterRegistry registry) {
        return registry.find(BackgroundJobsMetrics.FINISHED).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void storeDownIsOneWhileTheWorkerBacksOffAndTheUndecidedDeliveryIsNotCountedButInStats() throws Exception {
        SwitchableDataSource database = new SwitchableDataSource();
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(Jdbi.create(database))
                .createOrMigrateSchema(true)
                .build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
                QueueWorker worker = QueueWorker.builder(queue)
                        .name("reports-worker")
                        .job("reports", new ReportJob(repository))
                        .listener(metrics)
                        .maxOutageBackoff(Duration.ofMillis(200))
                        .maxPollInterval(Duration.ofMillis(50))
                        .noSweeper()
                        .build()) {
            worker.start();
            await("the start-up recovery", () -> !worker.isRecovering());
            metrics.bindTo(worker);
            Gauge storeDown = registry.get(BackgroundJobsMetrics.STORE_DOWN)
                    .tag("worker", "reports-worker")
                    .gauge();
            assertThat(storeDown.value()).isZero();

            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            // Due once the database is off: its delivery cannot claim it.
            Long id = client.queueJob(
                    "reports", "alice", "ReportRequest", new ReportRequest("daily"), Duration.ofSeconds(1));
            database.down = true;
            await("the worker to back off", worker::isStoreDown);
            assertThat(storeDown.value()).isEqualTo(1.0);
            assertThat(worker.stats().storeErrors()).isPositive();
            assertThat(finished(registry))
                    .as("a delivery that decided nothing is not counted")
                    .isZero();

            database.down = false;
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(15)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            await("the success counted", () -> finished(registry) == 1);
            await("the back-off to end", () -> storeDown.value() == 0.0);
            assertThat(registry.get(BackgroundJobsMetrics.FINISHED)
                            .tags("queue", "reports", "outcome", "succeeded")
                            .counter()
                            .count())
                    .isEqualTo(1);
        } finally {
            database.down = false;
            database.shutdown();
        }
    }

    /** An in-memory queue whose service can be switched off for length reads. */
    static final class SwitchableQueue extends ForwardingJobQueue {
        volatile boolean down;

        SwitchableQueue() {
            super(new InMemoryJobQueue());
        }

        @Override
        public OptionalLong approximateLength(String queueName) {
            if (down) {
                throw new JobQueueUnavailableException(queueName, "switched off by the test", null);
            }
            return super.approximateLength(queueName);
        }
    }

    @Test
    void theQueueLengthReadsNaNWhileTheQueueCannotBeReachedAndTheCountOnceItAnswers() throws Exception {
        SwitchableQueue queue = new SwitchableQueue();
        queue.send("reports", "x", Duration.ZERO);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, Duration.ofMillis(20))) {
            QueueWorker worker = QueueWorker.builder(queue)
                    .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                    .listener(metrics)
                    .build();
            metrics.bindTo(worker);
            Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH)
                    .tag("queue", "reports")
                    .gauge();
            await("the first answer", () -> length.value() == 1.0);
            queue.down = true;
            await("NaN while the queue is down", () -> Double.isNaN(length.value()));
            queue.down = false;
            await("the count again", () -> length.value() == 1.0);
        }
    }

    /** An in-memory queue whose first delete fails as an unreachable service's would. */
    static final class FirstDeleteFails extends ForwardingJobQueue {
        final java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();

        FirstDeleteFails() {
            super(new InMemoryJobQueue());
        }

        @Override
        public void delete(String queueName, QueueMessage message) {
            if (failed.compareAndSet(false, true)) {
                throw new JobQueueUnavailableException(queueName, "switched off by the test", null);
            }
            super.delete(queueName, message);
        }
    }

    @Test
    void aDeliveryWhoseMessageCouldNotBeSettledIsNotCountedAndItsRedeliveryCountsAlreadyDone() throws Exception {
        FirstDeleteFails queue = new FirstDeleteFails();
        var repository = InMemoryJobRepository.withLongKeys();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
                QueueWorker worker = QueueWorker.builder(queue)
                        .job(
                                "reports",
                                new ReportJob(
                                        repository,
                                        JobOptions.builder()
                                                .leaseDuration(Duration.ofSeconds(1))
                                                .build()))
                        .listener(metrics)
                        .visibilityTimeout(Duration.ofSeconds(2))
                        .maxPollInterval(Duration.ofMillis(50))
                        .noSweeper()
                        .build()) {
            metrics.bindTo(worker);
            worker.start();
            await("the start-up recovery", () -> !worker.isRecovering());
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            await("the redelivery counted", () -> finished(registry) == 1);
            assertThat(registry.get(BackgroundJobsMetrics.FINISHED)
                            .tags("queue", "reports", "outcome", "already_done")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(BackgroundJobsMetrics.FINISHED)
                            .tags("queue", "reports", "outcome", "succeeded")
                            .counter()
                            .count())
                    .as("the run whose message could not be deleted")
                    .isZero();
            assertThat(worker.stats().queueErrors()).isEqualTo(1);
        }
    }
}
