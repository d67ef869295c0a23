package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.TestDatabases;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * docs/jdbc-repository.md and docs/operations.md on the embedded PostgreSQL (sessions far from
 * UTC): the query timeout, an unreachable server, and the sent marks written behind the caller
 * with what a crash before them leaves.
 */
class PostgresOperationsDocumentedTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    record Parcel(String to) {}

    record Receipt(String by) {}

    static final class ParcelJob extends BackgroundJobBase<Long, Parcel, Receipt> {
        ParcelJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Parcel.class, Receipt.class, options);
        }

        @Override
        protected Receipt onExecute(Parcel request, JobContext<Long> context) {
            return new Receipt(request.to());
        }
    }

    private static JdbiJobRepository<Long> repository(DataSource ds) {
        return JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
    }

    // ------------------------------------------------------------------ timeouts and outages

    @Test
    void aStatementPastTheQueryTimeoutFailsAsTheStoreUnavailable() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("timeout");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds)
                .queryTimeout(Duration.ofSeconds(1))
                .createOrMigrateSchema(true)
                .build();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(false)
                .build();
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        try (Connection holder = ds.getConnection();
                Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("SELECT id FROM background_jobs WHERE id = " + id + " FOR UPDATE");
            // The single claim waits for the row another transaction holds: the timeout ends the wait.
            assertThatThrownBy(() -> repository.claim(
                            new ClaimRequest<>(id, "worker", Instant.now(), Duration.ofSeconds(30), 5, null, "Parcel")))
                    .isInstanceOf(JobStoreUnavailableException.class);
            holder.rollback();
        }
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aServerThatCannotBeReachedIsTheStoreUnavailableWhenBuildingAndProbing() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {port});
        nowhere.setConnectTimeout(2);
        assertThatThrownBy(() -> JdbiJobRepository.builder(nowhere).build())
                .isInstanceOf(JobStoreUnavailableException.class);
        assertThat(JdbiJobRepository.AVAILABILITY_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        JdbiJobRepository<Long> reachable = repository(TestDatabases.postgresInNewSchema("probe"));
        reachable.checkAvailable();
        assertThat(reachable.databaseProduct()).isEqualTo("PostgreSQL");
    }

    // ------------------------------------------------------------------ sent marks written behind

    @Test
    void aJobClaimedBeforeItsMarkKeepsAnEmptySentAtAndCloseWritesTheMarksStillWaiting() {
        JdbiJobRepository<Long> repository = repository(TestDatabases.postgresInNewSchema("marks"));
        assertThat(repository.sentMarksBehindByDefault()).isTrue();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue)
                .sentMarkDelay(Duration.ofMinutes(1))
                .build();
        try {
            long claimed = client.queueJob("parcels", "alice", new Parcel("bob"));
            long waiting = client.queueJob("parcels", "alice", new Parcel("carol"));
            assertThat(repository.getJob(waiting).getSentAt())
                    .as("written behind")
                    .isNull();
            ParcelJob job = new ParcelJob(repository, JobOptions.defaults());
            assertThat(job.execute(claimed).type()).isEqualTo(Outcome.Type.SUCCEEDED);
            client.close();
            BackgroundJobInfo<Long> ran = repository.getJob(claimed);
            assertThat(ran.getSentAt())
                    .as("the mark applies to PENDING jobs only")
                    .isNull();
            assertThat(ran.getStarted()).isNotNull();
            BackgroundJobInfo<Long> marked = repository.getJob(waiting);
            assertThat(marked.getSentAt()).isNotNull();
            assertThat(marked.getSendCount()).isEqualTo(1);
            long afterClose = client.queueJob("parcels", "alice", new Parcel("dave"));
            assertThat(repository.getJob(afterClose).getSentAt())
                    .as("synchronous after close")
                    .isNotNull();
        } finally {
            client.close();
        }
    }

    @Test
    void byDefaultTheMarkIsWrittenBehindTheCallerSecondsLater() throws Exception {
        JdbiJobRepository<Long> repository = repository(TestDatabases.postgresInNewSchema("delay"));
        try (QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build()) {
            long id = client.queueJob("parcels", "alice", new Parcel("bob"));
            assertThat(repository.getJob(id).getSentAt())
                    .as("not on the caller's path")
                    .isNull();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (repository.getJob(id).getSentAt() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(repository.getJob(id).getSentAt())
                    .as("written after the delay")
                    .isNotNull();
        }
    }

    @Test
    void aLotIsWrittenWithTheClientClocksTimeOfItsYoungestMarkNeverBeforeASend() throws Exception {
        JdbiJobRepository<Long> repository = repository(TestDatabases.postgresInNewSchema("sentat"));
        SettableClock clock = new SettableClock(START, ZoneOffset.UTC);
        try (QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .sentMarkDelay(Duration.ofMinutes(1))
                .build()) {
            long first = client.queueJob("parcels", "alice", new Parcel("bob"));
            clock.advance(Duration.ofSeconds(2));
            long second = client.queueJob("parcels", "alice", new Parcel("carol"));
            assertThat(client.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
            Instant youngest = START.plusSeconds(2);
            assertThat(repository.getJob(second).getSentAt()).isEqualTo(youngest);
            // Written early, the lot holds every mark waiting: the older one's time is its lot's.
            assertThat(repository.getJob(first).getSentAt()).isEqualTo(youngest);
            assertThat(repository.getJob(first).getCreated()).isEqualTo(START);
        }
    }

    @Test
    void awaitSentMarksWritesTheMarksHandedInSoFar() throws Exception {
        JdbiJobRepository<Long> repository = repository(TestDatabases.postgresInNewSchema("await"));
        try (QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .sentMarkDelay(Duration.ofMinutes(1))
                .build()) {
            long id = client.queueJob("parcels", "alice", new Parcel("bob"));
            assertThat(client.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
        }
    }

    @Test
    void aProcessDeadBeforeItsMarkLeavesAJobTheSweeperSendsOnceMoreAndTheClaimRunsOnce() {
        JdbiJobRepository<Long> repository = repository(TestDatabases.postgresInNewSchema("crash"));
        SettableClock clock = new SettableClock(START, ZoneOffset.UTC);
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        QueueJobClient<Long> dying = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .sentMarkDelay(Duration.ofMinutes(1))
                .build();
        try {
            long id = dying.queueJob("parcels", "alice", new Parcel("bob"));
            BackgroundJobInfo<Long> left = repository.getJob(id);
            assertThat(left.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(left.getSentAt()).isNull();
            assertThat(queue.approximateLength("parcels").orElse(-1)).isEqualTo(1);
            JobSweeper<Long> sweeper = JobSweeper.builder(repository, queue)
                    .clock(clock)
                    .resendStaleSent(false)
                    .build();
            clock.advance(Duration.ofSeconds(61));
            assertThat(sweeper.sweepOnce().resent()).isEqualTo(1);
            assertThat(queue.approximateLength("parcels").orElse(-1))
                    .as("a duplicate")
                    .isEqualTo(2);
            ParcelJob job =
                    new ParcelJob(repository, JobOptions.builder().clock(clock).build());
            assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.SUCCEEDED);
            assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
        } finally {
            dying.close();
        }
    }
}
