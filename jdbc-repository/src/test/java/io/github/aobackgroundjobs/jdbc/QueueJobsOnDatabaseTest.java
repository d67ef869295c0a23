package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobRequest;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code queueJobs} on real databases, both key types: the records come back in the order of
 * the requests, all marked sent, and a database that refuses one row saves none of them.
 */
class QueueJobsOnDatabaseTest {

    record Report(int number) {}

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void longKeysInOrderAllSent(RepositoryFixture.Database database) throws InterruptedException {
        RepositoryFixture<Long> fixture = RepositoryFixture.longKeys(database);
        try {
            checkInOrder(fixture);
        } finally {
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void uuidKeysInOrderAllSent(RepositoryFixture.Database database) throws InterruptedException {
        RepositoryFixture<UUID> fixture = RepositoryFixture.uuidKeys(database);
        try {
            checkInOrder(fixture);
        } finally {
            fixture.close();
        }
    }

    private static <K> void checkInOrder(RepositoryFixture<K> fixture) throws InterruptedException {
        InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
        QueueJobClient<K> client =
                QueueJobClient.builder(fixture.repository, queue).build();
        List<Report> requests = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            requests.add(new Report(i));
        }
        List<K> ids = client.queueJobs("reports", "alice", requests);
        assertThat(client.awaitSentMarks(Duration.ofSeconds(10)))
                .as("sent marks written behind")
                .isTrue();
        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(ids.get(0)).isInstanceOf(fixture.repository.keyType().javaType());
        for (int i = 0; i < ids.size(); i++) {
            BackgroundJobInfo<K> job = fixture.repository.getJob(ids.get(i));
            assertThat(job.getRequestData()).isEqualTo("{\"number\":" + i + "}");
            assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(job.getSentAt()).isNotNull();
            assertThat(job.getSendCount()).isEqualTo(1);
        }
        assertThat(queue.approximateLength("reports").orElseThrow()).isEqualTo(250);
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aRowTheDatabaseRefusesSavesNoneOfTheBatch(RepositoryFixture.Database database) throws Exception {
        RepositoryFixture<Long> fixture = RepositoryFixture.longKeys(database);
        try (Connection c = fixture.dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + fixture.schema + ".background_jobs ADD CONSTRAINT no_mallory"
                    + " CHECK (user_name <> 'mallory')");
        }
        try {
            InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
            QueueJobClient<Long> client =
                    QueueJobClient.builder(fixture.repository, queue).build();
            List<JobRequest> requests = List.of(
                    JobRequest.of("alice", new Report(1)),
                    JobRequest.of("bob", new Report(2)),
                    JobRequest.of("mallory", new Report(3)),
                    JobRequest.of("carol", new Report(4)));
            assertThatThrownBy(() -> client.queueJobs("reports", requests)).isInstanceOf(RuntimeException.class);
            assertThat(fixture.repository.findUnfinishedJobs(Set.of("reports"), null, 10))
                    .as("all or none")
                    .isEmpty();
            assertThat(queue.approximateLength("reports").orElseThrow()).isZero();
        } finally {
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void markAllSentOnTheDatabase(RepositoryFixture.Database database) throws InterruptedException {
        RepositoryFixture<Long> fixture = RepositoryFixture.create(database, JobKeyType.LONG);
        try {
            InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
            QueueJobClient<Long> client =
                    QueueJobClient.builder(fixture.repository, queue).build();
            List<Long> ids = client.queueJobs("reports", "alice", List.of(new Report(1), new Report(2)));
            assertThat(client.awaitSentMarks(Duration.ofSeconds(10)))
                    .as("sent marks written behind")
                    .isTrue();
            assertThat(fixture.repository.markAllSent(ids, java.time.Instant.now()))
                    .as("a second mark counts again")
                    .isEqualTo(2);
            assertThat(fixture.repository.getJob(ids.get(0)).getSendCount()).isEqualTo(2);
        } finally {
            fixture.close();
        }
    }
}
