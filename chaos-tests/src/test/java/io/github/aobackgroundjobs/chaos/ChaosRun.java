package io.github.aobackgroundjobs.chaos;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run: starts PostgreSQL and Azurite, two worker processes and a producer process,
 * and while the jobs run kills workers mid-job, restarts PostgreSQL and restarts Azurite as
 * {@link ChaosSize} says; then waits until everything settled and collects what the stores hold.
 */
final class ChaosRun {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    private static final int WORKERS = 2;

    /** One SIGKILL: which worker, and which jobs it was running (runs recorded, job not finished). */
    record Kill(int slot, long pid, boolean gone, Set<Long> inFlightBefore, Set<Long> interrupted) {}

    /** What a run saw. */
    record Result(
            ChaosSize size,
            String mode,
            Duration elapsed,
            int producerExit,
            List<Long> producedIds,
            String producerSummary,
            List<Kill> kills,
            int postgresRestarts,
            int azuriteRestarts,
            boolean azuriteGraceful,
            Map<Integer, Long> statusCounts,
            Set<Long> tableIds,
            Map<Long, List<Long>> runs,
            Map<Long, Integer> completions,
            long running,
            long runningPastLease,
            List<Boolean> workersAlive,
            List<Integer> workersRunning,
            long queueLength,
            List<String> poisonTexts,
            List<String> malformed,
            Path directory) {

        /**
         * @return per malformed text or text in the poison queue, how many more times it is in the
         *     poison queue than it was sent (negative: copies missing), texts there exactly as
         *     often as sent omitted
         */
        Map<String, Long> poisonCopiesBeyondSent() {
            Map<String, Long> difference = new HashMap<>();
            poisonTexts.forEach(t -> difference.merge(t, 1L, Long::sum));
            malformed.forEach(t -> difference.merge(t, -1L, Long::sum));
            difference.values().removeIf(n -> n == 0);
            return difference;
        }
    }

    private final ChaosSize size;
    private final String mode;
    private final Path dir;
    private final String queueName;
    private final ChaosProcess[] workers = new ChaosProcess[WORKERS];
    private final int[] generation = new int[WORKERS];

    ChaosRun(ChaosSize size, String mode, Path dir) {
        this.size = size;
        this.mode = mode;
        this.dir = dir;
        this.queueName = "chaos-" + mode;
    }

    Result run() throws Exception {
        try {
            return runOnce();
        } finally {
            // The logs stay for reading; the data directories (tens of MB) go.
            deleteRecursively(dir.resolve("pgdata"));
            deleteRecursively(dir.resolve("azurite"));
        }
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (java.util.stream.Stream<Path> files = Files.walk(path)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Azurite's queue service keeping its messages on disk (logs beside them), stopped with
     * SIGTERM and started again on the same port with the same messages.
     */
    private Azurite azurite() {
        return Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .persistence(Azurite.Persistence.DISK)
                .location(dir.resolve("azurite"))
                .stopTimeout(Duration.ofSeconds(20))
                .build();
    }

    private Result runOnce() throws Exception {
        Files.createDirectories(dir);
        long started = System.nanoTime();
        try (ChaosPostgres postgres = new ChaosPostgres(dir.resolve("pgdata"));
                Azurite azurite = azurite()) {
            postgres.start();
            try (HikariDataSource pool = ChaosStores.pool(postgres.port(), 3, "chaos-suite")) {
                ChaosStores.repository(pool, true);
                ChaosTables tables = new ChaosTables(pool);
                tables.create();
                AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(azurite.connectionString());
                queue.approximateLength(queueName);
                queue.approximateLength(queue.poisonQueueName(queueName));
                try {
                    return drive(postgres, azurite, tables, queue, started);
                } finally {
                    for (ChaosProcess worker : workers) {
                        if (worker != null) {
                            worker.kill();
                        }
                    }
                }
            }
        }
    }

    private Result drive(
            ChaosPostgres postgres, Azurite azurite, ChaosTables tables, AzureStorageJobQueue queue, long started)
            throws Exception {
        for (int slot = 0; slot < WORKERS; slot++) {
            startWorker(slot, postgres, azurite);
        }
        Path idsFile = dir.resolve("job-ids.txt");
        ChaosProcess producer = ChaosProcess.start(
                "producer",
                ProducerMain.class,
                dir.resolve("producer.log"),
                List.of(
                        "pgPort=" + postgres.port(),
                        "connectionString=" + azurite.connectionString(),
                        "queue=" + queueName,
                        "jobs=" + size.jobs(),
                        "duplicatePercent=" + size.duplicatePercent(),
                        "malformed=" + size.malformed(),
                        "seed=20261129",
                        "out=" + idsFile));

        List<Double> killAt = new ArrayList<>();
        for (int k = 0; k < size.kills(); k++) {
            killAt.add(0.05 + 0.8 * k / Math.max(1, size.kills()));
        }
        double postgresAt = 0.37;
        double azuriteAt = 0.63;
        List<Kill> kills = new ArrayList<>();
        int postgresRestarts = 0;
        int azuriteRestarts = 0;
        boolean azuriteGraceful = true;
        Integer producerExit = null;
        long deadline = started + size.timeout().toNanos();
        long succeeded = 0;
        while (System.nanoTime() < deadline) {
            if (producerExit == null) {
                producerExit = producer.waitFor(0).orElse(null);
            }
            succeeded = attempt(tables::succeeded).orElse(succeeded);
            double progress = (double) succeeded / size.jobs();
            if (kills.size() < killAt.size() && progress >= killAt.get(kills.size())) {
                kills.add(kill(kills.size() % WORKERS, tables, postgres, azurite));
            } else if (postgresRestarts < size.postgresRestarts() && progress >= postgresAt) {
                LOG.info("Chaos: restarting PostgreSQL at {} succeeded", succeeded);
                postgres.stop();
                Thread.sleep(2_000);
                postgres.start();
                postgresRestarts++;
            } else if (azuriteRestarts < size.azuriteRestarts() && progress >= azuriteAt) {
                LOG.info("Chaos: restarting Azurite gracefully at {} succeeded", succeeded);
                azuriteGraceful &= azurite.stop();
                Thread.sleep(2_000);
                azurite.start();
                azuriteRestarts++;
            } else if (succeeded >= size.jobs() && producerExit != null) {
                break;
            } else {
                Thread.sleep(100);
            }
        }
        if (producerExit == null) {
            producerExit = producer.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000))
                    .orElse(-1);
        }
        LOG.info("Chaos: {} succeeded; waiting for the queue and the workers to settle", succeeded);
        long queueLength = settle(queue, deadline);

        List<Long> ids = Files.readAllLines(idsFile).stream()
                .filter(s -> !s.isBlank())
                .map(Long::valueOf)
                .toList();
        Path done = Path.of(idsFile + ".done");
        String summary =
                Files.exists(done) ? Files.readString(done).replace('\n', ' ').trim() : "(not finished)";
        List<Boolean> alive = new ArrayList<>();
        List<Integer> running = new ArrayList<>();
        for (int slot = 0; slot < WORKERS; slot++) {
            alive.add(workers[slot].isAlive());
            running.add(ChaosProcess.readRunning(statusFile(slot), workers[slot].pid()));
        }
        List<String> poison = drain(queue, queue.poisonQueueName(queueName));
        return new Result(
                size,
                mode,
                Duration.ofNanos(System.nanoTime() - started),
                producerExit,
                ids,
                summary,
                kills,
                postgresRestarts,
                azuriteRestarts,
                azuriteGraceful,
                tables.statusCounts(),
                tables.allJobIds(),
                tables.runsByJob(),
                tables.completionsByJob(),
                tables.running(),
                tables.runningPastLease(Clock.systemUTC().instant()),
                alive,
                running,
                queueLength,
                poison,
                ChaosMessages.malformed(size.malformed()),
                dir);
    }

    /** Most SIGKILLs spent on one planned kill, should the running jobs finish just before each. */
    private static final int KILL_TRIES = 5;

    private Kill kill(int slot, ChaosTables tables, ChaosPostgres postgres, Azurite azurite) throws Exception {
        Kill kill = null;
        for (int attempt = 1; attempt <= KILL_TRIES; attempt++) {
            kill = killOnce(slot, tables, postgres, azurite);
            if (!kill.interrupted().isEmpty() || !kill.gone()) {
                return kill;
            }
            // Its jobs finished between the look and the signal: that kill interrupted nothing and
            // proves nothing, so it does not count; the restarted worker is killed again.
            LOG.info(
                    "Chaos: the kill of pid {} came after its jobs had finished; killing worker {} again",
                    kill.pid(),
                    slot);
        }
        return kill;
    }

    private Kill killOnce(int slot, ChaosTables tables, ChaosPostgres postgres, Azurite azurite) throws Exception {
        ChaosProcess worker = workers[slot];
        // Kill only while the worker runs a job: its recorded runs of jobs not yet finished.
        Set<Long> before = Set.of();
        long until = System.nanoTime() + 20_000_000_000L;
        while (before.isEmpty() && System.nanoTime() < until) {
            before = attempt(() -> tables.unfinishedRunsOf(worker.pid())).orElse(Set.of());
            if (before.isEmpty()) {
                Thread.sleep(20);
            }
        }
        boolean gone = worker.kill();
        // Dead now: what it was running is final; those jobs must run once more elsewhere.
        Set<Long> interrupted = new LinkedHashSet<>(tables.unfinishedRunsOf(worker.pid()));
        LOG.info(
                "Chaos: killed worker {} (pid {}) running {}; interrupted {}", slot, worker.pid(), before, interrupted);
        startWorker(slot, postgres, azurite);
        return new Kill(slot, worker.pid(), gone, before, interrupted);
    }

    private void startWorker(int slot, ChaosPostgres postgres, Azurite azurite) throws InterruptedException {
        generation[slot]++;
        ChaosProcess worker = ChaosProcess.start(
                "worker-" + slot,
                WorkerMain.class,
                dir.resolve("worker-" + slot + "-" + generation[slot] + ".log"),
                List.of(
                        "mode=" + mode,
                        "slot=" + slot,
                        "pgPort=" + postgres.port(),
                        "connectionString=" + azurite.connectionString(),
                        "queue=" + queueName,
                        "concurrency=" + size.concurrency(),
                        "leaseMillis=" + size.lease().toMillis(),
                        "visibilityMillis=" + size.visibilityTimeout().toMillis(),
                        "status=" + statusFile(slot)));
        workers[slot] = worker;
        long until = System.nanoTime() + 150_000_000_000L;
        while (ChaosProcess.readRunning(statusFile(slot), worker.pid()) < 0 && System.nanoTime() < until) {
            if (!worker.isAlive()) {
                throw new IllegalStateException("Worker " + slot + " exited at start; see its log in " + dir);
            }
            Thread.sleep(50);
        }
    }

    private long settle(AzureStorageJobQueue queue, long deadline) throws InterruptedException {
        // Duplicates and deferred messages of finished jobs are still out: wait until they are consumed.
        long length = -1;
        long idleSince = 0;
        while (System.nanoTime() < deadline) {
            length = queue.approximateLength(queueName).orElse(-1);
            boolean idle = length == 0;
            for (int slot = 0; slot < WORKERS && idle; slot++) {
                idle = ChaosProcess.readRunning(statusFile(slot), workers[slot].pid()) == 0;
            }
            if (!idle) {
                idleSince = 0;
            } else if (idleSince == 0) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > 1_000_000_000L) {
                return length;
            }
            Thread.sleep(200);
        }
        return length;
    }

    private static List<String> drain(AzureStorageJobQueue queue, String name) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<QueueMessage> batch = queue.receive(name, 32, Duration.ofMinutes(5));
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(m -> texts.add(m.text()));
        }
        return texts;
    }

    private Path statusFile(int slot) {
        return dir.resolve("worker-" + slot + ".status");
    }

    private static <T> Optional<T> attempt(Callable<T> query) {
        try {
            return Optional.of(query.call());
        } catch (SQLException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
