package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Under Spring's transaction management: a repository given a
 * {@link TransactionAwareDataSourceProxy} writes on connections of its own, so the plain
 * {@code queueJob} neither joins nor commits the application's open transaction (it used to
 * switch the transaction's connection to auto-commit, which commits it); the transactional form
 * joins it through {@link DataSourceUtils} and sends after the commit.
 */
class TransactionAwareDataSourceTest {

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void thePlainQueueJobNeverCommitsTheApplicationsTransaction(RepositoryFixture.Database database)
            throws SQLException, InterruptedException {
        DataSource pool =
                database == RepositoryFixture.Database.H2 ? TestDatabases.h2() : TestDatabases.postgresPool(4);
        String schema = TestDatabases.uniqueName("s");
        try {
            JdbiJobRepository<Long> repository = JdbiJobRepository.builder(new TransactionAwareDataSourceProxy(pool))
                    .schema(schema)
                    .createOrMigrateSchema(true)
                    .build();
            execute(pool, "CREATE TABLE " + schema + ".orders (id BIGINT PRIMARY KEY)");
            InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));

            AtomicReference<Long> jobId = new AtomicReference<>();
            tx.executeWithoutResult(status -> {
                execute(DataSourceUtils.getConnection(pool), "INSERT INTO " + schema + ".orders VALUES (1)");
                jobId.set(client.queueJob("orders", "alice", new ApplicationTransactionContract.ShipOrder(1)));
                status.setRollbackOnly();
            });

            assertThat(count(pool, schema + ".orders"))
                    .as("the application's rolled-back row was not committed by the repository")
                    .isZero();
            assertThat(repository.getJob(jobId.get()).getStatus())
                    .as("the plain form commits the job on its own connection")
                    .isEqualTo(JobStatus.PENDING);

            AtomicReference<UnsentJob<Long>> unsent = new AtomicReference<>();
            tx.executeWithoutResult(status -> {
                Connection app = DataSourceUtils.getConnection(pool);
                execute(app, "INSERT INTO " + schema + ".orders VALUES (2)");
                UnsentJob<Long> job = client.queueJobInTransaction(
                        app, "orders", "alice", new ApplicationTransactionContract.ShipOrder(2));
                unsent.set(job);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        job.send();
                    }
                });
            });
            assertThat(count(pool, schema + ".orders")).isEqualTo(1);
            assertThat(unsent.get().isSent()).isTrue();
            assertThat(client.awaitSentMarks(Duration.ofSeconds(10)))
                    .as("sent marks written behind")
                    .isTrue();
            assertThat(repository.getJob(unsent.get().id()).getSentAt()).isNotNull();
            assertThat(queue.approximateLength("orders").orElseThrow()).isEqualTo(2);

            tx.executeWithoutResult(status -> {
                Connection app = DataSourceUtils.getConnection(pool);
                unsent.set(client.queueJobInTransaction(
                        app, "orders", "alice", new ApplicationTransactionContract.ShipOrder(3)));
                status.setRollbackOnly();
            });
            assertThat(repository.findJob(unsent.get().id())).isEmpty();
        } finally {
            execute(
                    pool,
                    database == RepositoryFixture.Database.H2 ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
            if (pool instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection()) {
            execute(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void execute(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static int count(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
