package io.github.aobackgroundjobs.benchmarks.e2e;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.benchmarks.support.CpuTime;
import io.github.aobackgroundjobs.benchmarks.support.LocalAzurite;
import io.github.aobackgroundjobs.benchmarks.support.LocalPostgres;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * End-to-end load harness (not a test): no-op jobs from {@code QueueJobClient} through Azurite
 * and {@code QueueWorker} into PostgreSQL, against {@link RawPipeline} doing the same SDK and
 * JDBC calls by hand, in the same run on the same Azurite and PostgreSQL.
 *
 * <p>Reports jobs/s with 1, 2, 4 and 8 worker threads (as many producer threads), latency
 * (created to completed) p50/p99 at half of the best throughput, the heap after GC while
 * 100,000 jobs run, CPU time per process (this JVM, Azurite, PostgreSQL), and where this JVM's
 * samples fall (JFR). Settings: {@code -Djobs=2000 -Dthreads=1,2,4,8 -DlatencyJobs=1000
 * -DheapJobs=100000 -Dout=benchmarks/target/e2e.md}.
 */
public final class EndToEndBenchmark {

    private static final long DONE_TIMEOUT_NANOS = Duration.ofMinutes(10).toNanos();

    private EndToEndBenchmark() {
    }

    /**
     * @param args unused; settings are system properties
     * @throws Exception if a component fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("jobs", 2000);
        int[] threadCounts = Arrays.stream(System.getProperty("threads", "1,2,4,8").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int latencyJobs = Integer.getInteger("latencyJobs", 1000);
        int heapJobs = Integer.getInteger("heapJobs", 100_000);
        Path out = Path.of(System.getProperty("out", "benchmarks/target/e2e.md"));
        StringBuilder report = new StringBuilder();
        try (LocalPostgres postgres = LocalPostgres.start(); HikariDataSource pool = postgres.pool(24);
             Bench bench = new Bench(pool, postgres)) {
            JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();

            line(report, "## Throughput: " + jobs + " no-op jobs per point, producers and workers concurrent\n");
            line(report, "| worker threads | ours jobs/s | raw jobs/s | ours / raw | CPU s ours: JVM / Azurite / PostgreSQL"
                    + " | CPU s raw: JVM / Azurite / PostgreSQL |");
            line(report, "|---|---|---|---|---|---|");
            bench.throughput("ours", 2, Math.min(500, jobs), 0);
            bench.throughput("raw", 2, Math.min(500, jobs), 0);
            double best = 0;
            int bestThreads = threadCounts[0];
            for (int threads : threadCounts) {
                Result ours = bench.throughput("ours", threads, jobs, 0);
                Result raw = bench.throughput("raw", threads, jobs, 0);
                line(report, String.format("| %d | %.0f | %.0f | %.2f | %s | %s |", threads, ours.rate(), raw.rate(),
                        ours.rate() / raw.rate(), ours.cpu(), raw.cpu()));
                if (ours.rate() > best) {
                    best = ours.rate();
                    bestThreads = threads;
                }
            }
            double half = best / 2;
            line(report, String.format("%n## Latency at half of the best throughput (%.0f jobs/s offered, %d threads,"
                    + " %d jobs): created to completed%n", half, bestThreads, latencyJobs));
            line(report, "| pipeline | p50 ms | p99 ms | max ms |");
            line(report, "|---|---|---|---|");
            for (String name : List.of("ours", "raw")) {
                Result r = bench.throughput(name, bestThreads, latencyJobs, half);
                line(report, String.format("| %s | %d | %d | %d |", name, r.p50(), r.p99(), r.max()));
            }
            if (heapJobs > 0) {
                line(report, String.format("%n## Heap after GC while %,d jobs run (ours, %d threads)%n", heapJobs,
                        bestThreads));
                line(report, "| jobs done | heap used MiB |");
                line(report, "|---|---|");
                bench.heap(bestThreads, heapJobs, (done, mib) -> line(report,
                        String.format("| %,d | %.1f |", done, mib)));
            }
            if (Boolean.parseBoolean(System.getProperty("profile", "true"))) {
                line(report, String.format("%n## Where this JVM's time goes (JFR execution samples, ours, %d threads,"
                        + " %d jobs)%n", bestThreads, jobs));
                ProfileSummary.Recorder recorder = ProfileSummary.start();
                Result r = bench.throughput("ours", bestThreads, jobs, 0);
                line(report, ProfileSummary.stop(recorder).toMarkdown());
                line(report, String.format("%nThat run: %.0f jobs/s; CPU s JVM / Azurite / PostgreSQL: %s", r.rate(),
                        r.cpu()));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private static void line(StringBuilder report, String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    /** What one measured run saw. */
    record Result(double rate, String cpu, long p50, long p99, long max) {
    }

    /**
     * Runs pipelines on shared components. Each measured run gets a fresh Azurite (in memory),
     * so no run pays for the state an earlier one left in it.
     */
    private static final class Bench implements AutoCloseable {
        private final HikariDataSource pool;
        private final LocalPostgres postgres;
        private LocalAzurite azurite;
        private QueueManager manager;
        private AzureStorageJobQueue queue;
        private int runs;

        Bench(HikariDataSource pool, LocalPostgres postgres) {
            this.pool = pool;
            this.postgres = postgres;
        }

        private void freshAzurite() throws Exception {
            close();
            azurite = LocalAzurite.start();
            manager = LocalAzurite.patientManager(azurite.connectionString());
            queue = new AzureStorageJobQueue(manager);
        }

        @Override
        public void close() throws Exception {
            if (azurite != null) {
                azurite.close();
                azurite = null;
            }
        }

        Result throughput(String name, int threads, int jobs, double offeredRate) throws Exception {
            freshAzurite();
            truncate();
            String queueName = "bench-" + name + "-" + (++runs);
            IntFunction<Pipeline> make = t -> name.equals("ours") ? new OurPipeline(pool, queue, queueName, t)
                    : new RawPipeline(pool, manager.queue(queueName), t);
            try (Pipeline pipeline = make.apply(threads)) {
                queue.approximateLength(queueName);
                pipeline.start();
                Duration jvm0 = CpuTime.self();
                Duration az0 = CpuTime.of(azurite.handle());
                Duration pg0 = postgres.cpu();
                long start = System.nanoTime();
                produce(pipeline, threads, jobs, offeredRate);
                awaitDone(jobs);
                double seconds = (System.nanoTime() - start) / 1e9;
                String cpu = String.format("%.1f / %.1f / %.1f", seconds(CpuTime.self().minus(jvm0)),
                        seconds(CpuTime.of(azurite.handle()).minus(az0)), seconds(postgres.cpu().minus(pg0)));
                long[] latencies = latencies();
                return new Result(jobs / seconds, cpu, percentile(latencies, 50), percentile(latencies, 99),
                        latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
            }
        }

        void heap(int threads, int jobs, HeapSink sink) throws Exception {
            freshAzurite();
            truncate();
            String queueName = "bench-heap-" + (++runs);
            try (Pipeline pipeline = new OurPipeline(pool, queue, queueName, threads)) {
                pipeline.start();
                int step = Math.max(1, jobs / 10);
                sink.sample(0, heapAfterGc());
                for (int done = 0; done < jobs; done += step) {
                    produce(pipeline, threads, Math.min(step, jobs - done), 0);
                    awaitDone(done + Math.min(step, jobs - done));
                    sink.sample(done + Math.min(step, jobs - done), heapAfterGc());
                }
            }
        }

        private void produce(Pipeline pipeline, int threads, int jobs, double offeredRate) throws Exception {
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            List<Exception> errors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread producer = new Thread(() -> {
                    long seq;
                    while ((seq = next.getAndIncrement()) < jobs) {
                        if (offeredRate > 0) {
                            long due = start + (long) (seq * 1e9 / offeredRate);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        }
                        try {
                            pipeline.enqueue(seq);
                        } catch (Exception e) {
                            synchronized (errors) {
                                errors.add(e);
                            }
                            return;
                        }
                    }
                }, "producer-" + t);
                producer.start();
                producers.add(producer);
            }
            for (Thread producer : producers) {
                producer.join();
            }
            if (!errors.isEmpty()) {
                throw errors.get(0);
            }
        }

        private void awaitDone(long jobs) throws Exception {
            long deadline = System.nanoTime() + DONE_TIMEOUT_NANOS;
            while (count() < jobs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + count() + " of " + jobs + " jobs done in time");
                }
                Thread.sleep(10);
            }
        }

        private long count() throws Exception {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM background_jobs WHERE status = 2")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private long[] latencies() throws Exception {
            List<Long> values = new ArrayList<>();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT EXTRACT(EPOCH FROM (completed - created)) * 1000"
                         + " FROM background_jobs WHERE status = 2")) {
                while (rs.next()) {
                    values.add(Math.round(rs.getDouble(1)));
                }
            }
            return values.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        private void truncate() throws Exception {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("TRUNCATE background_jobs");
            }
        }
    }

    /** Receives heap samples. */
    private interface HeapSink {
        void sample(long done, double mib);
    }

    private static double heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
