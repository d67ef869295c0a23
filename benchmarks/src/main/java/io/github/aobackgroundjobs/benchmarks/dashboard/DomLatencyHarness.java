package io.github.aobackgroundjobs.benchmarks.dashboard;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardHttpServer;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/**
 * Status saved to DOM updated, measured in Debian's headless Chromium: a job's SUCCEEDED is saved
 * (the wall-clock millisecond before the save is noted), and a MutationObserver in the page notes
 * when the job's row first shows SUCCEEDED under the bell. Two runs:
 * <ul>
 *   <li>{@code in-process}: the save happens in the dashboard's JVM (in-memory repository,
 *       listener to stream);</li>
 *   <li>{@code webhook}: the save happens in another JVM sharing an H2 database over loopback
 *       TCP, which posts a signed webhook; the dashboard re-reads the job and streams it.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.github.aobackgroundjobs.benchmarks.dashboard.DomLatencyHarness [jobs=200] [pauseMillis=50] [in-process,webhook]}
 */
public final class DomLatencyHarness {

    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    private DomLatencyHarness() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long pause = args.length > 1 ? Long.parseLong(args[1]) : 50;
        String modes = args.length > 2 ? args[2] : "in-process,webhook";
        for (String mode : modes.split(",")) {
            System.out.println(
                    mode + ": " + (mode.equals("webhook") ? throughWebhook(jobs, pause) : inProcess(jobs, pause)));
        }
    }

    private static PasswordAuthenticator users() {
        return PasswordAuthenticator.builder()
                .user(USER, PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000))
                .build();
    }

    static Percentiles inProcess(int jobs, long pause) throws Exception {
        Clock clock = Clock.systemUTC();
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        try (Dashboard<Long> dashboard = Dashboard.builder(repository)
                        .authenticator(users())
                        .actions(JobActions.of(client))
                        .activeJobsLimit(500)
                        .build();
                DashboardHttpServer server =
                        DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0));
                HeadlessChromium browser = new HeadlessChromium()) {
            browser.openBell(server.uri().toString(), USER, PASSWORD, "SUCCEEDED");
            warmUp(repository, client, clock, 20, pause);
            Map<String, Long> savedAt = new HashMap<>();
            for (int i = 0; i < jobs; i++) {
                Long id = BenchJobs.queue(client, USER);
                BenchJobs.claim(repository, id, clock);
                Thread.sleep(pause);
                savedAt.put(id.toString(), BenchJobs.complete(repository, id, clock));
            }
            return collect(browser, savedAt);
        }
    }

    private static void warmUp(
            JobRepositoryBase<Long> repository, QueueJobClient<Long> client, Clock clock, int n, long pause)
            throws InterruptedException {
        for (int i = 0; i < n; i++) {
            Long id = BenchJobs.queue(client, USER);
            BenchJobs.claim(repository, id, clock);
            BenchJobs.complete(repository, id, clock);
            Thread.sleep(pause);
        }
    }

    static Percentiles throughWebhook(int jobs, long pause) throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists")
                .start();
        byte[] secret = "dashboard benchmark webhook secret".getBytes(StandardCharsets.UTF_8);
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:bench;DB_CLOSE_DELAY=-1";
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
            try (Dashboard<Long> dashboard = Dashboard.builder(repository)
                            .authenticator(users())
                            .actions(JobActions.of(client))
                            .activeJobsLimit(500)
                            .webhookReceiver(new WebhookVerifier(secret))
                            .build();
                    DashboardHttpServer server =
                            DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0));
                    HeadlessChromium browser = new HeadlessChromium()) {
                browser.openBell(server.uri().toString(), USER, PASSWORD, "SUCCEEDED");
                Process worker = new ProcessBuilder(List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                                WebhookWorkerMain.class.getName(),
                                url,
                                server.uri().resolve("webhook").toString(),
                                Base64.getEncoder().encodeToString(secret)))
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                try (Writer in = new java.io.OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
                        BufferedReader out = new BufferedReader(
                                new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                    if (!"ready".equals(out.readLine())) {
                        throw new IllegalStateException("The worker JVM did not start.");
                    }
                    Map<String, Long> savedAt = new HashMap<>();
                    for (int i = 0; i < jobs + 20; i++) {
                        in.write("run " + USER + "\n");
                        in.flush();
                        String[] line = out.readLine().split(" ");
                        if (i >= 20) { // the first 20 warm both JVMs up
                            savedAt.put(line[1], Long.parseLong(line[2]));
                        }
                        Thread.sleep(pause);
                    }
                    return collect(browser, savedAt);
                } finally {
                    worker.destroy();
                    worker.waitFor();
                }
            }
        } finally {
            h2.stop();
        }
    }

    private static Percentiles collect(HeadlessChromium browser, Map<String, Long> savedAt)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, Number> seen = browser.seen();
        while (!seen.keySet().containsAll(savedAt.keySet()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            seen = browser.seen();
        }
        List<Long> latencies = new ArrayList<>();
        int missing = 0;
        for (Map.Entry<String, Long> e : savedAt.entrySet()) {
            Number at = seen.get(e.getKey());
            if (at == null) {
                missing++;
            } else {
                latencies.add(Math.max(0, at.longValue() - e.getValue()));
            }
        }
        if (missing > 0) {
            System.out.println("  " + missing + " jobs never showed SUCCEEDED within 60 s");
        }
        return new Percentiles(latencies);
    }
}
