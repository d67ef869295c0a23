package io.github.aobackgroundjobs.samples.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.InMemoryJobQueue;
import io.github.aobackgroundjobs.InMemoryJobRepository;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobRepositoryBase;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardHttpServer;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The notification demo: queue jobs from a web page and watch them run live under the bell;
 * the admin view beside it. Everything runs in this process on embedded defaults: the job
 * records, the queue, a {@link QueueWorker} and the dashboard on the JDK HTTP server.
 *
 * <p>Run: {@code ./mvnw -q -pl samples/notification-demo -am compile exec:java}, then open
 * http://localhost:8080 and sign in with the printed user.
 */
public final class NotificationDemo implements AutoCloseable {

    static final String REPORTS = "reports";
    static final String ZIPS = "zip-builder";

    private final QueueWorker worker;
    private final Dashboard<Long> dashboard;
    private final DashboardHttpServer server;
    private final QueueJobClient<Long> client;

    NotificationDemo(DemoOptions options) throws IOException {
        Clock clock = Clock.systemUTC();
        JobSerializer serializer = JobSerializer.defaults();
        JobRepositoryBase<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        client = QueueJobClient.builder(repository, queue).clock(clock).serializer(serializer).build();
        JobOptions jobOptions = JobOptions.builder().clock(clock).serializer(serializer)
                .retryPolicy(RetryPolicy.none()).progressInterval(Duration.ofMillis(200)).build();
        worker = QueueWorker.builder(queue)
                .job(REPORTS, new ReportJob(repository, jobOptions, options.stepDelay()))
                .job(ZIPS, new ZipJob(repository, jobOptions, options.stepDelay()))
                .concurrency(4)
                .maxPollInterval(Duration.ofMillis(200))
                .build()
                .start();
        PasswordAuthenticator users = PasswordAuthenticator.builder().clock(clock)
                .user("demo", PasswordAuthenticator.hashPassword(options.demoPassword().toCharArray()))
                .user("admin", PasswordAuthenticator.hashPassword(options.adminPassword().toCharArray()),
                        Dashboard.DEFAULT_ADMIN_ROLE)
                .build();
        dashboard = Dashboard.builder(repository)
                .authenticator(users)
                .actions(JobActions.of(client))
                .clock(clock)
                .serializer(serializer)
                .renderer("ZipRequest", ZipJob.renderer(serializer))
                .queues(queue, REPORTS, ZIPS)
                .route("GET", "/", (request, user) -> resource("index.html", "text/html; charset=utf-8"))
                .route("GET", "/demo.js", (request, user) -> resource("demo.js", "text/javascript; charset=utf-8"))
                .route("POST", "/api/demo/jobs", (request, user) -> {
                    JsonNode body = serializer.mapper().readTree(request.bodyText());
                    Long id = queue(user.name(), body == null ? "" : body.path("kind").asText(""));
                    return DashboardResponse.json(200, serializer.mapper().writeValueAsString(Map.of("id", id.toString())));
                })
                .build();
        server = DashboardHttpServer.start(dashboard, new InetSocketAddress(options.bind(), options.port()));
    }

    Long queue(String user, String kind) {
        return switch (kind) {
            case "report" -> client.queueJob(REPORTS, user, new ReportJob.ReportRequest("Monthly sales", 0));
            case "failing" -> client.queueJob(REPORTS, user, new ReportJob.ReportRequest("Flaky import", 60));
            case "zip" -> client.queueJob(ZIPS, user, new ZipJob.ZipRequest("export", 5));
            default -> throw new IllegalArgumentException("'kind' must be report, failing or zip.");
        };
    }

    int port() {
        return server.port();
    }

    private static DashboardResponse resource(String name, String type) {
        try (InputStream in = NotificationDemo.class.getResourceAsStream("/demo/" + name)) {
            return DashboardResponse.of(200, type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        dashboard.close();
        worker.close(Duration.ofSeconds(5));
    }

    /**
     * Starts the demo and runs until the process is stopped (Ctrl+C).
     *
     * @param args {@code --port=8080}, {@code --bind=127.0.0.1}, {@code --step-millis=500},
     *     {@code --demo-password=...}, {@code --admin-password=...} (or DEMO_* environment variables)
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        DemoOptions options = DemoOptions.parse(args, System.getenv());
        NotificationDemo demo = new NotificationDemo(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        String host = options.bind().equals("0.0.0.0") || options.bind().equals("127.0.0.1") ? "localhost" : options.bind();
        System.out.println();
        System.out.println("  Notification demo on http://" + host + ":" + demo.port() + "/");
        System.out.println("    user:  demo  / " + options.demoPassword());
        System.out.println("    admin: admin / " + options.adminPassword() + "   (admin view: http://" + host + ":"
                + demo.port() + "/admin)");
        System.out.println("  Job records and queue in memory; a worker runs in this process. Ctrl+C stops it.");
        System.out.println();
        stopped.await();
    }
}
