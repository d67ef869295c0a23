package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository-side knobs of docs/performance.md on PostgreSQL: the sent marks written behind
 * the callers by default there, and grouped writes.
 */
class TuningOptionsDocumentedTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static HikariDataSource pool;

    record Report(String title) {}

    static final class ReportJob extends BackgroundJobBase<Long, Report, String> {
        ReportJob(JobRepositoryBase<Long> repository) {
            super(repository, Report.class, String.class);
        }

        @Override
        protected String onExecute(Report request, JobContext<Long> context) {
            return request.title();
        }
    }

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres.getPostgresDatabase());
        config.setMaximumPoolSize(8);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pool.close();
        postgres.close();
    }

    private static JdbiJobRepository<Long> repository(boolean groupWrites) {
        return JdbiJobRepository.builder(pool)
                .tableName("tuning_jobs_" + SEQUENCE.incrementAndGet())
                .createOrMigrateSchema(true)
                .groupWrites(groupWrites)
                .build();
    }

    @Test
    void onPostgresqlTheSentMarkIsWrittenBehindTheCallerByDefault() throws Exception {
        JdbiJobRepository<Long> repository = repository(false);
        assertThat(repository.sentMarksBehindByDefault()).isTrue();
        try (var client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build()) {
            long id = client.queueJob("reports", "alice", new Report("x"));
            assertThat(repository.getJob(id).getSentAt())
                    .as("only the insert is on the caller's path")
                    .isNull();
            assertThat(client.awaitSentMarks(Duration.ofSeconds(20))).isTrue();
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
            assertThat(repository.getJob(id).getSendCount()).isEqualTo(1);
        }
        try (var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(false)
                .build()) {
            long id = client.queueJob("reports", "alice", new Report("y"));
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
        }
    }

    @Test
    void groupedWritesRunEveryJobOnceFromManyThreads() throws Exception {
        JdbiJobRepository<Long> repository = repository(true);
        InMemoryJobQueue queue = new InMemoryJobQueue();
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        try (var client = QueueJobClient.builder(repository, queue).build();
                QueueWorker worker = QueueWorker.builder(queue)
                        .job("reports", new ReportJob(repository))
                        .build()
                        .start()) {
            ExecutorService producers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int p = 0; p < 4; p++) {
                    int producer = p;
                    sent.add(producers.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            ids.add(client.queueJob("reports", "user" + producer, new Report("r" + i)));
                        }
                        ids.addAll(client.queueJobs(
                                "reports", "user" + producer, Collections.nCopies(25, new Report("batch"))));
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            } finally {
                producers.shutdown();
            }
            assertThat(ids).hasSize(200).doesNotHaveDuplicates();
            for (long id : ids) {
                assertThat(client.awaitCompletion(id, Duration.ofSeconds(30)).getStatus())
                        .isEqualTo(JobStatus.SUCCEEDED);
            }
            for (long id : ids) {
                assertThat(repository.getJob(id).getAttempts()).isEqualTo(1);
            }
        }
    }
}
