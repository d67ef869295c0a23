package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional form of queueing on a real database: the record is written through the
 * application's connection inside its transaction, a rollback leaves neither record nor
 * message, the message goes out after the commit, and a failed send leaves the committed job
 * PENDING for the sweeper. The application's connection is never committed, rolled back,
 * closed or switched to auto-commit by the library.
 */
abstract class ApplicationTransactionContract {

    static final String QUEUE = "orders";

    /** What the job gets: the order it belongs to. */
    public record ShipOrder(long orderId) {}

    /** Runs each order once and counts the runs. */
    static final class ShipOrderJob<K> extends BackgroundJobBase<K, ShipOrder, String> {
        final AtomicInteger runs = new AtomicInteger();

        ShipOrderJob(JobRepositoryBase<K> repository) {
            super(repository, ShipOrder.class, String.class, JobOptions.defaults());
        }

        @Override
        protected String onExecute(ShipOrder request, JobContext<K> context) {
            runs.incrementAndGet();
            return "shipped " + request.orderId();
        }
    }

    /** A real in-memory queue whose sends can be made to fail, to inject a send failure. */
    static final class FailingSendQueue extends ForwardingJobQueue {
        volatile boolean failSends;

        FailingSendQueue() {
            super(new InMemoryJobQueue(Clock.systemUTC()));
        }

        @Override
        public String send(String queueName, String text, Duration initialDelay) {
            if (failSends) {
                throw new IllegalStateException("injected: the queue refused the message");
            }
            return super.send(queueName, text, initialDelay);
        }
    }

    RepositoryFixture<Long> fixture;
    DataSource dataSource;
    JdbiJobRepository<Long> repository;
    FailingSendQueue queue;
    QueueJobClient<Long> client;

    abstract RepositoryFixture<Long> fixture();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = fixture();
        dataSource = fixture.dataSource;
        repository = fixture.repository;
        queue = new FailingSendQueue();
        client = QueueJobClient.builder(repository, queue).build();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + fixture.schema + ".orders (id BIGINT PRIMARY KEY, item VARCHAR(100))");
        }
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aCommittedJobIsSentAfterTheCommitAndRuns() throws Exception {
        UnsentJob<Long> unsent;
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            insertOrder(app, 1, "book");
            unsent = client.queueJobInTransaction(app, QUEUE, "alice", new ShipOrder(1));

            assertThat(app.getAutoCommit())
                    .as("still the application's transaction")
                    .isFalse();
            assertThat(app.isClosed()).isFalse();
            assertThat(repository.findJob(unsent.id()))
                    .as("not visible to others before the commit")
                    .isEmpty();
            assertThat(orderCount()).as("the order is not committed either").isZero();
            assertThat(queue.approximateLength(QUEUE).orElseThrow())
                    .as("nothing sent yet")
                    .isZero();

            app.commit();
        }
        BackgroundJobInfo<Long> committed = repository.getJob(unsent.id());
        assertThat(committed.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(committed.getUserName()).isEqualTo("alice");
        assertThat(committed.getQueueName()).isEqualTo(QUEUE);
        assertThat(committed.getSentAt()).isNull();
        assertThat(orderCount()).isEqualTo(1);

        unsent.send();
        unsent.send();
        assertThat(client.awaitSentMarks(Duration.ofSeconds(10)))
                .as("sent marks written behind")
                .isTrue();
        assertThat(unsent.isSent()).isTrue();
        assertThat(queue.approximateLength(QUEUE).orElseThrow())
                .as("one message, however often send() is called")
                .isEqualTo(1);
        assertThat(repository.getJob(unsent.id()).getSentAt()).isNotNull();

        ShipOrderJob<Long> job = new ShipOrderJob<>(repository);
        try (QueueWorker worker =
                QueueWorker.builder(queue).job(QUEUE, job).build().start()) {
            BackgroundJobInfo<Long> done = client.awaitCompletion(unsent.id(), Duration.ofSeconds(30));
            assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.getResultData()).contains("shipped 1");
            assertThat(job.runs).hasValue(1);
        }
    }

    @Test
    void aRollbackLeavesNeitherRecordNorMessage() throws Exception {
        UnsentJob<Long> unsent;
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            insertOrder(app, 2, "lamp");
            unsent = client.queueJobInTransaction(app, QUEUE, "bob", new ShipOrder(2), Duration.ofSeconds(5));
            assertThat(unsent.delay()).isEqualTo(Duration.ofSeconds(5));
            app.rollback();
            assertThat(app.getAutoCommit()).isFalse();
        }
        assertThat(repository.findJob(unsent.id())).isEmpty();
        assertThat(orderCount()).isZero();
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
        assertThat(unsent.isSent()).isFalse();
    }

    @Test
    void aSendBeforeTheCommitOrAfterARollbackIsRefusedAndSendsNothing() throws Exception {
        UnsentJob<Long> early;
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            insertOrder(app, 5, "desk");
            early = client.queueJobInTransaction(app, QUEUE, "erin", new ShipOrder(5));
            assertThatThrownBy(early::send)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Job " + early.id() + " cannot be seen outside its transaction")
                    .hasMessageContaining("send() must follow the commit");
            assertThat(queue.approximateLength(QUEUE).orElseThrow()).isZero();
            app.commit();
        }
        early.send();
        assertThat(early.isSent()).isTrue();
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isEqualTo(1);

        UnsentJob<Long> rolledBack;
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            rolledBack = client.queueJobInTransaction(app, QUEUE, "erin", new ShipOrder(6));
            app.rollback();
        }
        assertThatThrownBy(rolledBack::send).isInstanceOf(IllegalStateException.class);
        assertThat(rolledBack.isSent()).isFalse();
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isEqualTo(1);
    }

    @Test
    void aFailedSendLeavesTheCommittedJobPendingAndTheSweeperSendsIt() throws Exception {
        UnsentJob<Long> unsent;
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            insertOrder(app, 3, "chair");
            unsent = client.queueJobInTransaction(app, QUEUE, "carol", new ShipOrder(3));
            app.commit();
        }
        queue.failSends = true;
        assertThatThrownBy(unsent::send)
                .isInstanceOfSatisfying(JobQueueingException.class, e -> {
                    assertThat(e.isAborted()).isFalse();
                    assertThat(e.getJobId()).isEqualTo(unsent.id());
                })
                .hasMessageContaining("stays PENDING")
                .hasMessageContaining("injected: the queue refused the message");
        assertThat(unsent.isSent()).isFalse();
        BackgroundJobInfo<Long> pending = repository.getJob(unsent.id());
        assertThat(pending.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.getSentAt()).isNull();

        queue.failSends = false;
        // The sweeper's next pass, once the unsent grace (default 1 minute) has passed.
        JobSweeper<Long> sweeper = JobSweeper.builder(repository, queue)
                .clock(Clock.offset(Clock.systemUTC(), JobSweeper.DEFAULT_UNSENT_GRACE.plusSeconds(1)))
                .build();
        assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isEqualTo(1);

        ShipOrderJob<Long> job = new ShipOrderJob<>(repository);
        try (QueueWorker worker =
                QueueWorker.builder(queue).job(QUEUE, job).build().start()) {
            assertThat(client.awaitCompletion(unsent.id(), Duration.ofSeconds(30))
                            .getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(job.runs).hasValue(1);
    }

    @Test
    void aRetriedSendAfterAFailureSendsOnce() throws Exception {
        UnsentJob<Long> unsent;
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            unsent = client.queueJobInTransaction(app, QUEUE, "dave", new ShipOrder(4));
            app.commit();
        }
        queue.failSends = true;
        assertThatThrownBy(unsent::send).isInstanceOf(JobQueueingException.class);
        queue.failSends = false;
        unsent.send();
        assertThat(client.awaitSentMarks(Duration.ofSeconds(10)))
                .as("sent marks written behind")
                .isTrue();
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isEqualTo(1);
        assertThat(repository.getJob(unsent.id()).getSentAt()).isNotNull();
    }

    @Test
    void invalidInputWritesNothingAndLeavesTheTransactionUsable() throws Exception {
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            insertOrder(app, 5, "desk");
            assertThatThrownBy(() -> client.queueJobInTransaction(app, QUEUE, " ", new ShipOrder(5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'userName'");
            assertThatThrownBy(() -> client.queueJobInTransaction(null, QUEUE, "erin", new ShipOrder(5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'connection'");
            assertThatThrownBy(() ->
                            client.queueJobInTransaction(app, QUEUE, "erin", new ShipOrder(5), Duration.ofDays(8)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'delay'");
            app.commit();
        }
        assertThat(orderCount()).isEqualTo(1);
        assertThat(repository.findUnfinishedJobs(java.util.Set.of(QUEUE), null, 10))
                .isEmpty();
    }

    @Test
    void aJobOnAConnectionToAnotherDatabaseFailsNamingTheTable() throws Exception {
        DataSource other = otherDatabase();
        try (Connection app = other.getConnection()) {
            app.setAutoCommit(false);
            assertThatThrownBy(() -> client.queueJobInTransaction(app, QUEUE, "frank", new ShipOrder(6)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(fixture.schema)
                    .hasMessageContaining("connection's database");
            app.rollback();
            assertThat(app.isClosed()).isFalse();
        }
    }

    @Test
    void uuidKeysWorkTheSameWay() throws Exception {
        RepositoryFixture<java.util.UUID> uuids =
                RepositoryFixture.create(fixture.database, dataSource, JobKeyType.UUID);
        try {
            QueueJobClient<java.util.UUID> uuidClient =
                    QueueJobClient.builder(uuids.repository, queue).build();
            UnsentJob<java.util.UUID> unsent;
            try (Connection app = dataSource.getConnection()) {
                app.setAutoCommit(false);
                unsent = uuidClient.queueJobInTransaction(app, QUEUE, "grace", new ShipOrder(7));
                assertThat(uuids.repository.findJob(unsent.id())).isEmpty();
                app.commit();
            }
            assertThat(uuids.repository.getJob(unsent.id()).getStatus()).isEqualTo(JobStatus.PENDING);
            unsent.send();
            assertThat(uuidClient.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
            assertThat(uuids.repository.getJob(unsent.id()).getSentAt()).isNotNull();
        } finally {
            if (fixture.database == RepositoryFixture.Database.POSTGRESQL) {
                uuids.close();
            }
        }
    }

    /** @return a data source on a database that has no jobs table of the fixture's schema */
    abstract DataSource otherDatabase();

    private void insertOrder(Connection app, long id, String item) throws SQLException {
        // The connection's current schema is not the fixture's: qualify the table.
        try (PreparedStatement ps = app.prepareStatement("INSERT INTO " + fixture.schema + ".orders VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, item);
            ps.executeUpdate();
        }
    }

    private int orderCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + fixture.schema + ".orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
