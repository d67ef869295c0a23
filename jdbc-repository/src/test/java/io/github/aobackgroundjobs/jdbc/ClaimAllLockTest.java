package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, {@code claimAll} claims a batch in one statement that skips rows another
 * transaction holds; each skipped job then takes the single claim, which waits for the holder
 * and answers from the row as the holder left it. So a job finished meanwhile is answered
 * ALREADY_DONE, a job released unchanged is claimed, and the free jobs are claimed either way.
 */
class ClaimAllLockTest {

    private static final Instant NOW = Instant.parse("2026-05-01T08:00:05Z");

    @Test
    void aRowFinishedByItsHolderIsAnsweredAlreadyDone() throws Exception {
        List<ClaimResult<Long>> results = claimWhileHeld(true);
        assertThat(results)
                .extracting(ClaimResult::type)
                .containsExactly(ClaimResult.Type.ALREADY_DONE, ClaimResult.Type.CLAIMED);
    }

    @Test
    void aRowReleasedUnchangedIsClaimed() throws Exception {
        List<ClaimResult<Long>> results = claimWhileHeld(false);
        assertThat(results)
                .extracting(ClaimResult::type)
                .containsExactly(ClaimResult.Type.CLAIMED, ClaimResult.Type.CLAIMED);
        assertThat(results.get(0).job().getAttempts()).isEqualTo(1);
    }

    /** Claims [held, free] while another transaction holds the first row; commits it or rolls back. */
    private static List<ClaimResult<Long>> claimWhileHeld(boolean finishAndCommit) throws Exception {
        RepositoryFixture<Long> fixture =
                RepositoryFixture.create(RepositoryFixture.Database.POSTGRESQL, JobKeyType.LONG);
        try {
            JdbiJobRepository<Long> repository = fixture.repository;
            long held = PendingJobs.insert(repository, "alice");
            long free = PendingJobs.insert(repository, "bob");
            CompletableFuture<List<ClaimResult<Long>>> claims;
            try (Connection other = fixture.dataSource.getConnection()) {
                other.setAutoCommit(false);
                try (PreparedStatement finish = other.prepareStatement("UPDATE " + repository.tableName()
                        + " SET status = " + JobStatus.SUCCEEDED.code() + ", completed = created WHERE id = ?")) {
                    finish.setLong(1, held);
                    assertThat(finish.executeUpdate()).isEqualTo(1);
                }
                claims =
                        CompletableFuture.supplyAsync(() -> repository.claimAll(List.of(request(held), request(free))));
                // The free job is claimed and committed at once, without waiting for the held row.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (repository.getJob(free).getStatus() != JobStatus.RUNNING && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(repository.getJob(free).getStatus())
                        .as("claimed while the other row is held")
                        .isEqualTo(JobStatus.RUNNING);
                // The held job's single claim waits for the holder; the call does not end before it.
                assertThat(claims).as("waits for the held row").isNotDone();
                if (finishAndCommit) {
                    other.commit();
                } else {
                    other.rollback();
                }
            }
            List<ClaimResult<Long>> results = claims.get(10, TimeUnit.SECONDS);
            BackgroundJobInfo<Long> claimedFree = repository.getJob(free);
            assertThat(claimedFree.getStatus()).isEqualTo(JobStatus.RUNNING);
            assertThat(claimedFree.getLeaseOwner()).isEqualTo("worker-1");
            assertThat(results.get(1).job().getVersion()).isEqualTo(claimedFree.getVersion());
            return results;
        } finally {
            fixture.close();
        }
    }

    private static ClaimRequest<Long> request(long id) {
        return new ClaimRequest<>(id, "worker-1", NOW, Duration.ofMinutes(5), 3, "{}");
    }
}
