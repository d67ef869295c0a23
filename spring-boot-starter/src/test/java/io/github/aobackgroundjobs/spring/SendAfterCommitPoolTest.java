package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * As many transactions queueing at once as the pool has connections: each holds its connection
 * until its after-commit callbacks have run, and the send needs connections of its own. Sent
 * from the committing thread, every send waited for a connection until the pool's timeout and
 * failed; sent once the connection is back, every job is sent at once.
 */
class SendAfterCommitPoolTest {

    private static final int POOL = 3;

    @Test
    void concurrentTransactionsFillingThePoolStillSendEveryJob() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(StarterContexts.newH2Url("after_commit_pool"));
        config.setMaximumPoolSize(POOL);
        config.setConnectionTimeout(1_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            InMemoryJobQueue queue = new InMemoryJobQueue();
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            SpringQueueJobClient<Long> jobs = new SpringQueueJobClient<>(client, pool);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
            // Every transaction holds its connection before any commits, so the pool is full at the commits.
            CyclicBarrier allHoldOne = new CyclicBarrier(POOL);

            ExecutorService callers = Executors.newFixedThreadPool(POOL);
            List<Long> ids = new ArrayList<>();
            long start = System.nanoTime();
            try {
                List<Future<Long>> queued = new ArrayList<>();
                for (int i = 0; i < POOL; i++) {
                    String user = "user" + i;
                    queued.add(callers.submit(() -> transactions.execute(status -> {
                        Long id = jobs.queueJob("reports", user, new GreetingJob.Greeting(user));
                        await(allHoldOne);
                        return id;
                    })));
                }
                for (Future<Long> f : queued) {
                    ids.add(f.get(20, TimeUnit.SECONDS));
                }
            } finally {
                callers.shutdownNow();
            }
            // The commits did not wait for the pool's timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.approximateLength("reports").orElseThrow() < POOL) {
                assertThat(System.nanoTime()).as("every job sent").isLessThan(deadline);
                Thread.sleep(20);
            }
            for (Long id : ids) {
                assertThat(repository.getJob(id).getSentAt())
                        .as("job %s marked sent", id)
                        .isNotNull();
            }
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
