package io.github.aobackgroundjobs.chaos;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import io.github.aobackgroundjobs.azure.testing.HostJson;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process of the chaos suite: runs {@link ChaosJob}s from an Azurite queue into
 * PostgreSQL, under our {@link QueueWorker} ({@code mode=worker}) or under the
 * {@link FunctionsHostSimulator} ({@code mode=functions}), until it is killed. Every 200 ms it
 * writes how many jobs it is running to its status file, so the suite can tell it is idle.
 *
 * <p>Arguments, {@code key=value}: mode, slot, pgPort, connectionString, queue, concurrency,
 * leaseMillis, visibilityMillis, status.
 */
public final class WorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {}

    /**
     * @param args {@code key=value} pairs, see the class comment
     * @throws Exception if the worker cannot start
     */
    public static void main(String[] args) throws Exception {
        ChaosArgs a = ChaosArgs.parse(args);
        long pid = ProcessHandle.current().pid();
        String workerId = "chaos-" + a.get("slot") + "-" + pid;
        Duration lease = Duration.ofMillis(a.getLong("leaseMillis"));
        Duration visibility = Duration.ofMillis(a.getLong("visibilityMillis"));
        int concurrency = (int) a.getLong("concurrency");
        String queueName = a.get("queue");
        Path status = Paths.get(a.get("status"));

        HikariDataSource pool = ChaosStores.pool((int) a.getLong("pgPort"), concurrency + 4, workerId);
        JdbiJobRepository<Long> repository = ChaosStores.repositoryWhenReachable(pool);
        Clock clock = Clock.systemUTC();
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .workerId(workerId)
                .leaseDuration(lease)
                .retryPolicy(RetryPolicy.fixed(5, Duration.ofMillis(500)))
                .completionRetryTimeout(Duration.ofMinutes(2))
                .postStatusUpdates(false)
                .build();
        ChaosJob job = new ChaosJob(repository, options, new ChaosTables(pool));
        AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(a.get("connectionString"));

        IntSupplier running;
        Runnable loop;
        if ("functions".equals(a.get("mode"))) {
            ChaosFunctionApp app = new ChaosFunctionApp(
                    FunctionsJobHandler.builder(job, queue, queueName).build());
            FunctionsHostSimulator host = FunctionsHostSimulator.builder(ChaosFunctionApp.class)
                    .instances(() -> app)
                    .setting("AzureWebJobsStorage", a.get("connectionString"))
                    .setting("ChaosQueue", queueName)
                    // visibilityTimeout: a failed delivery waits 2 s, so a short store outage does not poison messages.
                    .hostJson(new HostJson(concurrency, 5, Duration.ofSeconds(2), Duration.ofSeconds(1), true))
                    .messageLease(visibility)
                    .build();
            running = app::inFlight;
            loop = () -> runHost(host);
        } else {
            QueueWorker.Builder builder = QueueWorker.builder(queue)
                    .job(queueName, job)
                    .concurrency(concurrency)
                    .visibilityTimeout(visibility)
                    .maxPollInterval(Duration.ofMillis(200))
                    .maxOutageBackoff(Duration.ofSeconds(1))
                    .name(workerId);
            if ("0".equals(a.get("slot"))) {
                builder.sweeper(
                        JobSweeper.builder(repository, queue)
                                .clock(clock)
                                .unsentGrace(Duration.ofSeconds(20))
                                .staleAfter(Duration.ofMinutes(5))
                                .build(),
                        Duration.ofSeconds(5));
            }
            QueueWorker worker = builder.build();
            running = worker::runningCount;
            loop = () -> {
                worker.start();
                sleepForever();
            };
        }
        Thread reporter = new Thread(() -> report(status, pid, running), "chaos-status");
        reporter.setDaemon(true);
        reporter.start();
        LOG.info("Chaos worker {} ({}) started", workerId, a.get("mode"));
        loop.run();
    }

    private static void runHost(FunctionsHostSimulator host) {
        while (true) {
            try {
                if (host.runOnce() == 0) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The queue is unreachable (Azurite restarting): the host backs off and polls again.
                LOG.warn("Functions host poll failed: {}", e.toString());
                sleep(500);
            }
        }
    }

    private static void report(Path status, long pid, IntSupplier running) {
        Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
        while (true) {
            try {
                Files.writeString(tmp, "pid=" + pid + "\nrunning=" + running.getAsInt() + "\n");
                Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("Cannot write the status file {}", status, e);
            }
            sleep(200);
        }
    }

    private static void sleepForever() {
        while (true) {
            sleep(60_000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
