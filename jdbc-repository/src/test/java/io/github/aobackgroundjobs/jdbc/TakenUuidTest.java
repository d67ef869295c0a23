package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A record whose UUID another record already has: refused with {@link IllegalArgumentException}
 * naming {@code 'id'} by every insert, and nothing of a refused batch kept.
 */
class TakenUuidTest {

    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

    private static BackgroundJobInfo<UUID> job(String user, UUID id) {
        BackgroundJobInfo<UUID> job = new BackgroundJobInfo<>();
        job.setId(id);
        job.setUserName(user);
        job.setRequestType("Work");
        job.setRequestData("{}");
        job.setQueueName("work");
        job.setCreated(NOW);
        return job;
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aBatchWithATakenUuidNamesItsIndexAndWritesNothing(RepositoryFixture.Database database) {
        RepositoryFixture<UUID> fixture = RepositoryFixture.uuidKeys(database);
        try {
            JdbiJobRepository<UUID> repository = fixture.repository;
            UUID taken = repository.insert(job("alice", UUID.randomUUID())).getId();
            UUID fresh = UUID.randomUUID();

            assertThatThrownBy(
                            () -> repository.insertAll(List.of(job("bob", fresh), job("bob", null), job("bob", taken))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'jobs[2]': 'id' " + taken + " is already taken by another job.");

            assertThat(repository.findJob(fresh)).as("the batch is all or none").isEmpty();
            assertThat(repository.findActiveJobs("bob", 10)).isEmpty();
            assertThat(repository.getJob(taken).getUserName()).isEqualTo("alice");
        } finally {
            fixture.close();
        }
    }

    @Test
    void withGroupedWritesASingleInsertOfATakenUuidNamesTheIdAndTheOthersOfItsGroupAreSaved() throws Exception {
        RepositoryFixture<UUID> fixture = RepositoryFixture.create(
                RepositoryFixture.Database.POSTGRESQL, TestDatabases.postgresShared(), JobKeyType.UUID, true);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            JdbiJobRepository<UUID> repository = fixture.repository;
            UUID taken = repository.insert(job("alice", UUID.randomUUID())).getId();
            // Concurrent inserts share one grouped statement; the taken id must fail only its own caller.
            List<Future<UUID>> fresh = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                fresh.add(
                        callers.submit(() -> repository.insert(job("bob", null)).getId()));
            }
            Future<UUID> clash =
                    callers.submit(() -> repository.insert(job("bob", taken)).getId());

            assertThatThrownBy(() -> clash.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'id' " + taken + " is already taken by another job.");
            for (Future<UUID> f : fresh) {
                assertThat(repository.getJob(f.get(30, TimeUnit.SECONDS)).getUserName())
                        .isEqualTo("bob");
            }
            assertThat(repository.getJob(taken).getUserName()).isEqualTo("alice");
        } finally {
            callers.shutdownNow();
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void anApplicationInsertWithATakenUuidNamesTheIdAndTheTransactionRollsBack(RepositoryFixture.Database database)
            throws Exception {
        RepositoryFixture<UUID> fixture = RepositoryFixture.uuidKeys(database);
        try (Connection app = fixture.dataSource.getConnection()) {
            JdbiJobRepository<UUID> repository = fixture.repository;
            UUID taken = repository.insert(job("alice", UUID.randomUUID())).getId();
            app.setAutoCommit(false);

            assertThatThrownBy(() -> repository.insert(app, job("bob", taken)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'id' " + taken + " is already taken by another job")
                    .hasMessageContaining("roll back");
            app.rollback();

            UUID next = repository.insert(app, job("bob", null)).getId();
            app.commit();
            assertThat(repository.getJob(next).getUserName())
                    .as("after the rollback the connection writes again")
                    .isEqualTo("bob");
            assertThat(repository.getJob(taken).getUserName()).isEqualTo("alice");
        } finally {
            fixture.close();
        }
    }
}
