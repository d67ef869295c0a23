package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, {@code markAllSent} skips a row another transaction holds instead of waiting
 * for it: the marks are written behind the callers while workers claim the same jobs in batches,
 * and waiting could deadlock with them. The skipped job stays unmarked (the sweeper may re-send).
 */
class MarkAllSentLockTest {

    @Test
    void aLockedRowIsSkippedWithoutWaiting() throws Exception {
        RepositoryFixture<Long> fixture =
                RepositoryFixture.create(RepositoryFixture.Database.POSTGRESQL, JobKeyType.LONG);
        try {
            JdbiJobRepository<Long> repository = fixture.repository;
            long held = PendingJobs.insert(repository, "alice");
            long free = PendingJobs.insert(repository, "bob");
            Instant now = Instant.parse("2026-05-01T08:00:05Z");
            try (Connection other = fixture.dataSource.getConnection()) {
                other.setAutoCommit(false);
                try (PreparedStatement lock = other.prepareStatement(
                        "SELECT id FROM " + repository.tableName() + " WHERE id = ? FOR UPDATE")) {
                    lock.setLong(1, held);
                    lock.executeQuery().close();
                }
                int saved = CompletableFuture.supplyAsync(() -> repository.markAllSent(List.of(held, free), now))
                        .get(10, TimeUnit.SECONDS);
                assertThat(saved).as("only the row nobody holds is marked").isEqualTo(1);
                other.rollback();
            }
            assertThat(repository.getJob(free).getSentAt()).isEqualTo(now);
            BackgroundJobInfo<Long> skipped = repository.getJob(held);
            assertThat(skipped.getSentAt()).as("the held row is left unmarked").isNull();
            assertThat(skipped.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(repository.markAllSent(List.of(held), now))
                    .as("marked once nobody holds it")
                    .isEqualTo(1);
        } finally {
            fixture.close();
        }
    }
}
