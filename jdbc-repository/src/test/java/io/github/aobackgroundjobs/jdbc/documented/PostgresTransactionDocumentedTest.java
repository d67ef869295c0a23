package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.TestDatabases;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** docs/transactions.md on the embedded PostgreSQL: the sent mark written behind, a failed insert. */
class PostgresTransactionDocumentedTest {

    record ShipOrder(long orderId) {}

    @Test
    void onPostgresTheSentMarkLandsWithinFiveSecondsAfterSendNotBeforeAndAwaitSentMarksWaitsForIt() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("txmark");
        var repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        try (var client = QueueJobClient.builder(repository, queue).build()) {
            sendAndAwaitTheMark(client, ds, queue, repository);
        }
    }

    private static void sendAndAwaitTheMark(
            QueueJobClient<Long> client, DataSource ds, InMemoryJobQueue queue, JdbiJobRepository<Long> repository)
            throws Exception {
        UnsentJob<Long> job;
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(42));
            connection.commit();
        }
        long sentAt = System.nanoTime();
        job.send();
        assertThat(queue.approximateLength("orders")).hasValue(1);
        assertThat(repository.getJob(job.id()).getSentAt())
                .as("the mark is written behind send()")
                .isNull();
        assertThat(client.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - sentAt);
        assertThat(repository.getJob(job.id()).getSentAt()).isNotNull();
        assertThat(repository.getJob(job.id()).getSendCount()).isEqualTo(1);
        assertThat(took).as("within the default sentMarkDelay").isLessThan(Duration.ofSeconds(7));
    }

    @Test
    void onPostgresAFailedInsertNamesTheTableAndLeavesTheTransactionToBeRolledBack() throws Exception {
        DataSource jobs = TestDatabases.postgresInNewSchema("txjobs");
        DataSource elsewhere = TestDatabases.postgresInNewSchema("txother");
        var repository =
                JdbiJobRepository.builder(jobs).createOrMigrateSchema(true).build();
        try (var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                        .build();
                Connection connection = elsewhere.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY)");
            }
            assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("background_jobs");
            assertThat(connection.getAutoCommit()).isFalse();
            assertThat(connection.isClosed()).isFalse();
            try (Statement s = connection.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO orders (id) VALUES (1)"))
                        .as("PostgreSQL refuses every statement of an aborted transaction")
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("aborted");
            }
            connection.rollback();
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY)");
                assertThat(s.executeUpdate("INSERT INTO orders (id) VALUES (1)"))
                        .as("usable again once rolled back")
                        .isEqualTo(1);
            }
            connection.commit();
        }
    }
}
