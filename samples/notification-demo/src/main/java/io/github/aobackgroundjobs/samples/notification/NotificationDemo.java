package io.github.aobackgroundjobs.samples.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardHttpServer;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The notification demo: queue jobs from a web page and watch them run live under the bell,
 * with the admin view beside it. By default everything runs in this process on embedded
 * defaults: job records in an H2 file database, an in-memory queue, a {@link QueueWorker} and
 * the dashboard on the JDK HTTP server. Flags switch to PostgreSQL ({@code --db}), Azure
 * Storage or Azurite queues ({@code --queue}) and a worker in its own process posting signed
 * webhooks ({@code --worker=separate}); see {@link DemoOptions}.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl samples/notification-demo -am compile exec:exec} (the README's
 * command), then open http://localhost:8080 and sign in with the printed user.
 */
public final class NotificationDemo implements AutoCloseable {

    private static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    private final DemoH2Server h2Server;
    private final DemoDatabase database;
    private final QueueWorker worker;
    private final DemoWorkerProcess workerProcess;
    private final Dashboard<Long> dashboard;
    private final DashboardHttpServer server;
    private final QueueJobClient<Long> client;
    private final String dbDescription;

    NotificationDemo(DemoOptions options) throws Exception {
        Clock clock = Clock.systemUTC();
        JobSerializer serializer = JobSerializer.defaults();
        boolean separate = options.worker().equals("separate");
        String db = options.db();
        String dbPassword = options.dbPassword();
        Path h2File = DemoDatabase.h2File(db);
        if (h2File != null) {
            if (separate) {
                DemoH2Server.bindToLoopback();
            }
            dbPassword = DemoH2File.open(db, options.dbUser(), dbPassword);
        }
        // What a failed start opened is closed again: the H2 server's threads would otherwise keep
        // this JVM running, holding the file and the port, after the start had failed.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            if (separate && h2File != null) {
                // Two processes share the H2 file: the worker's through this process's server.
                h2Server = DemoH2Server.start(DemoDatabase.h2OpenName(db));
                opened.push(h2Server);
                db = h2Server.url();
            } else {
                h2Server = null;
            }
            dbDescription = DemoDatabase.describe(options.db());
            database = DemoDatabase.open(db, options.dbUser(), dbPassword);
            opened.push(database::shutdown);
            JdbiJobRepository<Long> repository = database.repository();
            DemoJobLimit limit = new DemoJobLimit(repository, DemoJobLimit.MAX_UNFINISHED_PER_USER);
            byte[] indexPage = resource("index.html")
                    .replace("{{maxUnfinished}}", String.valueOf(DemoJobLimit.MAX_UNFINISHED_PER_USER))
                    .getBytes(StandardCharsets.UTF_8);
            JobQueue queue = DemoStores.queue(options.queue(), clock);
            client = QueueJobClient.builder(repository, queue)
                    .clock(clock)
                    .serializer(serializer)
                    .build();
            String webhookSecret =
                    DemoOptions.randomPassword() + DemoOptions.randomPassword() + DemoOptions.randomPassword();
            PasswordAuthenticator users = PasswordAuthenticator.builder()
                    .clock(clock)
                    .user(
                            "demo",
                            PasswordAuthenticator.hashPassword(
                                    options.demoPassword().toCharArray()))
                    .user(
                            "admin",
                            PasswordAuthenticator.hashPassword(
                                    options.adminPassword().toCharArray()),
                            Dashboard.DEFAULT_ADMIN_ROLE)
                    .build();
            // The retention runs where the worker runs; a web process without one only shows it.
            RecurringScheduler<Long> recurring = separate
                    ? DemoRetention.viewing(database, queue, clock)
                    : DemoRetention.purging(database, queue, clock);
            Dashboard.Builder<Long> builder = Dashboard.builder(repository)
                    .authenticator(users)
                    .recurring(recurring)
                    .actions(new DemoJobActions(JobActions.of(client), repository, limit))
                    .clock(clock)
                    .serializer(serializer)
                    .renderer("ZipRequest", ZipJob.renderer(serializer))
                    .queues(queue, DemoJobs.REPORTS, DemoJobs.ZIPS)
                    // no-cache, as the dashboard's own assets: a browser revalidates, so a new version is seen at once.
                    .route(
                            "GET",
                            "/",
                            (request, user) -> DashboardResponse.of(200, "text/html; charset=utf-8", indexPage)
                                    .withHeader("Cache-Control", "no-cache"))
                    .route(
                            "GET",
                            "/demo.js",
                            (request, user) -> DashboardResponse.of(
                                            200,
                                            "text/javascript; charset=utf-8",
                                            resource("demo.js").getBytes(StandardCharsets.UTF_8))
                                    .withHeader("Cache-Control", "no-cache"))
                    .route("POST", "/api/demo/jobs", (request, user) -> {
                        // jsonBody() answers a body that is not JSON 400 with the reason.
                        JsonNode body = request.jsonBody();
                        String kind = body.path("kind").asText("");
                        // Checked before the cap: a request naming no job is 400 even for a user at the cap.
                        requireKind(kind);
                        // At the cap, the limit's JobActionRefusedException is answered 429 with its message.
                        Long id = limit.queueWithin(user.name(), () -> queue(user.name(), kind), true);
                        return DashboardResponse.json(
                                200, serializer.mapper().writeValueAsString(Map.of("id", id.toString())));
                    });
            if (separate) {
                builder.webhookReceiver(new WebhookVerifier(webhookSecret.getBytes(StandardCharsets.UTF_8)));
            }
            dashboard = builder.build();
            opened.push(dashboard);
            server = DashboardHttpServer.start(dashboard, new InetSocketAddress(options.bind(), options.port()));
            opened.push(server);
            if (separate) {
                worker = null;
                workerProcess = DemoWorkerProcess.start(workerCommand(options, db, dbPassword, webhookSecret), clock);
            } else {
                worker = DemoJobs.worker(recurring, repository, queue, clock, serializer, options.stepDelay())
                        .start();
                workerProcess = null;
            }
        } catch (Exception | Error e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception | Error closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private ProcessBuilder workerCommand(DemoOptions options, String db, String dbPassword, String secret) {
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-D" + RESTRICTED_HEADERS + "=content-length",
                        "-cp",
                        classPath(),
                        DemoWorker.class.getName()))
                .inheritIO();
        Map<String, String> env = pb.environment();
        env.put("DEMO_DB", db);
        env.put("DEMO_DB_USER", options.dbUser());
        // Secrets go through the environment, which only this user can read; arguments show in ps.
        env.put("DEMO_DB_PASSWORD", dbPassword);
        env.put("DEMO_QUEUE", options.queue());
        env.put("DEMO_STEP_MILLIS", String.valueOf(options.stepDelay().toMillis()));
        // The address the server listens on: bound to one address (--bind), it answers on no other.
        env.put("DEMO_WEBHOOK_URL", server.uri().resolve("webhook").toString());
        env.put("DEMO_WEBHOOK_SECRET", secret);
        return pb;
    }

    /** The class path of this application; under {@code exec:java} it is the plugin's class loader, not the JVM's. */
    private static String classPath() {
        ClassLoader loader = NotificationDemo.class.getClassLoader();
        if (loader instanceof java.net.URLClassLoader urls) {
            StringBuilder sb = new StringBuilder();
            for (java.net.URL url : urls.getURLs()) {
                try {
                    sb.append(sb.length() == 0 ? "" : java.io.File.pathSeparator)
                            .append(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException("Unusable class path entry " + url, e);
                }
            }
            return sb.toString();
        }
        return System.getProperty("java.class.path");
    }

    private static void requireKind(String kind) {
        if (!List.of("report", "failing", "zip").contains(kind)) {
            throw new IllegalArgumentException("'kind' must be report, failing or zip.");
        }
    }

    Long queue(String user, String kind) {
        return switch (kind) {
            case "report" -> client.queueJob(DemoJobs.REPORTS, user, new ReportJob.ReportRequest("Monthly sales", 0));
            case "failing" -> client.queueJob(DemoJobs.REPORTS, user, new ReportJob.ReportRequest("Flaky import", 60));
            case "zip" -> client.queueJob(DemoJobs.ZIPS, user, new ZipJob.ZipRequest("export", 5));
            default -> throw new IllegalArgumentException("'kind' must be report, failing or zip.");
        };
    }

    int port() {
        return server.port();
    }

    JdbiJobRepository<Long> repository() {
        return database.repository();
    }

    /** @return the port of the H2 server the worker process reaches the database through, or -1 without one */
    int h2ServerPort() {
        return h2Server == null ? -1 : h2Server.port();
    }

    /**
     * @return the worker process of {@code --worker=separate} now running (a new one after the
     *     last ended), or null when the worker runs in this process
     */
    Process workerProcess() {
        return workerProcess == null ? null : workerProcess.current();
    }

    /**
     * The address to open for the demo listening on {@code bind}: {@code localhost} for the
     * loopback and wildcard addresses, an IPv6 literal in brackets (a bare {@code ::1:8080} is no URL).
     *
     * @param bind the address the server listens on
     * @param port its port
     * @return the URL of the bell page
     */
    static String url(String bind, int port) {
        String host = switch (bind) {
            case "0.0.0.0", "127.0.0.1", "::", "::0", "0:0:0:0:0:0:0:0" -> "localhost";
            default -> bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        };
        return "http://" + host + ":" + port + "/";
    }

    private static String resource(String name) {
        try (InputStream in = NotificationDemo.class.getResourceAsStream("/demo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (workerProcess != null) {
            workerProcess.close();
        }
        server.close();
        dashboard.close();
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
        // After the last write: this process owns the H2 database (embedded, or behind its server).
        database.shutdown();
        if (h2Server != null) {
            h2Server.close();
        }
    }

    /**
     * Starts the demo and runs until the process is stopped (Ctrl+C).
     *
     * @param args see {@link DemoOptions}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        // The Azure SDK's JDK HTTP client sets Content-Length itself; without this it warns on every request.
        System.setProperty(RESTRICTED_HEADERS, "content-length");
        DemoOptions options = DemoOptions.parse(args, System.getenv());
        // Progress on standard output, so a first start (schema, worker, server) is never silent.
        System.out.println("Starting the notification demo: job records in "
                + DemoDatabase.describe(options.db()) + ", "
                + (options.queue().equals("memory") ? "in-memory queue" : "Azure Storage queue") + ", worker "
                + (options.worker().equals("separate") ? "in a separate process" : "in this process") + "...");
        NotificationDemo demo = new NotificationDemo(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            demo.close();
                            stopped.countDown();
                        },
                        "demo-shutdown"));
        String url = url(options.bind(), demo.port());
        System.out.println("Job records ready: " + demo.dbDescription);
        System.out.println("Worker: "
                + (demo.workerProcess == null
                        ? "in this process"
                        : "separate process " + demo.workerProcess().pid() + ", posting signed webhooks"));
        System.out.println("Listening on " + url + " (Ctrl+C stops it)");
        System.out.println();
        System.out.println("  Notification demo: " + url + "   (admin view: " + url + "admin)");
        System.out.println("    user:  demo  / " + options.demoPassword());
        System.out.println("    admin: admin / " + options.adminPassword());
        System.out.println();
        stopped.await();
    }
}
