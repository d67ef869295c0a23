package io.github.aobackgroundjobs.dashboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardHttpServer;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A dashboard over an in-memory repository and queue with a running worker, served by the JDK
 * HttpServer on a free loopback port. Users: alice and bob (plain), root (admin).
 */
public final class DashboardFixture implements AutoCloseable {

    public static final String STEP_QUEUE = "steps";
    public static final String ZIP_QUEUE = "zips";
    public static final String PASSWORD = "correct horse battery";

    public final Clock clock = Clock.systemUTC();
    public final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    public final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    public final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    public final JobSerializer serializer = JobSerializer.defaults();
    public final QueueWorker worker;
    public final Dashboard<Long> dashboard;
    public final DashboardHttpServer server;

    public DashboardFixture() throws IOException {
        this(b -> {});
    }

    public DashboardFixture(Consumer<Dashboard.Builder<Long>> customize) throws IOException {
        this((fixture, builder) -> customize.accept(builder));
    }

    /** A fixture whose dashboard is customized with the fixture's own repository and queue at hand. */
    public DashboardFixture(java.util.function.BiConsumer<DashboardFixture, Dashboard.Builder<Long>> customize)
            throws IOException {
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(RetryPolicy.none())
                .progressInterval(Duration.ZERO)
                .build();
        worker = QueueWorker.builder(queue)
                .job(STEP_QUEUE, new StepJob(repository, options))
                .job(ZIP_QUEUE, new ZipJob(repository, options))
                .concurrency(4)
                .maxPollInterval(Duration.ofMillis(50))
                .build()
                .start();
        Dashboard.Builder<Long> builder = Dashboard.builder(repository)
                .authenticator(authenticator())
                .actions(JobActions.of(client))
                .clock(clock)
                .renderer("ZipRequest", ZipJob.renderer(serializer))
                .queues(queue, STEP_QUEUE, ZIP_QUEUE)
                .route("GET", "/test", (req, user) -> page("test.html", "text/html; charset=utf-8"))
                .route("GET", "/test.js", (req, user) -> page("test.js", "text/javascript; charset=utf-8"))
                .route("POST", "/api/test/queue", (req, user) -> {
                    JsonNode body = req.jsonBody();
                    Long id = queueFor(
                            user.name(),
                            body.path("kind").asText(),
                            body.path("label").asText("job"));
                    return DashboardResponse.json(200, "{\"id\":\"" + id + "\"}");
                });
        customize.accept(this, builder);
        dashboard = builder.build();
        server = DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0));
    }

    public static PasswordAuthenticator authenticator() {
        String hash = PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000);
        return PasswordAuthenticator.builder()
                .user("alice", hash)
                .user("bob", hash)
                .user("root", hash, Dashboard.DEFAULT_ADMIN_ROLE)
                .build();
    }

    /** Queues a job for a user: step (2 s of visible progress), slow, fail, zip, or any label as a step job. */
    public Long queueFor(String user, String kind, String label) {
        return switch (kind) {
            case "zip" -> client.queueJob(ZIP_QUEUE, user, new ZipJob.ZipRequest(4, 400));
            case "fail" -> client.queueJob(STEP_QUEUE, user, new StepJob.StepRequest(label, 4, 150, 2));
            case "slow" -> client.queueJob(STEP_QUEUE, user, new StepJob.StepRequest(label, 100, 200, 0));
            case "quick" -> client.queueJob(STEP_QUEUE, user, new StepJob.StepRequest(label, 1, 1, 0));
            default -> client.queueJob(STEP_QUEUE, user, new StepJob.StepRequest(label, 8, 250, 0));
        };
    }

    public URI uri(String path) {
        return server.uri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private static DashboardResponse page(String name, String type) {
        try (InputStream in = DashboardFixture.class.getResourceAsStream("/testpage/" + name)) {
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
}
