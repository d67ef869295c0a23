package io.github.aobackgroundjobs.spring.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spring.SpringQueueJobClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * docs/transactions.md, "With Spring's transactions": the starter's client sends each committed
 * job from an executor of up to 4 threads, never from the committing thread.
 */
class SendAfterCommitDocumentedTest {

    record Greeting(String to) {}

    @Test
    void theStarterSendsAfterTheCommitFromUpToFourThreadsNotTheCommittingOnes() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:send-after-commit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        Set<String> sendingThreads = ConcurrentHashMap.newKeySet();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        queue.addSendListener(name -> sendingThreads.add(Thread.currentThread().getName()));
        SpringQueueJobClient<Long> jobs = new SpringQueueJobClient<>(
                QueueJobClient.builder(repository, queue).build(), ds);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));

        int count = 12;
        Set<String> committingThreads = ConcurrentHashMap.newKeySet();
        ExecutorService callers = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Long>> queued = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String user = "user" + i;
                queued.add(callers.submit(() -> {
                    go.await();
                    committingThreads.add(Thread.currentThread().getName());
                    return transactions.execute(status -> jobs.queueJob("greetings", user, new Greeting(user)));
                }));
            }
            go.countDown();
            for (Future<Long> f : queued) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.approximateLength("greetings").orElseThrow() < count) {
            assertThat(System.nanoTime()).as("every job sent").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(sendingThreads).hasSizeBetween(1, 4).doesNotContainAnyElementsOf(committingThreads);
    }
}
