package io.github.aobackgroundjobs.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.benchmarks.support.LocalPostgres;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.RetentionReport;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retention under load: the peer benchmark's PostgreSQL workload for ours (no-op jobs queued by 8
 * producer threads, one {@code QueueWorker} of 8 threads, Jdbi repository, in-memory queue) runs
 * without a pause while the retention schedule deletes 1,000,000 finished records of the same
 * table. The purge runs in windows of {@code windowBatches} batches, each after a window of
 * {@code offSeconds} without it, until every record is gone; the workload runs throughout.
 * Reports the workload's jobs/s in the windows with and without the purge.
 *
 * <p>System properties: {@code rows} (1,000,000), {@code windowBatches} (100), {@code offSeconds}
 * (10), {@code warmupSeconds} (15), {@code batchSize} (1,000), {@code pauseMillis} (50), {@code out}.
 */
public final class PurgeUnderLoadBenchmark {

    private static final int PRODUCERS = 8;
    private static final int WORKERS = 8;
    /** Producers wait while this many jobs are queued and unfinished: a steady load, not a growing backlog. */
    private static final long MAX_BACKLOG = 4_000;

    private PurgeUnderLoadBenchmark() {}

    /**
     * @param args none
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("rows", 1_000_000);
        int baselineSeconds = Integer.getInteger("offSeconds", 10);
        int windowBatches = Integer.getInteger("windowBatches", 100);
        int warmupSeconds = Integer.getInteger("warmupSeconds", 15);
        int batchSize = Integer.getInteger("batchSize", RetentionPolicy.DEFAULT_BATCH_SIZE);
        long pauseMillis = Long.getLong("pauseMillis", RetentionPolicy.DEFAULT_PAUSE.toMillis());
        Path out = Path.of(System.getProperty("out", "benchmarks/target/purge-under-load.md"));
        try (LocalPostgres postgres = LocalPostgres.start();
                HikariDataSource pool = postgres.pool(WORKERS + PRODUCERS + 4)) {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(pool, repository)
                    .createOrMigrateSchema(true)
                    .build();
            long seedStart = System.nanoTime();
            seed(pool, repository.tableName(), rows);
            System.out.printf(Locale.ROOT, "seeded %,d finished records in %.1f s%n", rows, secondsSince(seedStart));

            RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                            store, new InMemoryJobQueue(Clock.systemUTC()))
                    .retention(RetentionPolicy.builder()
                            .batchSize(batchSize)
                            .pause(Duration.ofMillis(pauseMillis))
                            .maxBatchesPerRun(windowBatches)
                            .build())
                    .declareNone()
                    .build();

            OursPeer peer = new OursPeer(
                    "ours (Jdbi + in-memory queue)", repository, new InMemoryJobQueue(Clock.systemUTC()), WORKERS);
            peer.start();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong enqueued = new AtomicLong();
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                futures.add(producers.submit(() -> {
                    while (running.get()) {
                        if (enqueued.get() - peer.finished() > MAX_BACKLOG) {
                            Thread.sleep(1);
                            continue;
                        }
                        peer.enqueue(enqueued.incrementAndGet());
                    }
                    return null;
                }));
            }
            Thread.sleep(warmupSeconds * 1000L);

            // Purge windows alternate with windows without it, so a change of the machine's load
            // from outside hits both figures alike.
            StringBuilder windows = new StringBuilder();
            double onSeconds = 0;
            double offSeconds = 0;
            long onJobs = 0;
            long offJobs = 0;
            long deleted = 0;
            int batches = 0;
            for (int round = 1; ; round++) {
                long offStart = System.nanoTime();
                long offFirst = peer.finished();
                Thread.sleep(baselineSeconds * 1000L);
                double offS = secondsSince(offStart);
                long offN = peer.finished() - offFirst;

                long onStart = System.nanoTime();
                long onFirst = peer.finished();
                RetentionReport r = scheduler.runRetentionNow();
                double onS = secondsSince(onStart);
                long onN = peer.finished() - onFirst;

                offSeconds += offS;
                offJobs += offN;
                onSeconds += onS;
                onJobs += onN;
                deleted += r.deletedJobs();
                batches += r.batches();
                String line = String.format(
                        Locale.ROOT,
                        "| %d | %,.0f | %,d in %.1f s | %,.0f | %.2f |%n",
                        round,
                        offN / offS,
                        r.deletedJobs(),
                        onS,
                        onN / onS,
                        (onN / onS) / (offN / offS));
                windows.append(line);
                System.out.print(line);
                if (r.complete()) {
                    break;
                }
            }
            running.set(false);
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            producers.shutdown();
            peer.close();

            double without = offJobs / offSeconds;
            double during = onJobs / onSeconds;
            String md = String.format(
                            Locale.ROOT,
                            "| records deleted | batch / pause | batches | purge s (sum of windows) | rows/s |"
                                    + " jobs/s without | jobs/s during | during / without |%n"
                                    + "|---|---|---|---|---|---|---|---|%n"
                                    + "| %,d | %,d / %d ms | %,d | %.1f | %,.0f | %,.0f | %,.0f | %.2f |%n%n",
                            deleted,
                            batchSize,
                            pauseMillis,
                            batches,
                            onSeconds,
                            deleted / onSeconds,
                            without,
                            during,
                            during / without)
                    + "| window | jobs/s without | deleted in purge window | jobs/s during | ratio |\n"
                    + "|---|---|---|---|---|\n"
                    + windows;
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md);
            System.out.print(md);
        }
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Finished records as the worker leaves them, completed 30 days ago, then analysed. */
    private static void seed(HikariDataSource pool, String table, int rows) throws Exception {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            int chunk = 100_000;
            for (int from = 1; from <= rows; from += chunk) {
                int to = Math.min(rows, from + chunk - 1);
                s.execute("INSERT INTO " + table + " (user_name, request_type, request_data, queue_name, status,"
                        + " created, updated_at, sent_at, send_count, next_attempt_at, started, completed,"
                        + " queue_latency_ms, duration_ms, result_data, retry_count, version)"
                        + " SELECT 'user' || (g % 50), 'Work', '{\"sequence\":' || g || ',\"pickup\":false}', 'peer-jobs', 2,"
                        + " now() - interval '30 days' - g * interval '1 ms', now() - interval '30 days',"
                        + " now() - interval '30 days', 1, now() - interval '30 days', now() - interval '30 days',"
                        + " now() - interval '30 days' + g * interval '1 ms', 3, 1, '1', 1, 3"
                        + " FROM generate_series(" + from + ", " + to + ") g");
            }
            s.execute("VACUUM ANALYZE " + table);
        }
    }
}
