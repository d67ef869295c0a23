package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's worker in a process of its own ({@code --worker=separate}): it shares the
 * database and the queue with the web process and tells it of every status change by signed
 * webhook, as an Azure Functions app would. Started by {@link NotificationDemo}; settings come
 * from its environment: {@code DEMO_DB}, {@code DEMO_DB_USER}, {@code DEMO_DB_PASSWORD},
 * {@code DEMO_QUEUE}, {@code DEMO_STEP_MILLIS}, {@code DEMO_WEBHOOK_URL}, {@code DEMO_WEBHOOK_SECRET},
 * and {@code DEMO_PARENT_PID}: the web process, with which it ends (as on a stop), even when that
 * one is killed and cannot stop it.
 */
public final class DemoWorker {

    private DemoWorker() {}

    /**
     * Runs until stopped.
     *
     * @param args none
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        var env = System.getenv();
        exitWithParent(env.get("DEMO_PARENT_PID"));
        Clock clock = Clock.systemUTC();
        // The web process owns the H2 database (its server); this one only closes its pool.
        DemoDatabase database = DemoDatabase.open(
                env.get("DEMO_DB"), env.getOrDefault("DEMO_DB_USER", ""), env.getOrDefault("DEMO_DB_PASSWORD", ""));
        JdbiJobRepository<Long> repository = database.repository();
        JobQueue queue = DemoStores.queue(env.get("DEMO_QUEUE"), clock);
        WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                        URI.create(env.get("DEMO_WEBHOOK_URL")),
                        env.get("DEMO_WEBHOOK_SECRET").getBytes(StandardCharsets.UTF_8))
                .clock(clock)
                .build();
        repository.updates().addListener(notifier);
        QueueWorker worker = DemoJobs.worker(
                        DemoRetention.purging(database, queue, clock),
                        repository,
                        queue,
                        clock,
                        JobSerializer.defaults(),
                        Duration.ofMillis(Long.parseLong(env.getOrDefault("DEMO_STEP_MILLIS", "500"))))
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            worker.close(Duration.ofSeconds(10));
                            notifier.close();
                            database.close();
                            stopped.countDown();
                        },
                        "demo-worker-shutdown"));
        System.out.println("  Demo worker running in its own process (pid "
                + ProcessHandle.current().pid() + ").");
        stopped.await();
    }

    /**
     * Ends this process (through its shutdown hook) when the web process ends. A web process
     * killed with {@code kill -9} cannot stop its worker; left running, the worker would poll the
     * queue with no database to reach (the web process's H2 server is gone) and hold the messages
     * it took from the next demo, and each such kill would leave one more JVM behind.
     */
    private static void exitWithParent(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return; // started by hand: stopped by hand
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid.trim()));
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("  The demo that started this worker (pid " + parentPid.trim() + ") is gone; exiting.");
            System.exit(1);
        }
        // The JDK polls a process that is not this one's child (and notices a reused pid by its start time).
        parent.get().onExit().thenRun(() -> {
            System.err.println("  The demo that started this worker (pid " + parentPid.trim() + ") ended; stopping.");
            System.exit(0);
        });
    }
}
