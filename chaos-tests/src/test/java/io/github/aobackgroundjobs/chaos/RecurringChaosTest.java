package io.github.aobackgroundjobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across processes: worker JVMs on one PostgreSQL all fire a one-second schedule
 * while some of them are SIGKILLed and restarted (at least one stays alive). Every fire time
 * of the schedule's own list between the first and the last one recorded must be queued
 * exactly once, or lie in a range the skip policy recorded as skipped; each queued fire has
 * its own job record and no job record is without a fire.
 *
 * <p>CI size by default (2 processes, 30 s, 2 kills); {@code -Drecurring.size=full} for the
 * documented run (4 processes, 2 minutes, 12 kills).
 */
class RecurringChaosTest {

    record Size(String name, int processes, Duration duration, int kills) {
        static Size fromSystemProperty() {
            return "full".equals(System.getProperty("recurring.size"))
                    ? new Size("full", 4, Duration.ofMinutes(2), 12)
                    : new Size("ci", 2, Duration.ofSeconds(30), 2);
        }
    }

    @Test
    void eachFireTimeIsQueuedExactlyOnce_acrossKilledWorkerProcesses() throws Exception {
        Size size = Size.fromSystemProperty();
        Path dir = Path.of(System.getProperty("chaos.dir", "target/chaos"))
                .resolve("recurring-" + size.name() + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Random random = new Random(17);
        try (ChaosPostgres postgres = new ChaosPostgres(dir.resolve("pg"));
                AutoCloseableList processes = new AutoCloseableList()) {
            postgres.start();
            HikariDataSource pool = ChaosStores.pool(postgres.port(), 4, "recurring-test");
            JdbiJobRepository<Long> repository = ChaosStores.repository(pool, true);
            JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(pool, repository)
                    .createOrMigrateSchema(true)
                    .build();
            // Declared here first, so every process starts from the same definition.
            RecurringScheduler.builder(store, new InMemoryJobQueue())
                    .declare(RecurringWorkerMain.definition())
                    .retention(RetentionPolicy.disabled())
                    .build();

            for (int i = 0; i < size.processes(); i++) {
                processes.add(start(dir, i, postgres.port()));
            }
            long start = System.nanoTime();
            long killEvery = size.duration().toNanos() / (size.kills() + 1);
            int kills = 0;
            List<String> log = new ArrayList<>();
            while (System.nanoTime() - start < size.duration().toNanos()) {
                Thread.sleep(200);
                if (kills < size.kills() && System.nanoTime() - start >= killEvery * (kills + 1)) {
                    int victim = random.nextInt(size.processes());
                    ChaosProcess p = processes.get(victim);
                    boolean gone = p.kill();
                    assertThat(gone).as("pid %d gone after SIGKILL", p.pid()).isTrue();
                    log.add("SIGKILL pid " + p.pid() + " at " + elapsed(start));
                    kills++;
                    // Down for 1-4 s while the others go on, then a fresh process takes its place.
                    Thread.sleep(1000 + random.nextInt(3000));
                    processes.set(victim, start(dir, victim * 100 + kills, postgres.port()));
                }
            }
            for (ChaosProcess p : processes) {
                p.kill();
            }

            Jdbi jdbi = Jdbi.create(pool);
            TreeMap<Instant, String> queued = new TreeMap<>();
            List<Instant[]> skipped = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            jdbi.useHandle(h -> h.createQuery("SELECT fire_time, outcome, job_id, skipped_through FROM "
                            + store.firesTable() + " WHERE definition_name = :n ORDER BY fire_time")
                    .bind("n", RecurringWorkerMain.NAME)
                    .map((rs, ctx) -> {
                        Instant t = rs.getObject(1, OffsetDateTime.class).toInstant();
                        if ("SKIPPED".equals(rs.getString(2))) {
                            skipped.add(new Instant[] {
                                t, rs.getObject(4, OffsetDateTime.class).toInstant()
                            });
                        } else if (queued.put(t, rs.getString(3)) != null) {
                            duplicates.add(t.toString());
                        }
                        return t;
                    })
                    .list());
            List<Long> jobIds = jdbi.withHandle(
                    h -> h.createQuery("SELECT id FROM " + repository.tableName() + " WHERE request_type = :type")
                            .bind("type", "Tick")
                            .mapTo(Long.class)
                            .list());

            Schedule schedule = Schedule.every(Duration.ofSeconds(1));
            Instant first = queued.firstKey();
            Instant last = queued.lastKey();
            List<Instant> expected = new ArrayList<>();
            for (Instant t = first;
                    !t.isAfter(last);
                    t = schedule.nextAfter(t, ZoneOffset.UTC).orElseThrow()) {
                expected.add(t);
            }
            List<Instant> missing = new ArrayList<>();
            int skippedCount = 0;
            for (Instant t : expected) {
                if (queued.containsKey(t)) {
                    continue;
                }
                if (skipped.stream().anyMatch(r -> !t.isBefore(r[0]) && !t.isAfter(r[1]))) {
                    skippedCount++;
                } else {
                    missing.add(t);
                }
            }
            Set<String> queuedJobs = new HashSet<>(queued.values());
            Set<String> tableJobs = new HashSet<>();
            jobIds.forEach(id -> tableJobs.add(Long.toString(id)));

            String report = "# Recurring exactly-once proof (" + size + ")\n"
                    + "fire times from " + first + " through " + last + ": " + expected.size() + "\n"
                    + "queued: " + queued.size() + ", skipped by policy: " + skippedCount + ", missing: "
                    + missing.size() + ", queued twice: " + duplicates.size() + "\n"
                    + "job records: " + jobIds.size() + "\n"
                    + String.join("\n", log) + "\n";
            Files.writeString(dir.resolve("report.md"), report);
            System.out.println(report);

            assertThat(kills).isEqualTo(size.kills());
            assertThat(duplicates).as("fire times queued twice").isEmpty();
            assertThat(missing)
                    .as("fire times neither queued nor skipped by policy")
                    .isEmpty();
            assertThat(jobIds).as("job records").doesNotHaveDuplicates().hasSize(queued.size());
            assertThat(tableJobs).as("job records = jobs of the fire records").isEqualTo(queuedJobs);
            assertThat(expected.size()).as("fire times covered").isGreaterThanOrEqualTo((int)
                    (size.duration().toSeconds() * 8 / 10));
            pool.close();
        }
    }

    private static ChaosProcess start(Path dir, int n, int port) {
        Path status = dir.resolve("worker-" + n + ".status");
        return ChaosProcess.start(
                "recurring-worker-" + n,
                RecurringWorkerMain.class,
                dir.resolve("worker-" + n + ".log"),
                List.of(Integer.toString(port), status.toString()));
    }

    private static String elapsed(long start) {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }

    /** The worker processes, killed when the test ends however it ends. */
    static final class AutoCloseableList extends ArrayList<ChaosProcess> implements AutoCloseable {
        private static final long serialVersionUID = 1L;

        @Override
        public void close() throws InterruptedException {
            for (ChaosProcess p : this) {
                p.kill();
            }
        }
    }
}
