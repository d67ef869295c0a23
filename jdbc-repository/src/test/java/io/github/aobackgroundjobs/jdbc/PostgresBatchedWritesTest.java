package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.jdbc.internal.BatchedWrites;
import io.github.aobackgroundjobs.jdbc.internal.Coalescer;
import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.JobRowMapper;
import io.github.aobackgroundjobs.jdbc.internal.JobSql;
import io.github.aobackgroundjobs.jdbc.internal.StoreAccess;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grouped writes on a real PostgreSQL, one batch at a time, so that what a batch does with
 * a mix of items is certain: every item gets its own answer, and one bad item costs the others
 * nothing.
 */
class PostgresBatchedWritesTest {

    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00.123456Z");
    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = TestDatabases.postgresPool(4);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    private static <K> BatchedWrites<K> batchedWrites(JdbiJobRepository<K> repository, JobKeyType<K> keyType) {
        return new BatchedWrites<>(
                new StoreAccess(Jdbi.create(pool), Duration.ofSeconds(10)),
                new JobSql(Dialect.POSTGRESQL, repository.tableName()),
                new JobRowMapper<>(keyType),
                keyType,
                true);
    }

    private static <K> JdbiJobRepository<K> repository(JobKeyType<K> keyType) {
        return JdbiJobRepository.builder(pool)
                .keyType(keyType)
                .schema(TestDatabases.uniqueName("b"))
                .createOrMigrateSchema(true)
                .build();
    }

    private static <K> BackgroundJobInfo<K> pending(K id, String user) {
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setId(id);
        job.setUserName(user);
        job.setRequestType("Echo");
        job.setRequestData("{\"text\":\"" + user + "\"}");
        job.setQueueName("echo-jobs");
        job.setStatus(JobStatus.PENDING);
        job.setCreated(NOW);
        job.setUpdatedAt(NOW);
        return job;
    }

    @Test
    void aBatchOfInsertsGivesEachRowItsIdInOrder() {
        JdbiJobRepository<Long> repository = repository(JobKeyType.LONG);
        BatchedWrites<Long> writes = batchedWrites(repository, JobKeyType.LONG);

        List<Object> results = writes.writeInserts(List.of(pending(null, "a"), pending(null, "b"), pending(null, "c")));

        List<Long> ids = new ArrayList<>();
        for (Object result : results) {
            assertThat(Coalescer.failureOf(result)).isNull();
            @SuppressWarnings("unchecked")
            BackgroundJobInfo<Long> row = (BackgroundJobInfo<Long>) result;
            ids.add(row.getId());
            assertThat(repository.getJob(row.getId()).getUserName()).isEqualTo(row.getUserName());
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void oneBadInsertFailsAloneAndTheOthersAreStored() {
        JdbiJobRepository<UUID> repository = repository(JobKeyType.UUID);
        BatchedWrites<UUID> writes = batchedWrites(repository, JobKeyType.UUID);
        UUID taken = repository.insert(pending(null, "first")).getId();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        List<Object> results = writes.writeInserts(List.of(pending(a, "a"), pending(taken, "dup"), pending(b, "b")));

        assertThat(Coalescer.failureOf(results.get(0))).isNull();
        RuntimeException duplicate = Coalescer.failureOf(results.get(1));
        assertThat(duplicate).isNotNull().isNotInstanceOf(JobStoreUnavailableException.class);
        assertThat(duplicate).hasStackTraceContaining("duplicate key");
        assertThat(Coalescer.failureOf(results.get(2))).isNull();
        assertThat(repository.findJob(a)).isPresent();
        assertThat(repository.findJob(b)).isPresent();
        assertThat(repository.getJob(taken).getUserName()).isEqualTo("first");
    }

    @Test
    void aBatchOfClaimsTakesOnlyTheClaimableJobs() {
        JdbiJobRepository<Long> repository = repository(JobKeyType.LONG);
        BatchedWrites<Long> writes = batchedWrites(repository, JobKeyType.LONG);
        long free = repository.insert(pending(null, "free")).getId();
        long held = repository.insert(pending(null, "held")).getId();
        long alsoFree = repository.insert(pending(null, "also-free")).getId();
        Duration lease = Duration.ofSeconds(30);
        assertThat(repository
                        .claim(new ClaimRequest<>(held, "other-worker", NOW, lease, 3, "{}"))
                        .type())
                .isEqualTo(ClaimResult.Type.CLAIMED);

        List<Object> results = writes.writeClaims(List.of(
                new ClaimRequest<>(alsoFree, "w1", NOW, lease, 3, "{}"),
                new ClaimRequest<>(held, "w1", NOW, lease, 3, "{}"),
                new ClaimRequest<>(424242L, "w1", NOW, lease, 3, "{}"),
                new ClaimRequest<>(free, "w1", NOW, lease, 3, "{}")));

        assertThat(claimed(results.get(0)))
                .extracting(BackgroundJobInfo::getId, BackgroundJobInfo::getLeaseOwner, BackgroundJobInfo::getStatus)
                .containsExactly(alsoFree, "w1", JobStatus.RUNNING);
        assertThat(results.get(1)).as("a job another worker holds").isNull();
        assertThat(results.get(2)).as("a job that does not exist").isNull();
        assertThat(claimed(results.get(3)))
                .extracting(BackgroundJobInfo::getId, BackgroundJobInfo::getLeaseExpiresAt)
                .containsExactly(free, NOW.plus(lease));
        assertThat(repository.getJob(held).getLeaseOwner()).isEqualTo("other-worker");
    }

    @Test
    void aBatchOfCompletionsWritesOnlyWhereTheLeaseIsHeld() {
        JdbiJobRepository<Long> repository = repository(JobKeyType.LONG);
        BatchedWrites<Long> writes = batchedWrites(repository, JobKeyType.LONG);
        Duration lease = Duration.ofSeconds(30);
        long mine = repository.insert(pending(null, "mine")).getId();
        long theirs = repository.insert(pending(null, "theirs")).getId();
        long retried = repository.insert(pending(null, "retried")).getId();
        for (long id : new long[] {mine, retried}) {
            repository.claim(new ClaimRequest<>(id, "w1", NOW, lease, 3, "{}"));
        }
        repository.claim(new ClaimRequest<>(theirs, "w2", NOW, lease, 3, "{}"));
        Instant end = NOW.plusSeconds(1);

        List<Object> results = writes.writeCompletions(List.of(
                new JobCompletion<>(mine, "w1", JobStatus.SUCCEEDED, end, 1000, "{\"ok\":true}", null, null),
                new JobCompletion<>(theirs, "w1", JobStatus.SUCCEEDED, end, 1000, "{}", null, null),
                new JobCompletion<>(
                        retried,
                        "w1",
                        JobStatus.PENDING,
                        end,
                        1000,
                        null,
                        "{\"message\":\"x\"}",
                        end.plusSeconds(60))));

        assertThat(results).containsExactly(true, false, true);
        assertThat(repository.getJob(mine).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(repository.getJob(mine).getResultData()).isEqualTo("{\"ok\":true}");
        assertThat(repository.getJob(theirs).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(repository.getJob(retried).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(retried).getNextAttemptAt()).isEqualTo(end.plusSeconds(60));
    }

    @Test
    void writesAreCommittedEvenOnAPoolThatLendsConnectionsOutsideAutoCommit() {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(TestDatabases.postgresDataSource());
        config.setMaximumPoolSize(2);
        config.setAutoCommit(false);
        try (HikariDataSource manual = new HikariDataSource(config)) {
            String schema = TestDatabases.uniqueName("m");
            JdbiJobRepository<Long> onManual = JdbiJobRepository.builder(manual)
                    .schema(schema)
                    .createOrMigrateSchema(true)
                    .build();
            JdbiJobRepository<Long> onShared =
                    JdbiJobRepository.builder(pool).schema(schema).build();
            Duration lease = Duration.ofSeconds(30);

            long id = onManual.insert(pending(null, "manual")).getId();
            assertThat(onManual.markSent(id, NOW)).isTrue();
            assertThat(onManual.claim(new ClaimRequest<>(id, "w1", NOW, lease, 3, "{}"))
                            .type())
                    .isEqualTo(ClaimResult.Type.CLAIMED);
            assertThat(onManual.complete(new JobCompletion<>(
                            id, "w1", JobStatus.SUCCEEDED, NOW.plusSeconds(1), 1000, "{}", null, null)))
                    .isTrue();

            BackgroundJobInfo<Long> seenElsewhere = onShared.getJob(id);
            assertThat(seenElsewhere.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(seenElsewhere.getSentAt()).isEqualTo(NOW);
        }
    }

    @SuppressWarnings("unchecked")
    private static BackgroundJobInfo<Long> claimed(Object result) {
        assertThat(result).isInstanceOf(BackgroundJobInfo.class);
        return (BackgroundJobInfo<Long>) result;
    }
}
