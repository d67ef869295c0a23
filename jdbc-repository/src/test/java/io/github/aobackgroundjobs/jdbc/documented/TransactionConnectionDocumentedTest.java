package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * docs/transactions.md, "What the library does with your connection", on H2 in memory: what
 * the transactional form does to the application's connection, and what it throws.
 */
class TransactionConnectionDocumentedTest {

    record ShipOrder(long orderId) {}

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void shutDown(DataSource ds) {
        try {
            exec(ds, "SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands every call to the real object and writes down its name (and a statement's SQL). */
    private static <T> T recording(Class<T> type, T real, List<String> calls) {
        InvocationHandler handler = (proxy, method, args) -> {
            String call = type.getSimpleName() + "." + method.getName();
            if (args != null && args.length > 0 && args[0] instanceof String sql) {
                call += " " + sql;
            } else if (args != null && args.length == 1 && args[0] instanceof Integer value) {
                call += " " + value;
            }
            calls.add(call);
            try {
                Object result = method.invoke(real, args);
                if (result instanceof PreparedStatement statement) {
                    return recording(PreparedStatement.class, statement, calls);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(
                TransactionConnectionDocumentedTest.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Test
    void itRunsOneInsertWithTheQueryTimeoutAndNeverCommitsRollsBackClosesOrChangesAutoCommit() throws Exception {
        JdbcDataSource ds = h2();
        var repository = JdbiJobRepository.builder(ds)
                .createOrMigrateSchema(true)
                .queryTimeout(Duration.ofSeconds(7))
                .build();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        List<String> calls = new ArrayList<>();
        try (Connection real = ds.getConnection()) {
            real.setAutoCommit(false);
            Connection connection = recording(Connection.class, real, calls);
            client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1));
            real.rollback();
        } finally {
            shutDown(ds);
        }
        List<String> onTheConnection = calls.stream()
                .filter(c -> c.startsWith("Connection.") && !c.equals("Connection.isClosed"))
                .toList();
        assertThat(onTheConnection)
                .as("one statement prepared, nothing committed, rolled back, closed or changed")
                .singleElement()
                .satisfies(c -> assertThat(c.toUpperCase(Locale.ROOT))
                        .startsWith("CONNECTION.PREPARESTATEMENT")
                        .contains("INSERT INTO"));
        assertThat(calls)
                .as("the repository's query timeout, in seconds")
                .contains("PreparedStatement.setQueryTimeout 7");
        assertThat(calls.stream()
                        .filter(c -> c.startsWith("PreparedStatement.execute"))
                        .count())
                .as("one statement run: %s", calls)
                .isEqualTo(1);
    }

    @Test
    void onAConnectionInAutoCommitTheInsertCommitsAtOnce() throws Exception {
        JdbcDataSource ds = h2();
        var repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        try (Connection connection = ds.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            UnsentJob<Long> job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(2));
            assertThat(connection.getAutoCommit()).as("left as it was").isTrue();
            // Read on the repository's own connections: committed, with nothing else done.
            assertThat(repository.getJob(job.id()).getStatus()).isEqualTo(JobStatus.PENDING);
        } finally {
            shutDown(ds);
        }
    }

    @Test
    void theInsertNamesTheRepositorysSchemaSoTheConnectionsCurrentSchemaDoesNotMatter() throws Exception {
        JdbcDataSource ds = h2();
        try {
            exec(ds, "CREATE SCHEMA jobs");
            exec(ds, "CREATE SCHEMA shop");
            exec(ds, "CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, item VARCHAR(20))");
            var repository = JdbiJobRepository.builder(ds)
                    .schema("jobs")
                    .createOrMigrateSchema(true)
                    .build();
            InMemoryJobQueue queue = new InMemoryJobQueue();
            var client = QueueJobClient.builder(repository, queue).build();
            UnsentJob<Long> job;
            try (Connection connection = ds.getConnection()) {
                connection.setAutoCommit(false);
                connection.setSchema("SHOP");
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate("INSERT INTO orders (id, item) VALUES (5, 'lamp')");
                }
                job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(5));
                connection.commit();
                assertThat(connection.getSchema())
                        .as("the current schema left as it was")
                        .isEqualTo("SHOP");
            }
            job.send();
            assertThat(repository.getJob(job.id()).getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(queue.approximateLength("orders")).hasValue(1);
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jobs.background_jobs")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("the row is in the repository's schema")
                        .isEqualTo(1);
            }
        } finally {
            shutDown(ds);
        }
    }

    @Test
    void withoutASchemaTheTableIsLookedUpInTheConnectionsCurrentSchema() throws Exception {
        JdbcDataSource ds = h2();
        try {
            exec(ds, "CREATE SCHEMA shop");
            var repository =
                    JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
            var client =
                    QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
            try (Connection connection = ds.getConnection()) {
                connection.setAutoCommit(false);
                connection.setSchema("SHOP");
                assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(5)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("background_jobs");
                connection.rollback();
            }
        } finally {
            shutDown(ds);
        }
    }

    @Test
    void aConnectionClosedWithoutACommitLeavesNoOrderNoJobAndNoMessage() throws Exception {
        JdbcDataSource ds = h2();
        try {
            exec(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(20))");
            var repository =
                    JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
            InMemoryJobQueue queue = new InMemoryJobQueue();
            var client = QueueJobClient.builder(repository, queue).build();
            UnsentJob<Long> job;
            try (Connection connection = ds.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate("INSERT INTO orders (id, item) VALUES (42, 'book')");
                }
                job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(42));
            }
            assertThat(repository.findJob(job.id())).isEmpty();
            assertThatThrownBy(job::send).isInstanceOf(IllegalStateException.class);
            assertThat(queue.approximateLength("orders").orElse(0)).isZero();
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            shutDown(ds);
        }
    }

    @Test
    void aConnectionTheApplicationClosedIsAnIllegalStateExceptionSayingSo() throws Exception {
        JdbcDataSource ds = h2();
        try {
            var repository =
                    JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
            var client =
                    QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
            Connection closed = ds.getConnection();
            closed.close();
            assertThatThrownBy(() -> client.queueJobInTransaction(closed, "orders", "alice", new ShipOrder(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connection is closed");
        } finally {
            shutDown(ds);
        }
    }

    @Test
    void anInsertOnAConnectionWhoseDatabaseIsGoneIsJobStoreUnavailable() throws Exception {
        JdbcDataSource jobs = h2();
        var repository =
                JdbiJobRepository.builder(jobs).createOrMigrateSchema(true).build();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        try (Connection connection = jobs.getConnection()) {
            connection.setAutoCommit(false);
            shutDown(jobs);
            assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1)))
                    .isInstanceOf(JobStoreUnavailableException.class);
        }
    }
}
