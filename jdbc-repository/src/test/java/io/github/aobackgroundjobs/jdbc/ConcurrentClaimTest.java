package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Eight threads race to claim the same 1,000 jobs: every job is claimed exactly once, on one
 * repository and on two repositories with separate pools (two workers in two processes).
 */
class ConcurrentClaimTest {

    private static final int JOBS = 1_000;
    private static final int THREADS = 8;
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void h2OneRepository() throws Exception {
        DataSource ds = TestDatabases.h2();
        JdbiJobRepository<Long> repo =
                RepositoryFixture.create(RepositoryFixture.Database.H2, ds, JobKeyType.LONG).repository;
        race(List.of(repo));
    }

    @Test
    void h2TwoRepositoriesOnOneDatabase() throws Exception {
        DataSource ds = TestDatabases.h2();
        RepositoryFixture<Long> first = RepositoryFixture.create(RepositoryFixture.Database.H2, ds, JobKeyType.LONG);
        JdbiJobRepository<Long> second =
                JdbiJobRepository.builder(ds).schema(first.schema).build();
        race(List.of(first.repository, second));
    }

    @Test
    void postgresOneRepository() throws Exception {
        try (HikariDataSource pool = TestDatabases.postgresPool(THREADS)) {
            race(List.of(
                    RepositoryFixture.create(RepositoryFixture.Database.POSTGRESQL, pool, JobKeyType.LONG).repository));
        }
    }

    @Test
    void postgresTwoRepositoriesOnTwoPools() throws Exception {
        try (HikariDataSource pool1 = TestDatabases.postgresPool(THREADS / 2);
                HikariDataSource pool2 = TestDatabases.postgresPool(THREADS / 2)) {
            RepositoryFixture<Long> first =
                    RepositoryFixture.create(RepositoryFixture.Database.POSTGRESQL, pool1, JobKeyType.LONG);
            JdbiJobRepository<Long> second =
                    JdbiJobRepository.builder(pool2).schema(first.schema).build();
            race(List.of(first.repository, second));
        }
    }

    @Test
    void postgresGroupedAndUngroupedWritersOnOneTable() throws Exception {
        try (HikariDataSource pool1 = TestDatabases.postgresPool(THREADS / 2);
                HikariDataSource pool2 = TestDatabases.postgresPool(THREADS / 2)) {
            RepositoryFixture<Long> grouped =
                    RepositoryFixture.create(RepositoryFixture.Database.POSTGRESQL, pool1, JobKeyType.LONG, true);
            JdbiJobRepository<Long> ungrouped = JdbiJobRepository.builder(pool2)
                    .schema(grouped.schema)
                    .groupWrites(false)
                    .build();
            race(List.of(ungrouped, grouped.repository));
        }
    }

    private static void race(List<JdbiJobRepository<Long>> repositories) throws Exception {
        JobRepositoryBase<Long> inserter = repositories.get(0);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
            job.setUserName("user" + (i % 10));
            job.setRequestType("Race");
            job.setRequestData("{}");
            job.setQueueName("race");
            job.setCreated(NOW);
            ids.add(inserter.insert(job).getId());
        }
        Map<Long, AtomicInteger> claims = new ConcurrentHashMap<>();
        AtomicInteger busy = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                JdbiJobRepository<Long> repo = repositories.get(t % repositories.size());
                String owner = "worker-" + t;
                List<Long> order = new ArrayList<>(ids);
                Collections.shuffle(order, new Random(t));
                futures.add(pool.submit(() -> {
                    start.await();
                    for (Long id : order) {
                        ClaimResult<Long> r = repo.claim(
                                new ClaimRequest<>(id, owner, NOW.plusSeconds(1), Duration.ofHours(1), 3, "{}"));
                        if (r.type() == ClaimResult.Type.CLAIMED) {
                            claims.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            assertThat(r.type()).isEqualTo(ClaimResult.Type.BUSY);
                            busy.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claims).hasSize(JOBS);
        assertThat(claims.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(busy.get()).isEqualTo(JOBS * (THREADS - 1));
        for (Long id : ids) {
            assertThat(inserter.getJob(id).getAttempts()).isEqualTo(1);
        }
    }
}
