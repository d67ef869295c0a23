package io.github.aobackgroundjobs.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.benchmarks.support.LocalPostgres;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where an idle pickup's time goes on PostgreSQL with the in-memory queue (workload (g) of
 * {@link PeerBenchmark}, taken apart): after each random 1-2 s idle gap, one job is queued and
 * the harness notes when {@code queueJob} returned (the insert and the send), when the job's
 * status hook saw RUNNING (the worker's wake-up, the hand-off to a pool thread and the claim),
 * and when its body started. Alongside, after the same gaps, a plain JDBC insert of the same
 * columns into the same table, as the floor of the insert.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.peers.PickupBreakdown [samples]} (30 by default).
 */
public final class PickupBreakdown {

    /** The request. */
    public record Work(long sequence) {}

    private static final String QUEUE = "pickup-breakdown";
    private static volatile CompletableFuture<Long> bodyStarted;
    private static volatile long runningAt;
    private static final LongAdder RUNS = new LongAdder();

    private PickupBreakdown() {}

    /**
     * @param args the number of samples (default 30)
     * @throws Exception if a component fails
     */
    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, was " + samples);
        }
        try (LocalPostgres postgres = LocalPostgres.start();
                HikariDataSource pool = postgres.pool(16)) {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
            try (QueueJobClient<Long> client =
                            QueueJobClient.builder(repository, queue).build();
                    QueueWorker worker = QueueWorker.builder(queue)
                            .job(QUEUE, new Job(repository))
                            .concurrency(8)
                            .maxPollInterval(Duration.ofSeconds(1))
                            .name("pickup")
                            .build()
                            .start()) {
                // Warm-up: the same code paths, until the JIT is done with them.
                int warmup = 20_000;
                for (int i = 0; i < warmup; i++) {
                    client.queueJob(QUEUE, "bench", new Work(i));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (RUNS.sum() < warmup && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                if (RUNS.sum() < warmup) {
                    throw new IllegalStateException(
                            "The warm-up ran " + RUNS.sum() + " of " + warmup + " jobs in 120 s");
                }
                Random random = new Random(1);
                long[] plainInsert = new long[samples];
                for (int i = 0; i < samples; i++) {
                    Thread.sleep(1_000 + random.nextInt(1_000));
                    plainInsert[i] = plainInsert(pool);
                }
                long[] queued = new long[samples];
                long[] running = new long[samples];
                long[] body = new long[samples];
                for (int i = 0; i < samples; i++) {
                    Thread.sleep(1_000 + random.nextInt(1_000));
                    bodyStarted = new CompletableFuture<>();
                    long start = System.nanoTime();
                    client.queueJob(QUEUE, "bench", new Work(-1));
                    long returned = System.nanoTime();
                    long started = bodyStarted.get(10, TimeUnit.SECONDS);
                    queued[i] = returned - start;
                    running[i] = runningAt - returned;
                    body[i] = started - start;
                }
                System.out.printf(
                        "plain JDBC insert p50 %.2f ms p90 %.2f%n"
                                + "queueJob (insert + send) p50 %.2f ms p90 %.2f%n"
                                + "queueJob returned -> RUNNING saved p50 %.2f ms p90 %.2f%n"
                                + "queueJob called -> body p50 %.2f ms p90 %.2f%n",
                        p(plainInsert, 50),
                        p(plainInsert, 90),
                        p(queued, 50),
                        p(queued, 90),
                        p(running, 50),
                        p(running, 90),
                        p(body, 50),
                        p(body, 90));
            }
        }
    }

    private static long plainInsert(HikariDataSource pool) throws Exception {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + JdbiJobRepository.DEFAULT_TABLE_NAME
                        + " (user_name, request_type, request_data, queue_name, status, created, updated_at)"
                        + " VALUES (?, ?, ?, ?, 2, ?, ?) RETURNING id")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ps.setString(1, "bench");
            ps.setString(2, "Work");
            ps.setString(3, "{\"sequence\":1}");
            ps.setString(4, QUEUE);
            ps.setObject(5, now);
            ps.setObject(6, now);
            ps.execute();
        }
        return System.nanoTime() - start;
    }

    /** @return the percentile in milliseconds */
    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static final class Job extends BackgroundJobBase<Long, Work, Long> {
        Job(JdbiJobRepository<Long> repository) {
            super(repository, Work.class, Long.class, JobOptions.defaults());
        }

        @Override
        protected void onStatusUpdated(Long id, JobStatus status) {
            if (status == JobStatus.RUNNING) {
                runningAt = System.nanoTime();
            }
        }

        @Override
        protected Long onExecute(Work request, JobContext<Long> context) {
            RUNS.increment();
            CompletableFuture<Long> waiting = bodyStarted;
            if (waiting != null && request.sequence() < 0) {
                waiting.complete(System.nanoTime());
            }
            return request.sequence();
        }
    }
}
