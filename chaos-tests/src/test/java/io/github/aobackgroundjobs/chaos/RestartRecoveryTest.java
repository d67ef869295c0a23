package io.github.aobackgroundjobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Restart recovery on the notification demo's embedded defaults (H2 file, in-memory queue, the
 * worker in the application's process: {@link EmbeddedAppMain}), with nothing configured for
 * it. The application is stopped mid-backlog and mid-job, by SIGKILL or SIGTERM, and started
 * again: every job must reach a terminal state within lease + 30 s of the last start, and each
 * job body must have run 1 + (the stops that interrupted it) times, counted in the database.
 *
 * <p>A stop interrupted a job if, read from the database once the process is gone, the job is
 * unfinished and has a run recorded by that process: read after the death, that set is final
 * (whatever H2 had not yet written is lost for the run table and the record alike). Each such
 * job must run exactly once more; every other job exactly once. Attempts (claims) must be 1 +
 * the attempts that stops found RUNNING (an attempt whose lease had not yet ended at the next
 * stop counts once).
 */
class RestartRecoveryTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration DEADLINE = LEASE.plusSeconds(30);

    private enum Stop {
        SIGKILL,
        SIGTERM
    }

    /** What the database said right after one stop. */
    private record StopRecord(
            Stop how, long pid, Set<Long> interrupted, Map<Long, Integer> runningAttempts, int pending) {}

    @Test
    void sigkillTwiceMidBacklogAndMidJob_thenRestart_everyJobEndsAndEachInterruptionCostsOneRun() throws Exception {
        run("sigkill", List.of(Stop.SIGKILL, Stop.SIGKILL), 48, 100, 500, true);
    }

    @Test
    void sigtermMidBacklogAndMidJob_thenRestart_everyJobEndsAndEachInterruptionCostsOneRun() throws Exception {
        run("sigterm", List.of(Stop.SIGTERM), 32, 300, 900, false);
    }

    private void run(String name, List<Stop> stops, int jobs, int minMillis, int maxMillis, boolean cancelAnOrphan)
            throws Exception {
        Path dir = Path.of(System.getProperty("chaos.dir", "target/chaos"))
                .resolve("restart-" + name + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Path dbDir = databaseDirectory(name);
        String db = dbDir.resolve("demo-db").toAbsolutePath().toString();
        List<StopRecord> records = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Map<Long, Integer> runsWhenCancelled = new HashMap<>();
        long testStart = System.nanoTime();
        ChaosProcess app = null;
        try {
            int incarnation = 0;
            app = start(dir, db, incarnation++, jobs, minMillis, maxMillis);
            int finishedBefore = 0;
            for (int s = 0; s < stops.size(); s++) {
                Stop how = stops.get(s);
                ChaosProcess current = app;
                int target = finishedBefore + Math.max(6, jobs / 6);
                // Mid-backlog and mid-job: some jobs done, jobs running, many still queued.
                awaitStatus(
                        current,
                        dir,
                        Duration.ofSeconds(90),
                        "mid-backlog with jobs running",
                        st -> st.finished() >= target && st.running() > 0 && st.pending() > jobs / 4);
                long pid = current.pid();
                if (how == Stop.SIGKILL) {
                    assertThat(current.kill())
                            .as("pid %d gone after SIGKILL", pid)
                            .isTrue();
                } else {
                    assertThat(current.terminate(30_000))
                            .as("pid %d exits on SIGTERM", pid)
                            .isPresent();
                }
                StopRecord record;
                try (DemoDb database = new DemoDb(db)) {
                    record = database.readAfterStop(how, pid);
                    if (cancelAnOrphan
                            && runsWhenCancelled.isEmpty()
                            && !record.interrupted().isEmpty()) {
                        // The user cancels a job whose worker was just killed: it must end CANCELLED, not run again.
                        long orphan = record.interrupted().iterator().next();
                        log.add("cancel of job " + orphan + " (worker gone): " + database.cancel(orphan));
                        runsWhenCancelled.put(orphan, database.runs().getOrDefault(orphan, 0));
                    }
                    finishedBefore = database.finished();
                }
                records.add(record);
                log.add(how + " pid " + pid + " at " + elapsed(testStart) + ": interrupted "
                        + record.interrupted().size()
                        + " job bodies, " + record.runningAttempts().size() + " RUNNING, " + record.pending()
                        + " PENDING");
                assertThat(record.interrupted())
                        .as("%s of pid %d landed while job bodies ran", how, pid)
                        .isNotEmpty();
                assertThat(record.pending())
                        .as("%s of pid %d left a backlog behind", how, pid)
                        .isGreaterThan(0);
                app = start(dir, db, incarnation++, 0, minMillis, maxMillis);
            }

            long restarted = System.nanoTime();
            ChaosProcess last = app;
            awaitStatus(last, dir, DEADLINE.plusSeconds(30), "every job finished", st -> st.finished() == jobs);
            Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
            log.add("all " + jobs + " jobs finished " + recovery.toMillis() + " ms after the last start");
            assertThat(last.terminate(30_000))
                    .as("the application exits on SIGTERM")
                    .isPresent();
            app = null;

            Map<Long, BackgroundJobInfo<Long>> finals;
            Map<Long, Integer> runs;
            try (DemoDb database = new DemoDb(db)) {
                finals = database.records();
                runs = database.runs();
            }
            Files.writeString(
                    dir.resolve("report.md"), "# Restart recovery (" + name + ")\n" + String.join("\n", log) + "\n");
            System.out.println(String.join("\n", log));

            assertThat(recovery)
                    .as("every job terminal within lease + 30 s of the last start")
                    .isLessThanOrEqualTo(DEADLINE);
            assertThat(finals).as("job records").hasSize(jobs);
            for (BackgroundJobInfo<Long> job : finals.values()) {
                long id = job.getId();
                int interruptions = (int) records.stream()
                        .filter(r -> r.interrupted().contains(id))
                        .count();
                Set<Integer> attemptsCut = new HashSet<>();
                for (StopRecord r : records) {
                    Integer attempt = r.runningAttempts().get(id);
                    if (attempt != null) {
                        attemptsCut.add(attempt);
                    }
                }
                int runningAtStops = attemptsCut.size();
                if (runsWhenCancelled.containsKey(id)) {
                    assertThat(job.getStatus())
                            .as("job %d, cancelled after its worker died", id)
                            .isEqualTo(JobStatus.CANCELLED);
                    assertThat(runs.getOrDefault(id, 0))
                            .as("runs of job %d: none after the cancel", id)
                            .isEqualTo(runsWhenCancelled.get(id));
                    continue;
                }
                assertThat(job.getStatus()).as("status of job %d", id).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(runs.getOrDefault(id, 0))
                        .as("runs of job %d: 1 + %d interruptions", id, interruptions)
                        .isEqualTo(1 + interruptions);
                assertThat(job.getAttempts())
                        .as("attempts of job %d: 1 + %d attempts that stops found RUNNING", id, runningAtStops)
                        .isEqualTo(1 + runningAtStops);
            }
        } finally {
            if (app != null) {
                app.kill();
            }
            try (var files = Files.list(dbDir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dbDir);
        }
    }

    /**
     * Where the H2 file lives: in memory-backed {@code /dev/shm} where the machine has it, else
     * under the run's directory. A process kill loses only what H2 had not yet handed to the
     * operating system, on any file system; on a shared build machine the disk's sync time per
     * commit would otherwise dominate the run.
     */
    private static Path databaseDirectory(String name) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? shm
                : Path.of(System.getProperty("chaos.dir", "target/chaos"));
        Path dir = base.resolve(
                "backgroundjobs-restart-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return dir;
    }

    private static ChaosProcess start(Path dir, String db, int n, int jobs, int minMillis, int maxMillis) {
        return ChaosProcess.start(
                "app-" + n,
                EmbeddedAppMain.class,
                dir.resolve("app-" + n + ".log"),
                List.of(
                        "db=" + db,
                        "jobs=" + jobs,
                        "seed=" + (17 + n),
                        "minMillis=" + minMillis,
                        "maxMillis=" + maxMillis,
                        "leaseMillis=" + LEASE.toMillis(),
                        "shutdownMillis=200",
                        "status=" + statusFile(dir, n)));
    }

    private static Path statusFile(Path dir, int n) {
        return dir.resolve("app-" + n + ".status");
    }

    /** The application's own report of itself. */
    private record AppStatus(int running, long[] counts) {
        long finished() {
            return counts[2] + counts[3] + counts[4] + counts[5];
        }

        long pending() {
            return counts[0];
        }
    }

    private static void awaitStatus(
            ChaosProcess app, Path dir, Duration timeout, String what, Predicate<AppStatus> condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path status = statusFile(dir, Integer.parseInt(app.name().substring("app-".length())));
        while (true) {
            AppStatus st = read(status, app.pid());
            if (st != null && condition.test(st)) {
                return;
            }
            assertThat(app.isAlive())
                    .as("application %s alive while waiting for: %s", app.name(), what)
                    .isTrue();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what + " (last status "
                        + (st == null ? "none" : st.running() + " running, " + java.util.Arrays.toString(st.counts()))
                        + ")");
            }
            Thread.sleep(50);
        }
    }

    private static AppStatus read(Path status, long pid) {
        try {
            if (!Files.exists(status)) {
                return null;
            }
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(status)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            if (!String.valueOf(pid).equals(values.get("pid"))) {
                return null;
            }
            long[] counts = new long[6];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = Long.parseLong(values.get("status" + i));
            }
            return new AppStatus(Integer.parseInt(values.get("running")), counts);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The application's database, opened by this process only while no application holds the
     * file, and held open by one connection until closed, so that every read sees one opening.
     */
    private static final class DemoDb implements AutoCloseable {
        private final Connection held;
        private final Jdbi jdbi;
        private final JdbiJobRepository<Long> repository;

        DemoDb(String file) throws SQLException {
            JdbcDataSource ds = EmbeddedAppMain.dataSource(file);
            this.held = ds.getConnection();
            this.jdbi = Jdbi.create(ds);
            this.repository = JdbiJobRepository.builder(ds).build();
        }

        StopRecord readAfterStop(Stop how, long pid) {
            return jdbi.withHandle(h -> {
                Set<Long> unfinishedWithRun = new HashSet<>(h.createQuery("SELECT DISTINCT r.job_id FROM "
                                + CountedJob.RUNS_TABLE + " r JOIN " + JdbiJobRepository.DEFAULT_TABLE_NAME
                                + " j ON j.id = r.job_id WHERE r.pid = :pid AND j.status IN (0, 1)")
                        .bind("pid", pid)
                        .mapTo(Long.class)
                        .list());
                Map<Long, Integer> running = new HashMap<>();
                h.createQuery("SELECT id, retry_count FROM " + JdbiJobRepository.DEFAULT_TABLE_NAME
                                + " WHERE status = 1")
                        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getInt(2)))
                        .forEach(e -> running.put(e.getKey(), e.getValue()));
                int pending = h.createQuery(
                                "SELECT COUNT(*) FROM " + JdbiJobRepository.DEFAULT_TABLE_NAME + " WHERE status = 0")
                        .mapTo(Integer.class)
                        .one();
                return new StopRecord(how, pid, unfinishedWithRun, running, pending);
            });
        }

        int finished() {
            return jdbi.withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM " + JdbiJobRepository.DEFAULT_TABLE_NAME + " WHERE status >= 2")
                    .mapTo(Integer.class)
                    .one());
        }

        Map<Long, BackgroundJobInfo<Long>> records() {
            List<Long> ids = jdbi.withHandle(
                    h -> h.createQuery("SELECT id FROM " + JdbiJobRepository.DEFAULT_TABLE_NAME + " ORDER BY id")
                            .mapTo(Long.class)
                            .list());
            Map<Long, BackgroundJobInfo<Long>> records = new HashMap<>();
            for (long id : ids) {
                records.put(id, repository.getJob(id));
            }
            return records;
        }

        Map<Long, Integer> runs() {
            Map<Long, Integer> runs = new HashMap<>();
            jdbi.useHandle(
                    h -> h.createQuery("SELECT job_id, COUNT(*) FROM " + CountedJob.RUNS_TABLE + " GROUP BY job_id")
                            .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getInt(2)))
                            .forEach(e -> runs.put(e.getKey(), e.getValue())));
            return runs;
        }

        /** What the dashboard's Cancel does, from this process while the application is down. */
        CancelResult cancel(long id) {
            return repository.requestCancel(id, Clock.systemUTC().instant());
        }

        @Override
        public void close() throws SQLException {
            // The application opens the file with DB_CLOSE_DELAY=-1, which H2 keeps in the file: closing
            // the last connection would leave the database open in this JVM, holding the file's lock.
            try (Statement shutdown = held.createStatement()) {
                shutdown.execute("SHUTDOWN");
            } finally {
                held.close();
            }
        }
    }

    private static String elapsed(long start) {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
