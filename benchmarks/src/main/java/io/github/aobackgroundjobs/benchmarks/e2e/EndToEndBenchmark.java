package io.github.aobackgroundjobs.benchmarks.e2e;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.benchmarks.support.AzuriteCalls;
import io.github.aobackgroundjobs.benchmarks.support.BenchAzurite;
import io.github.aobackgroundjobs.benchmarks.support.CpuTime;
import io.github.aobackgroundjobs.benchmarks.support.LocalPostgres;
import io.github.aobackgroundjobs.benchmarks.support.PatientQueues;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * End-to-end load harness (not a test): no-op jobs from {@code QueueJobClient} through Azurite
 * and {@code QueueWorker} into PostgreSQL, against {@link RawPipeline} doing the same SDK and
 * JDBC calls by hand, in the same run on the same Azurite and PostgreSQL.
 *
 * <p>Reports jobs/s with 1, 2, 4 and 8 worker threads (as many producer threads), CPU time per
 * job of each process (this JVM, Azurite, PostgreSQL), the HTTP requests each pipeline sends
 * to Azurite per job by kind, latency (created to completed) p50/p99 at half of the best
 * throughput, the heap after GC every {@code heapStep} jobs while {@code heapJobs} jobs run,
 * and where this JVM's samples fall (JFR). Settings: {@code -Djobs=2000 -Dthreads=1,2,4,8
 * -DlatencyJobs=1000 -DheapJobs=100000 -DheapStep=10000 -Dazurite=disk -Dout=benchmarks/target/e2e.md}.
 *
 * <p>Azurite keeps its data on disk ({@code -Dazurite=disk}, the default) rather than in memory
 * ({@code -Dazurite=memory}): its in-memory store keeps one extent per message and its garbage
 * collector, every 60 s, removes them one at a time in quadratic time (10,000 extents: over
 * two minutes of its single thread), during which every call slows to seconds. On disk,
 * message bodies share 64 MB extent files and the cost per message stays flat.
 */
public final class EndToEndBenchmark {

    private static final long DONE_TIMEOUT_NANOS = Duration.ofMinutes(10).toNanos();
    /** Completion poll of a throughput run: often, so the end time is close. */
    private static final long DONE_POLL_MILLIS = 10;
    /** Completion poll of the heap run, whose table grows to {@code heapJobs} rows. */
    private static final long HEAP_POLL_MILLIS = 250;

    private EndToEndBenchmark() {}

    /**
     * @param args unused; settings are system properties
     * @throws Exception if a component fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("jobs", 2000);
        int[] threadCounts = Arrays.stream(
                        System.getProperty("threads", "1,2,4,8").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int latencyJobs = Integer.getInteger("latencyJobs", 1000);
        int heapJobs = Integer.getInteger("heapJobs", 100_000);
        int heapStep = Integer.getInteger("heapStep", 10_000);
        boolean onDisk = !"memory".equals(System.getProperty("azurite", "disk"));
        Path out = Path.of(System.getProperty("out", "benchmarks/target/e2e.md"));
        StringBuilder report = new StringBuilder();
        try (LocalPostgres postgres = LocalPostgres.start();
                HikariDataSource pool = postgres.pool(24);
                Bench bench = new Bench(pool, postgres, onDisk)) {
            JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();

            line(
                    report,
                    "## Throughput: " + jobs + " no-op jobs per point, producers and workers concurrent" + " (Azurite "
                            + (onDisk ? "on disk" : "in memory") + ")\n");
            line(
                    report,
                    "| worker threads | ours jobs/s | raw jobs/s | ours / raw | CPU ms/job ours: JVM / Azurite /"
                            + " PostgreSQL | CPU ms/job raw: JVM / Azurite / PostgreSQL |");
            line(report, "|---|---|---|---|---|---|");
            bench.throughput("ours", 2, Math.min(500, jobs), 0);
            bench.throughput("raw", 2, Math.min(500, jobs), 0);
            double best = 0;
            int bestThreads = threadCounts[0];
            List<String> callRows = new ArrayList<>();
            for (int threads : threadCounts) {
                Result ours = bench.throughput("ours", threads, jobs, 0);
                Result raw = bench.throughput("raw", threads, jobs, 0);
                line(
                        report,
                        String.format(
                                "| %d | %.0f | %.0f | %.2f | %s | %s |",
                                threads,
                                ours.rate(),
                                raw.rate(),
                                ours.rate() / raw.rate(),
                                ours.cpuPerJob(),
                                raw.cpuPerJob()));
                callRows.add(ours.callsRow(threads));
                callRows.add(raw.callsRow(threads));
                if (ours.rate() > best) {
                    best = ours.rate();
                    bestThreads = threads;
                }
            }
            line(report, "\n## HTTP requests to Azurite per job (each try counted; setup excluded)\n");
            line(report, Result.CALLS_HEADER);
            line(report, Result.CALLS_RULE);
            callRows.forEach(row -> line(report, row));
            double half = best / 2;
            line(
                    report,
                    String.format(
                            "%n## Latency at half of the best throughput (%.0f jobs/s offered, %d threads,"
                                    + " %d jobs): created to completed%n",
                            half, bestThreads, latencyJobs));
            line(report, "| pipeline | p50 ms | p99 ms | max ms |");
            line(report, "|---|---|---|---|");
            for (String name : List.of("ours", "raw")) {
                Result r = bench.throughput(name, bestThreads, latencyJobs, half);
                line(report, String.format("| %s | %d | %d | %d |", name, r.p50(), r.p99(), r.max()));
            }
            if (heapJobs > 0) {
                int heapThreads = Integer.getInteger("heapThreads", bestThreads);
                line(
                        report,
                        String.format(
                                "%n## Heap after GC while %,d jobs run through one worker (ours, %d"
                                        + " threads, one Azurite %s)%n",
                                heapJobs, heapThreads, onDisk ? "on disk" : "in memory"));
                line(
                        report,
                        "| jobs done | heap used MiB | jobs/s of the step | CPU ms/job of the step: JVM / Azurite /"
                                + " PostgreSQL |");
                line(report, "|---|---|---|---|");
                bench.heap(
                        heapThreads,
                        heapJobs,
                        heapStep,
                        (done, mib, step) -> line(
                                report,
                                step == null
                                        ? String.format("| %,d | %.1f | | |", done, mib)
                                        : String.format(
                                                "| %,d | %.1f | %.0f | %s |",
                                                done, mib, step.rate(), step.cpuPerJob())));
            }
            if (Boolean.parseBoolean(System.getProperty("profile", "true"))) {
                line(
                        report,
                        String.format(
                                "%n## Where this JVM's time goes (JFR execution samples, ours, %d threads,"
                                        + " %d jobs)%n",
                                bestThreads, jobs));
                ProfileSummary.Recorder recorder = ProfileSummary.start();
                Result r = bench.throughput("ours", bestThreads, jobs, 0);
                line(report, ProfileSummary.stop(recorder).toMarkdown());
                line(
                        report,
                        String.format(
                                "%nThat run: %.0f jobs/s; CPU ms/job JVM / Azurite / PostgreSQL: %s",
                                r.rate(), r.cpuPerJob()));
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
    record Result(
            String name,
            int jobs,
            double rate,
            Duration jvmCpu,
            Duration azuriteCpu,
            Duration postgresCpu,
            long p50,
            long p99,
            long max,
            Map<AzuriteCalls.Kind, Long> calls,
            long received,
            long failedCalls) {

        static final String CALLS_HEADER = "| threads | pipeline | send | receive (got messages) | receive (empty)"
                + " | delete | update visibility | get properties | create | other | total | messages per receive"
                + " | failed |";
        static final String CALLS_RULE = "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

        /** @return CPU milliseconds per job of this JVM, Azurite and PostgreSQL */
        String cpuPerJob() {
            return String.format("%.2f / %.2f / %.2f", perJob(jvmCpu), perJob(azuriteCpu), perJob(postgresCpu));
        }

        private double perJob(Duration cpu) {
            return cpu.toNanos() / 1e6 / jobs;
        }

        /**
         * @param threads the worker threads of the run
         * @return a row of {@link #CALLS_HEADER}: requests per job by kind
         */
        String callsRow(int threads) {
            StringBuilder row = new StringBuilder(String.format("| %d | %s |", threads, name));
            long total = 0;
            for (AzuriteCalls.Kind kind : List.of(
                    AzuriteCalls.Kind.SEND,
                    AzuriteCalls.Kind.RECEIVE,
                    AzuriteCalls.Kind.RECEIVE_EMPTY,
                    AzuriteCalls.Kind.DELETE,
                    AzuriteCalls.Kind.UPDATE,
                    AzuriteCalls.Kind.PROPERTIES,
                    AzuriteCalls.Kind.CREATE,
                    AzuriteCalls.Kind.OTHER)) {
                long count = calls.getOrDefault(kind, 0L);
                total += count;
                row.append(String.format(" %.3f |", (double) count / jobs));
            }
            long receives = calls.getOrDefault(AzuriteCalls.Kind.RECEIVE, 0L);
            return row.append(String.format(
                            " %.3f | %.2f | %d |",
                            (double) total / jobs, receives == 0 ? 0.0 : (double) received / receives, failedCalls))
                    .toString();
        }
    }

    /**
     * Runs pipelines on shared components. Each measured run gets a fresh Azurite (in memory),
     * so no run pays for the state an earlier one left in it.
     */
    private static final class Bench implements AutoCloseable {
        private final HikariDataSource pool;
        private final LocalPostgres postgres;
        private final boolean onDisk;
        private final AzuriteCalls calls = new AzuriteCalls();
        private Azurite azurite;
        private QueueManager manager;
        private AzureStorageJobQueue queue;
        private int runs;

        Bench(HikariDataSource pool, LocalPostgres postgres, boolean onDisk) {
            this.pool = pool;
            this.postgres = postgres;
            this.onDisk = onDisk;
        }

        private void freshAzurite() throws Exception {
            close();
            azurite = onDisk ? BenchAzurite.onDisk() : BenchAzurite.inMemory();
            manager = PatientQueues.countingManager(azurite.connectionString(), calls);
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
            IntFunction<Pipeline> make = t -> name.equals("ours")
                    ? new OurPipeline(pool, queue, queueName, t)
                    : new RawPipeline(pool, manager.queue(queueName), t);
            try (Pipeline pipeline = make.apply(threads)) {
                // Creates the queue (and its poison queue) before the clock starts, for both pipelines.
                queue.approximateLength(queueName);
                calls.reset();
                pipeline.start();
                Meter meter = new Meter();
                produce(pipeline, threads, jobs, offeredRate);
                awaitDone(jobs, DONE_POLL_MILLIS);
                long[] latencies = latencies();
                return meter.result(name, jobs, latencies);
            }
        }

        /** CPU and wall time from its creation, and the requests counted meanwhile. */
        private final class Meter {
            private final Duration jvm0 = CpuTime.self();
            private final Duration az0 = CpuTime.of(BenchAzurite.process(azurite));
            private final Duration pg0 = postgres.cpu();
            private final Map<AzuriteCalls.Kind, Long> calls0 = calls.snapshot();
            private final long failed0 = calls.failed();
            private final long received0 = calls.received();
            private final long start = System.nanoTime();

            Result result(String name, int jobs, long[] latencies) {
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<AzuriteCalls.Kind, Long> delta = new EnumMap<>(AzuriteCalls.Kind.class);
                calls.snapshot().forEach((kind, count) -> delta.put(kind, count - calls0.getOrDefault(kind, 0L)));
                return new Result(
                        name,
                        jobs,
                        jobs / seconds,
                        CpuTime.self().minus(jvm0),
                        CpuTime.of(BenchAzurite.process(azurite)).minus(az0),
                        postgres.cpu().minus(pg0),
                        percentile(latencies, 50),
                        percentile(latencies, 99),
                        latencies.length == 0 ? 0 : latencies[latencies.length - 1],
                        delta,
                        calls.received() - received0,
                        calls.failed() - failed0);
            }
        }

        /**
         * One worker, one Azurite, one queue, {@code jobs} jobs in steps of {@code step}; after
         * each step (all its jobs done) the heap is sampled after a full GC. The rows stay in
         * the table (the harness's completion poll is slowed down to keep its COUNT cheap).
         */
        void heap(int threads, int jobs, int step, HeapSink sink) throws Exception {
            freshAzurite();
            truncate();
            String queueName = "bench-heap-" + (++runs);
            try (Pipeline pipeline = new OurPipeline(pool, queue, queueName, threads)) {
                queue.approximateLength(queueName);
                pipeline.start();
                sink.sample(0, heapAfterGc(), null);
                for (int done = 0; done < jobs; ) {
                    int chunk = Math.min(step, jobs - done);
                    Meter meter = new Meter();
                    produce(pipeline, threads, chunk, 0);
                    awaitDone(done + chunk, HEAP_POLL_MILLIS);
                    Result result = meter.result("ours", chunk, new long[0]);
                    done += chunk;
                    sink.sample(done, heapAfterGc(), result);
                }
            }
        }

        private void produce(Pipeline pipeline, int threads, int jobs, double offeredRate) throws Exception {
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            List<Exception> errors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread producer = new Thread(
                        () -> {
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
                        },
                        "producer-" + t);
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

        private void awaitDone(long jobs, long pollMillis) throws Exception {
            long deadline = System.nanoTime() + DONE_TIMEOUT_NANOS;
            while (count() < jobs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + count() + " of " + jobs + " jobs done in time");
                }
                Thread.sleep(pollMillis);
            }
        }

        private long count() throws Exception {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM background_jobs WHERE status = 2")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private long[] latencies() throws Exception {
            List<Long> values = new ArrayList<>();
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT EXTRACT(EPOCH FROM (completed - created)) * 1000"
                            + " FROM background_jobs WHERE status = 2")) {
                while (rs.next()) {
                    values.add(Math.round(rs.getDouble(1)));
                }
            }
            return values.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        private void truncate() throws Exception {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("TRUNCATE background_jobs");
            }
        }
    }

    /** Receives heap samples. */
    private interface HeapSink {
        /**
         * @param done jobs done so far
         * @param mib heap used after GC
         * @param step what the step before this sample measured, null for the first sample
         */
        void sample(long done, double mib, Result step);
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
}
