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
import java.util.concurrent.CountDownLatch;

/**
 * The demo's worker in a process of its own ({@code --worker=separate}): it shares the
 * database and the queue with the web process and tells it of every status change by signed
 * webhook, as an Azure Functions app would. Started by {@link NotificationDemo}; settings come
 * from its environment: {@code DEMO_DB}, {@code DEMO_DB_USER}, {@code DEMO_DB_PASSWORD},
 * {@code DEMO_QUEUE}, {@code DEMO_STEP_MILLIS}, {@code DEMO_WEBHOOK_URL}, {@code DEMO_WEBHOOK_SECRET}.
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
}
