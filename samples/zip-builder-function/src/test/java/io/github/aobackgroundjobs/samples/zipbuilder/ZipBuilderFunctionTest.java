package io.github.aobackgroundjobs.samples.zipbuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The zip builder app driven the way the Functions host drives it, on Azurite (queues and
 * blobs) and H2, with its own host.json; status changes go to a real webhook endpoint.
 */
class ZipBuilderFunctionTest {

    private static final String SECRET = "a-webhook-secret-that-is-long-enough-1234";
    private static final Duration DRAIN = Duration.ofSeconds(40);

    private static Azurite azurite;
    private static HttpServer webhookServer;
    private static final List<String[]> posts = new CopyOnWriteArrayList<>();

    private ZipBuilderApp app;
    private FunctionsHostSimulator host;
    private BlobContainerClient container;

    @BeforeAll
    static void startServices() throws Exception {
        azurite = Azurite.start(Azurite.Persistence.IN_MEMORY, Azurite.Service.QUEUE, Azurite.Service.BLOB);
        webhookServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhookServer.createContext("/jobs/updated", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.add(new String[] {
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("X-BackgroundJobs-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-BackgroundJobs-Signature"),
                new String(body, StandardCharsets.UTF_8)
            });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhookServer.start();
    }

    @AfterAll
    static void stopServices() {
        webhookServer.stop(0);
        azurite.close();
    }

    @BeforeEach
    void buildApp() {
        app = buildApp(ZipBuilderJob::new);
    }

    private ZipBuilderApp buildApp(ZipBuilderApp.JobFactory jobs) {
        Map<String, String> settings = new HashMap<>();
        settings.put(ZipBuilderApp.STORAGE, azurite.connectionString());
        settings.put(ZipBuilderApp.DATABASE_URL, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        settings.put(ZipBuilderApp.DATABASE_USER, "sa");
        settings.put(
                ZipBuilderApp.WEBHOOK_URL,
                "http://127.0.0.1:" + webhookServer.getAddress().getPort() + "/jobs/updated");
        settings.put(ZipBuilderApp.WEBHOOK_SECRET, SECRET);
        settings.put(ZipBuilderApp.RETRY_DELAY, "PT1S");
        ZipBuilderApp built = new ZipBuilderApp(settings::get, Clock.systemUTC(), jobs);
        host = FunctionsHostSimulator.builder(ZipBuilderFunctions.class)
                .instances(() -> new ZipBuilderFunctions(built))
                .hostJson(Path.of(System.getProperty("functions.hostJson", "host.json")))
                .setting(ZipBuilderApp.STORAGE, azurite.connectionString())
                .build();
        container = built.blobs()
                .getBlobContainerClient("files-" + UUID.randomUUID().toString().substring(0, 8));
        posts.clear();
        return built;
    }

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void zipsUpToTenBlobsUnderThePrefixAndTheSasUrlDownloadsTheArchive() throws Exception {
        container.create();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = String.format("reports/file-%02d.txt", i);
            container.getBlobClient(name).upload(BinaryData.fromString("content of " + name));
            if (expected.size() < ZipBuilderJob.MAX_FILES) {
                expected.add(name);
            }
        }
        container.getBlobClient("reports/a-previous-archive.zip").upload(BinaryData.fromString("PK"));
        container.getBlobClient("other/file.txt").upload(BinaryData.fromString("elsewhere"));

        long id = app.client()
                .queueJob(ZipBuilderApp.QUEUE, "alice", new ZipRequest(container.getBlobContainerName(), "reports/"));
        host.runUntilIdle(DRAIN);

        BackgroundJobInfo<Long> record = app.repository().getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        // Progress is throttled to once a second per job, but the last value reported is the one stored.
        assertThat(record.getProgressPercent()).isEqualTo(100);
        assertThat(record.getProgressMessage()).startsWith("Uploaded ");
        ZipResult result =
                JobSerializer.defaults().readResult(record, ZipResult.class).orElseThrow();
        assertThat(result.blobName()).matches("[a-z0-9]{8}\\.zip");
        assertThat(result.expiresAt())
                .isBetween(
                        Instant.now().plus(Duration.ofDays(3)).minusSeconds(120),
                        Instant.now().plus(Duration.ofDays(3)));
        assertThat(result.url()).contains(result.blobName()).contains("sp=r").contains("sig=");

        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(result.url())).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        Map<String, String> entries = unzip(download.body());
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(entries).containsEntry("reports/file-03.txt", "content of reports/file-03.txt");

        // The status hook posted RUNNING and SUCCEEDED, signed, to <url>/<id>.
        await().atMost(Duration.ofSeconds(10)).until(() -> posts.size() >= 2);
        WebhookVerifier verifier = new WebhookVerifier(SECRET.getBytes(StandardCharsets.UTF_8));
        for (String[] post : posts) {
            assertThat(post[0]).isEqualTo("/jobs/updated/" + id);
            verifier.verify(post[1], post[2], post[3].getBytes(StandardCharsets.UTF_8));
        }
        assertThat(posts)
                .extracting(p -> p[3])
                .anyMatch(b -> b.contains("\"RUNNING\""))
                .anyMatch(b -> b.contains("\"SUCCEEDED\""));
    }

    @Test
    void anEmptyPrefixFailsWithAClearMessageAndIsNotRetried() {
        container.create();
        container.getBlobClient("reports/only.zip").upload(BinaryData.fromString("PK"));

        long id = app.client()
                .queueJob(ZipBuilderApp.QUEUE, "alice", new ZipRequest(container.getBlobContainerName(), "reports/"));
        host.runUntilIdle(DRAIN);

        BackgroundJobInfo<Long> record = app.repository().getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(record.getAttempts()).isEqualTo(1);
        assertThat(record.getExceptionData()).contains("Nothing to zip under prefix 'reports/'");
    }

    @Test
    void aMissingContainerFailsWithAClearMessage() {
        long id = app.client().queueJob(ZipBuilderApp.QUEUE, "alice", new ZipRequest("no-such-container", "x/"));
        host.runUntilIdle(DRAIN);

        BackgroundJobInfo<Long> record = app.repository().getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(record.getExceptionData()).contains("Container 'no-such-container' does not exist.");
    }

    @Test
    void aJobThatThrowsTwiceThenSucceedsIsRetriedByThePolicy() {
        host.close();
        app = buildApp((repository, blobs, options, webhook) -> new ZipBuilderJob(repository, blobs, options, webhook) {
            @Override
            protected ZipResult onExecute(ZipRequest request, JobContext<Long> context) throws Exception {
                if (context.attempt() <= 2) {
                    throw new java.io.IOException("Storage hiccup on attempt " + context.attempt());
                }
                return super.onExecute(request, context);
            }
        });
        container.create();
        container.getBlobClient("in/a.txt").upload(BinaryData.fromString("a"));

        long id = app.client()
                .queueJob(ZipBuilderApp.QUEUE, "alice", new ZipRequest(container.getBlobContainerName(), "in/"));
        host.runUntilIdle(DRAIN);

        BackgroundJobInfo<Long> record = app.repository().getJob(id);
        assertThat(record.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(record.getAttempts()).isEqualTo(3);
        assertThat(host.invocations())
                .hasSize(3)
                .allSatisfy(i -> assertThat(i.succeeded()).isTrue());
    }

    @Test
    void theRecoveryTimerRunsAgainstTheJobDatabase() {
        FunctionsHostSimulator.Invocation timer = host.fireTimer("RecoverJobs");
        assertThat(timer.succeeded()).isTrue();
        assertThat(host.queueFunctions())
                .containsEntry("ZipBuilder", "zip-builder")
                .containsEntry("ZipBuilderPoison", "zip-builder-poison");
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
