package io.github.aobackgroundjobs.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.benchmarks.support.BenchAzurite;
import io.github.aobackgroundjobs.benchmarks.support.CpuTime;
import io.github.aobackgroundjobs.benchmarks.support.LocalPostgres;
import io.github.aobackgroundjobs.benchmarks.support.PatientQueues;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * The peer benchmark (not a test): the same no-op workload on this library, JobRunr 8.1.0 and
 * db-scheduler 16.7.1, on the same machine in the same run.
 * <ul>
 *   <li>(a) 100,000 jobs enqueued from 8 threads while the workers run, until all finished,
 *       in memory: ours (in-memory repository and queue) and JobRunr (InMemoryStorageProvider);</li>
 *   <li>(b) the same with 20,000 jobs on PostgreSQL: ours (Jdbi repository) with the in-memory
 *       queue and with Azurite, JobRunr (PostgresStorageProvider), db-scheduler;</li>
 *   <li>(c) pickup latency of single jobs on an idle system: enqueue call to body start.</li>
 * </ul>
 * Each library first runs a tenth as many jobs (at most 2,000) to warm up (not measured), so that none pays the
 * JIT's compile time in its figures. CPU per job is this JVM's, and the servers' (PostgreSQL
 * and Azurite) apart.
 * Settings: {@code -DinMemoryJobs=100000 -DpostgresJobs=20000 -Dworkers=8 -Dproducers=8 -Dpickups=10
 * -DbudgetMinutes=5 -DwarmupJobs=&lt;jobs/10, at most 2000&gt; -DdropDashboardIndexes=false -Donly=&lt;workload or library name parts, comma-separated&gt;
 * -Dout=benchmarks/target/peers.md}.
 */
public final class PeerBenchmark {

    /** Sequence numbers of the warm-up jobs, far from those of the measured ones. */
    private static final long WARMUP_SEQUENCE = 1_000_000_000L;
    /** Each library's time budget for one workload; what it finished by then is reported. */
    private static final long TIMEOUT_NANOS =
            Duration.ofMinutes(Long.getLong("budgetMinutes", 5)).toNanos();

    /** CPU of the other processes of a run (PostgreSQL, Azurite), read before and after each library's run. */
    private static java.util.function.Supplier<Duration> serverCpu = () -> Duration.ZERO;

    private PeerBenchmark() {}

    /**
     * @param args unused; settings are system properties
     * @throws Exception if a component fails
     */
    public static void main(String[] args) throws Exception {
        int inMemoryJobs = Integer.getInteger("inMemoryJobs", 100_000);
        int postgresJobs = Integer.getInteger("postgresJobs", 20_000);
        int workers = Integer.getInteger("workers", 8);
        int pickups = Integer.getInteger("pickups", 10);
        Path out = Path.of(System.getProperty("out", "benchmarks/target/peers.md"));
        StringBuilder report = new StringBuilder();
        line(
                report,
                "| workload | library | jobs | enqueue s | total s | jobs/s | JVM CPU µs/job | servers CPU µs/job"
                        + " | pickup p50 ms | pickup p90 ms | pickup max ms |");
        line(report, "|---|---|---|---|---|---|---|---|---|---|---|");
        Duration pollInterval = Duration.ofSeconds(1);
        try (Azurite azurite = BenchAzurite.onDisk();
                LocalPostgres postgres = LocalPostgres.start();
                HikariDataSource pool = postgres.pool(workers + 8)) {
            serverCpu = () -> postgres.cpu().plus(CpuTime.of(BenchAzurite.process(azurite)));
            JdbiJobRepository<Long> jdbi =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            JdbiJobRepository<Long> jdbiGrouped =
                    JdbiJobRepository.builder(pool).groupWrites(true).build();
            if (Boolean.getBoolean("dropDashboardIndexes")) {
                dropDashboardIndexes(pool);
            }
            run(
                    report,
                    "(a) in memory",
                    inMemoryJobs,
                    pickups,
                    () -> new OursPeer(
                            "ours (in-memory repository + queue)",
                            InMemoryJobRepository.withLongKeys(),
                            new InMemoryJobQueue(Clock.systemUTC()),
                            workers));
            run(
                    report,
                    "(a) in memory",
                    inMemoryJobs,
                    pickups,
                    () -> new JobRunrPeer(
                            "JobRunr (InMemoryStorageProvider)", new InMemoryStorageProvider(), workers, pollInterval));
            truncate(pool);
            run(
                    report,
                    "(b) PostgreSQL",
                    postgresJobs,
                    pickups,
                    () -> new OursPeer(
                            "ours (Jdbi + in-memory queue)", jdbi, new InMemoryJobQueue(Clock.systemUTC()), workers));
            truncate(pool);
            run(
                    report,
                    "(b) PostgreSQL",
                    postgresJobs,
                    pickups,
                    () -> new OursPeer(
                            "ours (Jdbi, groupWrites(true), + in-memory queue)",
                            jdbiGrouped,
                            new InMemoryJobQueue(Clock.systemUTC()),
                            workers));
            truncate(pool);
            run(
                    report,
                    "(b) PostgreSQL",
                    postgresJobs,
                    pickups,
                    () -> new OursPeer(
                            "ours (Jdbi + Azurite)",
                            jdbi,
                            new AzureStorageJobQueue(PatientQueues.patientManager(azurite.connectionString())),
                            workers));
            run(
                    report,
                    "(b) PostgreSQL",
                    postgresJobs,
                    pickups,
                    () -> new JobRunrPeer(
                            "JobRunr (PostgresStorageProvider)",
                            // JobRunr refuses poll intervals under 5 s on SQL storage ("too much load").
                            new PostgresStorageProvider(pool),
                            workers,
                            Duration.ofSeconds(5)));
            run(
                    report,
                    "(b) PostgreSQL",
                    postgresJobs,
                    pickups,
                    () -> new DbSchedulerPeer(pool, workers, Duration.ofSeconds(1)));
        }
        line(report, "");
        line(
                report,
                "Workers per library: " + workers + "; producer threads: " + Integer.getInteger("producers", 8)
                        + ". Pickup: " + pickups + " single jobs each, 0.5-1.5 s apart on"
                        + " an otherwise idle system (right after that library's throughput run).");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private static void run(StringBuilder report, String workload, int jobs, int pickups, Supplier<Peer> make)
            throws Exception {
        String only = System.getProperty("only", "");
        if (!only.isBlank()
                && Arrays.stream(only.split(",")).noneMatch(workload::startsWith)
                && Arrays.stream(only.split(",")).noneMatch(o -> describe(make).contains(o))) {
            return;
        }
        int producers = Integer.getInteger("producers", 8);
        try (Peer peer = make.get()) {
            peer.start();
            // The same warm-up for every library, so that none pays the JIT's compile time in its figures.
            int warmup = Integer.getInteger("warmupJobs", Math.min(2_000, Math.max(1, jobs / 10)));
            PickupSignal.RUNS.reset();
            enqueueAll(peer, warmup, producers, WARMUP_SEQUENCE);
            long warmupDeadline = System.nanoTime() + TIMEOUT_NANOS;
            while (PickupSignal.RUNS.sum() < warmup && System.nanoTime() < warmupDeadline) {
                Thread.sleep(5);
            }
            while (peer.finished() < warmup && System.nanoTime() < warmupDeadline) {
                Thread.sleep(20);
            }
            long before = peer.finished();
            System.gc();
            PickupSignal.RUNS.reset();
            Duration jvmCpuBefore = CpuTime.self();
            Duration serverCpuBefore = serverCpu.get();
            long start = System.nanoTime();
            enqueueAll(peer, jobs, producers, 0);
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = start + TIMEOUT_NANOS;
            // Wait on the bodies' counter first: asking a store for its count is not free (JobRunr's
            // in-memory count scans every job), and polling it often would slow the peer down.
            while (PickupSignal.RUNS.sum() < jobs && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long finished;
            while ((finished = peer.finished() - before) < jobs && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double totalSeconds = (System.nanoTime() - start) / 1e9;
            double jvmCpuPerJob = CpuTime.self().minus(jvmCpuBefore).toNanos() / 1e3 / jobs;
            double serverCpuPerJob = serverCpu.get().minus(serverCpuBefore).toNanos() / 1e3 / jobs;
            if (finished < jobs) {
                line(
                        report,
                        String.format(
                                "| %s | %s | %,d | %.1f | did not finish: %,d done in %.0f s | %.0f | %.0f | %.0f"
                                        + " | - | - | - |",
                                workload,
                                peer.name(),
                                jobs,
                                enqueueSeconds,
                                finished,
                                totalSeconds,
                                finished / totalSeconds,
                                jvmCpuPerJob,
                                serverCpuPerJob));
                return;
            }
            long[] pickup = new long[pickups];
            Random random = new Random(42);
            for (int i = 0; i < pickups; i++) {
                Thread.sleep(500 + random.nextInt(1000));
                pickup[i] = peer.pickupNanos();
            }
            Arrays.sort(pickup);
            String name = peer.name()
                    + (peer instanceof JobRunrPeer j
                            ? ", poll " + j.effectivePollInterval().toMillis() + " ms"
                            : "");
            line(
                    report,
                    String.format(
                            "| %s | %s | %,d | %.1f | %.1f | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f |",
                            workload,
                            name,
                            jobs,
                            enqueueSeconds,
                            totalSeconds,
                            jobs / totalSeconds,
                            jvmCpuPerJob,
                            serverCpuPerJob,
                            ms(pickup, 50),
                            ms(pickup, 90),
                            pickup[pickup.length - 1] / 1e6));
        }
    }

    private static void enqueueAll(Peer peer, int jobs, int producers, long firstSequence) throws Exception {
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(firstSequence);
        long end = firstSequence + jobs;
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.List<Exception> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int t = 0; t < producers; t++) {
            Thread thread = new Thread(
                    () -> {
                        long i;
                        while ((i = next.getAndIncrement()) < end) {
                            try {
                                peer.enqueue(i);
                            } catch (Exception e) {
                                errors.add(e);
                                return;
                            }
                        }
                    },
                    "producer-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    /** The name a peer will have, without starting it (peers connect only in start()). */
    private static String describe(Supplier<Peer> make) {
        try (Peer peer = make.get()) {
            return peer.name();
        } catch (Exception e) {
            return "";
        }
    }

    private static double ms(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** An experiment, never the default: what the six indexes that serve the dashboard cost the workers. */
    private static void dropDashboardIndexes(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            for (String index :
                    List.of("created", "user_created", "status_created", "type_created", "updated", "completed")) {
                s.execute("DROP INDEX IF EXISTS background_jobs_" + index);
            }
        }
    }

    private static void truncate(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE background_jobs");
        }
    }

    private static void line(StringBuilder report, String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }
}
