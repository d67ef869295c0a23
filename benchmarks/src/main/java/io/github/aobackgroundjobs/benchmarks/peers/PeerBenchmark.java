package io.github.aobackgroundjobs.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.benchmarks.support.BenchAzurite;
import io.github.aobackgroundjobs.benchmarks.support.CpuTime;
import io.github.aobackgroundjobs.benchmarks.support.LocalPostgres;
import io.github.aobackgroundjobs.benchmarks.support.PatientQueues;
import io.github.aobackgroundjobs.benchmarks.support.StatementStats;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * The peer benchmark (not a test): the same no-op workload on this library, JobRunr 8.1.0 and
 * db-scheduler 16.7.1, on the same machine in the same run, one markdown table.
 * <ul>
 *   <li>(a) 100,000 jobs enqueued from 8 threads while the workers run, until all finished,
 *       in memory: ours (in-memory repository and queue) and JobRunr (InMemoryStorageProvider);</li>
 *   <li>(b) the same with 20,000 jobs on PostgreSQL: ours (Jdbi repository) with the in-memory
 *       queue and with Azurite, JobRunr (PostgresStorageProvider), db-scheduler;</li>
 *   <li>(c) pickup latency of single jobs on an idle system: enqueue call to body start.</li>
 * </ul>
 * Then, all on PostgreSQL with ours on the in-memory queue (defaults, and {@code groupWrites(true)}):
 * <ul>
 *   <li>(d) end to end, enqueue once per job while the workers run, from 1 producer thread and
 *       from {@code -Dproducers} threads;</li>
 *   <li>(e) backlog: all jobs enqueued (by {@code -Dproducers} threads) with no worker running,
 *       then the workers started and the drain timed;</li>
 *   <li>(f) batch enqueue from 1 producer thread, end to end: ours with
 *       {@link QueueJobClient#queueJobs(String, String, List)}, db-scheduler with
 *       {@code scheduleBatch}, JobRunr with {@code enqueue(Stream, lambda)};</li>
 *   <li>(g) idle pickup: single jobs, each after a random 1-4 s pause; ours and db-scheduler,
 *       interleaved;</li>
 *   <li>(h) backlog queued by 1 producer thread, one call per job, CPU of the enqueue alone;</li>
 *   <li>(i) sustained load: {@code -Dwindows} windows of {@code -Djobs} jobs back to back on one
 *       started library (no separate warm-up), from 1 and from {@code -Dproducers} threads, each
 *       window's throughput beside its table's live and dead rows, size and autovacuums; ours,
 *       ours grouped and db-scheduler, in their own table after the main one.</li>
 * </ul>
 * Each library first runs as many jobs as it is measured on (at most 20,000) to warm up (not
 * measured), so that none pays the JIT's compile time in its figures. CPU per job is this JVM's, and the servers' apart (PostgreSQL and
 * Azurite in (a)-(c), PostgreSQL alone in (d)-(i)).
 * Settings: {@code -DinMemoryJobs=100000 -DpostgresJobs=20000 -Djobs=20000 (for (d)-(i)) -Dworkers=8
 * -Dproducers=8 -Dpickups=10 -Dsamples=20 -DbatchSize=100 -Dwindows=10 -Dprefill=0 -DbudgetMinutes=5
 * -DwarmupJobs=&lt;jobs, at most 20000&gt; -DdropDashboardIndexes=false -DstatementStats=false
 * -Donly=&lt;workload prefixes such as (d or library name parts, comma-separated&gt;
 * -Dout=benchmarks/target/peers.md}. {@code -Dprefill=N} inserts N SUCCEEDED records into our
 * jobs table before the runs (one {@code INSERT ... SELECT ... FROM generate_series}), kept
 * through all of ours' runs, so that ours runs with the history it keeps in production.
 * {@code -DstatementStats=true} adds, after the table, the statements PostgreSQL executed in
 * each measured end-to-end run ({@link io.github.aobackgroundjobs.benchmarks.support.StatementStats}).
 */
public final class PeerBenchmark {

    private PeerBenchmark() {}

    /**
     * @param args unused; settings are system properties
     * @throws Exception if a component fails
     */
    public static void main(String[] args) throws Exception {
        int inMemoryJobs = Integer.getInteger("inMemoryJobs", 100_000);
        int postgresJobs = Integer.getInteger("postgresJobs", 20_000);
        int jobs = positive("jobs", 20_000);
        int workers = positive("workers", 8);
        int producers = positive("producers", 8);
        int pickups = Integer.getInteger("pickups", 10);
        int samples = positive("samples", 20);
        int batchSize = positive("batchSize", 100);
        if (batchSize > QueueJobClient.MAX_JOBS_PER_CALL) {
            throw new IllegalArgumentException("-DbatchSize must be at most " + QueueJobClient.MAX_JOBS_PER_CALL
                    + " (QueueJobClient.MAX_JOBS_PER_CALL), was " + batchSize);
        }
        long prefill = Long.getLong("prefill", 0);
        String only = System.getProperty("only", "");
        Path out = Path.of(System.getProperty("out", "benchmarks/target/peers.md"));
        StringBuilder report = new StringBuilder();
        PeerRuns runs = new PeerRuns(report, Duration.ofMinutes(Long.getLong("budgetMinutes", 5)), only);
        runs.row("#### Peers: "
                + (prefill == 0
                        ? "ours' jobs table empty before each run (no prefill)"
                        : String.format("ours' jobs table prefilled with %,d SUCCEEDED records", prefill)));
        runs.row("");
        runs.row(PeerRuns.HEADER);
        Duration pollInterval = Duration.ofSeconds(1);
        boolean needsAzurite = PeerRuns.selects(only, "(b) PostgreSQL", "ours (Jdbi + Azurite)");
        try (Azurite azurite = needsAzurite ? BenchAzurite.onDisk() : null;
                LocalPostgres postgres = LocalPostgres.start();
                HikariDataSource pool = postgres.pool(workers + 8)) {
            Supplier<Duration> postgresCpu = postgres::cpu;
            Supplier<Duration> serverCpu = azurite == null
                    ? postgresCpu
                    : () -> postgres.cpu().plus(CpuTime.of(BenchAzurite.process(azurite)));
            JdbiJobRepository<Long> jdbi =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            JdbiJobRepository<Long> jdbiGrouped =
                    JdbiJobRepository.builder(pool).groupWrites(true).build();
            if (Boolean.getBoolean("dropDashboardIndexes")) {
                dropDashboardIndexes(pool);
            }
            String pgSetting = System.getProperty("pgSetting");
            if (pgSetting != null) {
                applyServerSetting(pool, pgSetting);
            }
            OurJobsTable table = OurJobsTable.prefill(pool, prefill);
            if (StatementStats.enabled()) {
                runs.countStatements(new StatementStats(pool));
            }
            Supplier<Peer> ours = () -> new OursPeer(
                    "ours (Jdbi + in-memory queue)", jdbi, new InMemoryJobQueue(Clock.systemUTC()), workers);
            Supplier<Peer> oursGrouped = () -> new OursPeer(
                    "ours (Jdbi, groupWrites(true), + in-memory queue)",
                    jdbiGrouped,
                    new InMemoryJobQueue(Clock.systemUTC()),
                    workers);
            // JobRunr refuses poll intervals under 5 s on SQL storage ("too much load").
            Supplier<Peer> jobRunr = () -> new JobRunrPeer(
                    "JobRunr (PostgresStorageProvider)",
                    new PostgresStorageProvider(pool),
                    workers,
                    Duration.ofSeconds(5));
            Supplier<Peer> dbScheduler = () -> new DbSchedulerPeer(pool, workers, Duration.ofSeconds(1));

            String a = "(a) in memory";
            runs.endToEnd(
                    a,
                    inMemoryJobs,
                    pickups,
                    producers,
                    0,
                    serverCpu,
                    () -> new OursPeer(
                            "ours (in-memory repository + queue)",
                            InMemoryJobRepository.withLongKeys(),
                            new InMemoryJobQueue(Clock.systemUTC()),
                            workers));
            runs.endToEnd(
                    a,
                    inMemoryJobs,
                    pickups,
                    producers,
                    0,
                    serverCpu,
                    () -> new JobRunrPeer(
                            "JobRunr (InMemoryStorageProvider)", new InMemoryStorageProvider(), workers, pollInterval));
            String b = "(b) PostgreSQL";
            table.reset();
            runs.endToEnd(b, postgresJobs, pickups, producers, 0, serverCpu, ours);
            table.reset();
            runs.endToEnd(b, postgresJobs, pickups, producers, 0, serverCpu, oursGrouped);
            table.reset();
            if (azurite != null) {
                runs.endToEnd(
                        b,
                        postgresJobs,
                        pickups,
                        producers,
                        0,
                        serverCpu,
                        () -> new OursPeer(
                                "ours (Jdbi + Azurite)",
                                jdbi,
                                new AzureStorageJobQueue(PatientQueues.patientManager(azurite.connectionString())),
                                workers));
            }
            runs.endToEnd(b, postgresJobs, pickups, producers, 0, serverCpu, jobRunr);
            runs.endToEnd(b, postgresJobs, pickups, producers, 0, serverCpu, dbScheduler);

            List<Supplier<Peer>> all = List.of(ours, oursGrouped, jobRunr, dbScheduler);
            for (int threads : new int[] {1, producers}) {
                String d = "(d) PostgreSQL, " + threads + (threads == 1 ? " producer" : " producers");
                for (Supplier<Peer> peer : all) {
                    table.reset();
                    runs.endToEnd(d, jobs, 0, threads, 0, postgresCpu, peer);
                }
            }
            for (Supplier<Peer> peer : all) {
                table.reset();
                runs.backlog("(e) PostgreSQL backlog", jobs, producers, false, postgresCpu, peer);
            }
            // One producer thread, one call per job, nothing draining meanwhile: queueJob against schedule.
            for (Supplier<Peer> peer : all) {
                table.reset();
                runs.backlog("(h) PostgreSQL backlog, 1 producer", jobs, 1, true, postgresCpu, peer);
            }
            String f = "(f) PostgreSQL batch enqueue, batches of " + batchSize;
            for (Supplier<Peer> peer : all) {
                table.reset();
                runs.endToEnd(f, jobs, 0, 1, batchSize, postgresCpu, peer);
            }
            table.reset();
            runs.idlePickups(
                    "(g) PostgreSQL idle pickup, 1-4 s gaps", samples, jobs, List.of(ours, oursGrouped, dbScheduler));
            // Sustained load: windows of jobs back to back on one started library, the table aging as it goes.
            int windows = Integer.getInteger("windows", 10);
            if (windows < 2) {
                throw new IllegalArgumentException("-Dwindows must be 2 or more, was " + windows);
            }
            for (int threads : new int[] {1, producers}) {
                String i = "(i) PostgreSQL sustained, " + threads + (threads == 1 ? " producer" : " producers");
                table.reset();
                runs.sustained(i, windows, jobs, threads, postgresCpu, pool, "background_jobs", ours);
                table.reset();
                runs.sustained(i, windows, jobs, threads, postgresCpu, pool, "background_jobs", oursGrouped);
                runs.sustained(i, windows, jobs, threads, postgresCpu, pool, "scheduled_tasks", dbScheduler);
            }
        }
        runs.statementReports();
        runs.row("");
        runs.row("Workers per library: " + workers + "; producer threads: " + producers + " in (a), (b) and (e), 1 and "
                + producers + " in (d), 1 in (f) and (h). (a)-(b): latency = pickup of " + pickups + " single jobs,"
                + " 0.5-1.5 s apart on the idle system after the run. (e): total s and jobs/s are the drain's, from"
                + " starting the workers; CPU covers enqueue and drain. (h): as (e), CPU of the enqueue alone."
                + " (g): latency = " + samples + " single jobs, each after a random 1-4 s idle pause, the libraries"
                + " interleaved. Servers CPU: PostgreSQL, plus Azurite in (a)-(b) when it runs.");
        runs.sustainedReports();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private static int positive(String property, int defaultValue) {
        int value = Integer.getInteger(property, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException("-D" + property + " must be 1 or more, was " + value);
        }
        return value;
    }

    /**
     * An experiment knob: a server setting for every session, the pool's open ones included
     * ({@code ALTER SYSTEM}, then a configuration reload), for every library alike.
     *
     * @param setting {@code name=value}
     */
    private static void applyServerSetting(HikariDataSource pool, String setting) throws Exception {
        int equals = setting.indexOf('=');
        String name = equals < 0 ? "" : setting.substring(0, equals);
        String value = equals < 0 ? "" : setting.substring(equals + 1);
        if (!name.matches("[a-z_]+") || !value.matches("[A-Za-z0-9_.]+")) {
            throw new IllegalArgumentException(
                    "-DpgSetting must be name=value (letters, digits, '_', '.'), was '" + setting + "'");
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET " + name + " = '" + value + "'");
            s.execute("SELECT pg_reload_conf()");
        }
        System.out.println("PostgreSQL setting for every session: " + name + " = " + value);
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
}
