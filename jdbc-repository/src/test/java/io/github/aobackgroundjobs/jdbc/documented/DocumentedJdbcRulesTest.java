package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Audit of docs/jdbc-repository.md and docs/transactions.md, read as a new user, on H2 in
 * memory: the builder's settings, the bounds of the repository's calls, and the transactional
 * form of queueing.
 */
class DocumentedJdbcRulesTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    record ShipOrder(long orderId) {}

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:documented" + SEQUENCE.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static JdbiJobRepository<Long> repository(DataSource ds) {
        return JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
    }

    private static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ options

    @Test
    void theBuilderDefaultsAndBounds() {
        assertThat(JdbiJobRepository.DEFAULT_TABLE_NAME).isEqualTo("background_jobs");
        assertThat(JdbiJobRepository.DEFAULT_QUERY_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(JdbiJobRepository.DEFAULT_GROUP_WRITES).isFalse();
        assertThat(JdbiJobRepository.MAX_LIMIT).isEqualTo(10_000);
        assertThat(JdbiJobRepository.MAX_BUCKETS).isEqualTo(10_080);
        var builder = JdbiJobRepository.builder(h2());
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queryTimeout'");
        assertThatCode(() -> builder.queryTimeout(Duration.ofSeconds(1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> builder.tableName("t".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tableName'");
        assertThatThrownBy(() -> builder.tableName("jobs; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tableName'");
        assertThatCode(() -> builder.tableName("t".repeat(40))).doesNotThrowAnyException();
        assertThatThrownBy(() -> builder.schema("a-b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'schema'");
    }

    @Test
    void theRepositoryCallsAreBoundedAsDocumented() {
        JdbiJobRepository<Long> repo = repository(h2());
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertLimit(() -> repo.findActiveJobs("alice", 0));
        assertLimit(() -> repo.findActiveJobs("alice", 10_001));
        assertThatCode(() -> repo.findActiveJobs("alice", 10_000)).doesNotThrowAnyException();
        assertLimit(() -> repo.findSweepCandidates(now, now, 0));
        assertLimit(() -> repo.findSweepCandidates(now, now, 10_001));
        assertLimit(() -> repo.findUpdatedSince(now, null, 10_001));
        assertLimit(() -> repo.findUnfinishedJobs(Set.of("reports"), null, 10_001));
        assertThatThrownBy(() -> repo.findUnfinishedJobs(Set.of(), null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueNames'");
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 101; i++) {
            many.add("queue-" + i);
        }
        assertThatThrownBy(() -> repo.findUnfinishedJobs(many, null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueNames'");
        many.remove("queue-0");
        assertThat(repo.findUnfinishedJobs(many, null, 10)).isEmpty();
        Instant to = now.truncatedTo(ChronoUnit.MINUTES);
        assertThatCode(() -> repo.statistics(
                        new StatisticsQuery(to.minus(Duration.ofMinutes(10_080)), to, ChronoUnit.MINUTES)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> repo.statistics(
                        new StatisticsQuery(to.minus(Duration.ofMinutes(10_081)), to, ChronoUnit.MINUTES)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        repo.claim(new ClaimRequest<>(1L, "w".repeat(101), now, Duration.ofSeconds(30), 5, null, "R")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repo.purge(now, EnumSet.of(JobStatus.PENDING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThatThrownBy(() -> JobQuery.builder().userName("u".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> JobQuery.builder().requestType("r".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
    }

    private static void assertLimit(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'limit'");
    }

    @Test
    void sentMarksAreSynchronousOnH2AndItSupportsApplicationTransactions() {
        JdbiJobRepository<Long> repo = repository(h2());
        assertThat(repo.sentMarksBehindByDefault()).isFalse();
        assertThat(repo.supportsApplicationTransactions()).isTrue();
        var client = QueueJobClient.builder(repo, new InMemoryJobQueue()).build();
        long id = client.queueJob("reports", "alice", new ShipOrder(1));
        assertThat(repo.getJob(id).getSentAt()).isNotNull();
        assertThat(repo.getJob(id).getSendCount()).isEqualTo(1);
    }

    @Test
    void aPoolLendingConnectionsOutsideAutoCommitStillCommitsEveryWrite() throws Exception {
        JdbcDataSource raw = h2();
        HikariConfig config = new HikariConfig();
        config.setDataSource(raw);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository<Long> repo = repository(pool);
            var client = QueueJobClient.builder(repo, new InMemoryJobQueue()).build();
            long id = client.queueJob("reports", "alice", new ShipOrder(2));
            assertThat(count(raw, "SELECT COUNT(*) FROM background_jobs WHERE id = " + id))
                    .isEqualTo(1);
            try (Connection c = pool.getConnection()) {
                assertThat(c.getAutoCommit()).as("handed back as it was lent").isFalse();
            }
        }
    }

    // ------------------------------------------------------------------ transactions.md

    @Test
    void commitThenSendSendsOneMessageHoweverOftenCalled() throws Exception {
        JdbcDataSource ds = h2();
        JdbiJobRepository<Long> repo = repository(ds);
        exec(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(20))");
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var client = QueueJobClient.builder(repo, queue).build();
        UnsentJob<Long> job;
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO orders (id, item) VALUES (?, ?)")) {
                insert.setLong(1, 42);
                insert.setString(2, "book");
                insert.executeUpdate();
            }
            job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(42));
            assertThat(connection.getAutoCommit())
                    .as("auto-commit left as it was")
                    .isFalse();
            assertThat(connection.isClosed()).isFalse();
            assertThat(queue.approximateLength("orders").orElse(-1))
                    .as("nothing sent")
                    .isZero();
            assertThatThrownBy(job::send)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("send() must follow the commit");
            assertThat(queue.approximateLength("orders").orElse(-1)).isZero();
            connection.commit();
        }
        job.send();
        job.send();
        assertThat(job.isSent()).isTrue();
        assertThat(queue.approximateLength("orders").orElse(-1)).isEqualTo(1);
        assertThat(repo.getJob(job.id()).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repo.getJob(job.id()).getSentAt()).isNotNull();
    }

    @Test
    void rollbackLeavesNoRecordAndSendThrowsWithoutSending() throws Exception {
        JdbcDataSource ds = h2();
        JdbiJobRepository<Long> repo = repository(ds);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var client = QueueJobClient.builder(repo, queue).build();
        UnsentJob<Long> job;
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1));
            connection.rollback();
        }
        assertThatThrownBy(job::send).isInstanceOf(IllegalStateException.class);
        assertThat(queue.approximateLength("orders").orElse(-1)).isZero();
        assertThat(count(ds, "SELECT COUNT(*) FROM background_jobs")).isZero();
    }

    @Test
    void invalidArgumentsAreRefusedNamingTheFieldAndTheTransactionStaysUsable() throws Exception {
        JdbcDataSource ds = h2();
        JdbiJobRepository<Long> repo = repository(ds);
        exec(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(20))");
        var client = QueueJobClient.builder(repo, new InMemoryJobQueue()).build();
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", " ", new ShipOrder(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'userName'");
            assertThatThrownBy(() -> client.queueJobInTransaction(connection, "Orders", "alice", new ShipOrder(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'queueName'");
            assertThatThrownBy(() -> client.queueJobInTransaction(
                            connection, "orders", "alice", new ShipOrder(1), Duration.ofDays(8)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'delay'");
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("INSERT INTO orders (id, item) VALUES (1, 'lamp')");
            }
            client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1));
            connection.commit();
        }
        assertThat(count(ds, "SELECT COUNT(*) FROM orders")).isEqualTo(1);
        assertThat(count(ds, "SELECT COUNT(*) FROM background_jobs")).isEqualTo(1);
    }

    @Test
    void anInsertTheDatabaseRefusesIsAnIllegalStateExceptionNamingTheTable() throws Exception {
        JdbiJobRepository<Long> repo = repository(h2());
        JdbcDataSource elsewhere = h2();
        var client = QueueJobClient.builder(repo, new InMemoryJobQueue()).build();
        try (Connection connection = elsewhere.getConnection()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("background_jobs");
            connection.rollback();
        }
    }

    @Test
    void aDelayCountsFromSend() throws Exception {
        JdbcDataSource ds = h2();
        JdbiJobRepository<Long> repo = repository(ds);
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        var client = QueueJobClient.builder(repo, queue).clock(clock).build();
        UnsentJob<Long> job;
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(3), Duration.ofMinutes(5));
            connection.commit();
        }
        assertThat(job.delay()).isEqualTo(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(10));
        job.send();
        assertThat(queue.receive("orders", 1, Duration.ofSeconds(30)))
                .as("not visible at send")
                .isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(queue.receive("orders", 1, Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void everyOtherWriteUsesTheRepositorysOwnConnectionsInAutoCommit() throws Exception {
        JdbcDataSource ds = h2();
        JdbiJobRepository<Long> repo = repository(ds);
        var client = QueueJobClient.builder(repo, new InMemoryJobQueue()).build();
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            long id = client.queueJob("orders", "alice", new ShipOrder(4));
            connection.rollback();
            assertThat(count(ds, "SELECT COUNT(*) FROM background_jobs WHERE id = " + id))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFailedSendAfterTheCommitLeavesTheJobPendingAndSendTriesAgain() throws Exception {
        JdbcDataSource ds = h2();
        JdbiJobRepository<Long> repo = repository(ds);
        AtomicInteger failures = new AtomicInteger(1);
        InMemoryJobQueue real = new InMemoryJobQueue();
        var queue = new io.github.aobackgroundjobs.testkit.ForwardingJobQueue(real) {
            @Override
            public String send(String queueName, String text, Duration initialDelay) {
                if (failures.getAndDecrement() > 0) {
                    throw new io.github.aobackgroundjobs.JobQueueUnavailableException(queueName, "queue down", null);
                }
                return super.send(queueName, text, initialDelay);
            }
        };
        var client = QueueJobClient.builder(repo, queue).build();
        UnsentJob<Long> job;
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            job = client.queueJobInTransaction(connection, "orders", "alice", new ShipOrder(5));
            connection.commit();
        }
        assertThatThrownBy(job::send)
                .isInstanceOfSatisfying(
                        io.github.aobackgroundjobs.JobQueueingException.class,
                        e -> assertThat(e.isAborted()).isFalse());
        assertThat(job.isSent()).isFalse();
        assertThat(repo.getJob(job.id()).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repo.getJob(job.id()).getSentAt()).isNull();
        job.send();
        assertThat(job.isSent()).isTrue();
        assertThat(real.approximateLength("orders").orElse(-1)).isEqualTo(1);
    }

    @Test
    void h2FileDatabaseAddsTheDurableSettings() {
        String url = io.github.aobackgroundjobs.jdbc.H2FileDatabase.url(java.nio.file.Path.of("data/jobs"));
        assertThat(url)
                .startsWith("jdbc:h2:file:")
                .contains("DB_CLOSE_DELAY=-1")
                .contains("WRITE_DELAY=0")
                .contains("MAX_COMPACT_TIME=0")
                .contains("DB_CLOSE_ON_EXIT=FALSE");
        assertThat(io.github.aobackgroundjobs.jdbc.H2FileDatabase.DATABASE_ALREADY_OPEN)
                .isEqualTo(90020);
        assertThat(io.github.aobackgroundjobs.jdbc.H2FileDatabase.durableUrl("jdbc:h2:file:/tmp/x"))
                .contains("WRITE_DELAY=0");
        assertThatThrownBy(() -> io.github.aobackgroundjobs.jdbc.H2FileDatabase.durableUrl(
                        "jdbc:h2:file:/tmp/x;WRITE_DELAY=500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WRITE_DELAY");
        assertThatThrownBy(() ->
                        io.github.aobackgroundjobs.jdbc.H2FileDatabase.url(java.nio.file.Path.of("data/jobs.mv.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'file'");
    }

    @Test
    void recordsHandedBackCarryWhatALaterReadReturns() {
        JdbiJobRepository<Long> repo = repository(h2());
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00.123456789Z"), ZoneOffset.UTC);
        var client = QueueJobClient.builder(repo, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        long id = client.queueJob("orders", "alice", new ShipOrder(6));
        var read = repo.getJob(id);
        assertThat(read.getCreated()).isEqualTo(Instant.parse("2026-12-07T10:00:00.123456Z"));
        assertThat(repo.getJob(id).getCreated()).isEqualTo(read.getCreated());
        assertThat(repo.findActiveJobs("alice", 10).get(0).getCreated()).isEqualTo(read.getCreated());
    }
}
