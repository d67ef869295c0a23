package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** docs/webhooks.md, "Wire format" and "Sending": the request, what is retried and when, the settings' ranges. */
class WebhookSendingRulesDocumentedTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    /** Stands for "close the connection without answering": the sender sees a network error. */
    private static final int NO_ANSWER = -1;

    private record Request(
            long atNanos,
            String method,
            String path,
            String contentType,
            String timestamp,
            String signature,
            byte[] body) {}

    /** Answers the n-th request with the n-th status (the last one repeated), after the gate opens. */
    private static final class Endpoint implements AutoCloseable {
        final HttpServer server;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger served = new AtomicInteger();

        Endpoint(CountDownLatch gate, int... statuses) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                requests.add(new Request(
                        System.nanoTime(),
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("X-BackgroundJobs-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-BackgroundJobs-Signature"),
                        body));
                int n = served.getAndIncrement();
                int status = statuses[Math.min(n, statuses.length - 1)];
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (status != NO_ANSWER) {
                    exchange.sendResponseHeaders(status, -1);
                }
                exchange.close();
            });
            server.start();
        }

        Endpoint(int... statuses) throws IOException {
            this(new CountDownLatch(0), statuses);
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void theRequestIsAPostOfJsonWithTheDocumentedHeadersAndBody() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        try (Endpoint endpoint = new Endpoint(204);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                        .clock(clock)
                        .build()) {
            notifier.notify(42L, JobStatus.SUCCEEDED, "ZipRequest", "zip-builder");
            await("the post", () -> notifier.sentCount() == 1);
            Request r = endpoint.requests.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hook/42");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.timestamp()).isEqualTo("1772366400");
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\":\"42\",\"status\":\"SUCCEEDED\",\"requestType\":\"ZipRequest\","
                            + "\"queueName\":\"zip-builder\",\"at\":\"2026-03-01T12:00:00Z\"}");
            assertThat(r.signature())
                    .isEqualTo(WebhookSignatures.sign(SECRET, 1772366400L, r.body()))
                    .matches("v1=[0-9a-f]{64}");
        }
    }

    @Test
    void asARepositoryListenerEveryChangeTheWorkerMakesIsPostedInOrder() throws Exception {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        try (Endpoint endpoint = new Endpoint(204);
                WebhookNotifier<Long> notifier =
                        WebhookNotifier.<Long>builder(endpoint.base(), SECRET).build();
                Registration registration = repository.updates().addListener(notifier);
                QueueWorker worker = QueueWorker.builder(queue)
                        .job("parcels", new ParcelJob(repository))
                        .noSweeper()
                        .build()) {
            worker.start();
            QueueJobClient<Long> client =
                    QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            await(
                    "the SUCCEEDED post",
                    () -> endpoint.requests.stream()
                            .anyMatch(r -> WebhookPayload.parse(r.body()).status() == JobStatus.SUCCEEDED));
            List<WebhookPayload> posted = endpoint.requests.stream()
                    .map(r -> WebhookPayload.parse(r.body()))
                    .toList();
            assertThat(posted).allSatisfy(p -> {
                assertThat(p.id()).isEqualTo(id.toString());
                assertThat(p.requestType()).isEqualTo("Parcel");
                assertThat(p.queueName()).isEqualTo("parcels");
            });
            assertThat(posted)
                    .extracting(WebhookPayload::status)
                    .containsSubsequence(JobStatus.RUNNING, JobStatus.SUCCEEDED)
                    .endsWith(JobStatus.SUCCEEDED);
            assertThat(endpoint.requests).extracting(Request::path).containsOnly("/hook/" + id);
        }
    }

    @Test
    void aClientErrorOtherThan408Or429IsNotRetriedAndCountsFailed() throws Exception {
        for (int status : new int[] {400, 401, 403, 404, 410, 422}) {
            try (Endpoint endpoint = new Endpoint(status, 204);
                    WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                            .retryBackoff(Duration.ZERO)
                            .build()) {
                notifier.notify(1L, JobStatus.RUNNING, null, null);
                await("HTTP " + status + " counted failed", () -> notifier.failedCount() == 1);
                assertThat(endpoint.requests).as("HTTP %s", status).hasSize(1);
                assertThat(notifier.sentCount()).isZero();
            }
        }
    }

    @Test
    void answers408And429And5xxAndNetworkErrorsAreRetried() throws Exception {
        for (int status : new int[] {408, 429, 500, 502, 503, 504, NO_ANSWER}) {
            try (Endpoint endpoint = new Endpoint(status, status, 204);
                    WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                            .retryBackoff(Duration.ZERO)
                            .build()) {
                notifier.notify(1L, JobStatus.RUNNING, null, null);
                await("the third attempt to succeed after " + status, () -> notifier.sentCount() == 1);
                assertThat(endpoint.requests).as("answer %s", status).hasSize(3);
                assertThat(notifier.failedCount()).isZero();
            }
        }
    }

    @Test
    void theDefaultIsThreeAttemptsAndAfterTheLastOneTheNotificationCountsFailed() throws Exception {
        try (Endpoint endpoint = new Endpoint(503);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                        .retryBackoff(Duration.ofMillis(1))
                        .build()) {
            notifier.notify(1L, JobStatus.RUNNING, null, null);
            await("the notification given up", () -> notifier.failedCount() == 1);
            assertThat(endpoint.requests)
                    .hasSize(WebhookNotifier.DEFAULT_MAX_ATTEMPTS)
                    .hasSize(3);
        }
    }

    @Test
    void theWaitBeforeTheFirstRetryIsTheBackoffAndDoublesForEachFurtherOne() throws Exception {
        try (Endpoint endpoint = new Endpoint(500, 500, 500, 204);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                        .maxAttempts(4)
                        .retryBackoff(Duration.ofMillis(100))
                        .build()) {
            notifier.notify(1L, JobStatus.RUNNING, null, null);
            await("the fourth attempt", () -> notifier.sentCount() == 1);
            List<Request> r = endpoint.requests;
            assertThat(r).hasSize(4);
            assertThat(TimeUnit.NANOSECONDS.toMillis(
                            r.get(1).atNanos() - r.get(0).atNanos()))
                    .isGreaterThanOrEqualTo(100);
            assertThat(TimeUnit.NANOSECONDS.toMillis(
                            r.get(2).atNanos() - r.get(1).atNanos()))
                    .isGreaterThanOrEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(
                            r.get(3).atNanos() - r.get(2).atNanos()))
                    .isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void aNotificationWithoutAnIdOrAStatusIsDroppedCountedAndNeverThrows() throws Exception {
        try (Endpoint endpoint = new Endpoint(204);
                WebhookNotifier<Long> notifier =
                        WebhookNotifier.<Long>builder(endpoint.base(), SECRET).build()) {
            assertThatCode(() -> {
                        notifier.notify(null, JobStatus.RUNNING, "ZipRequest", "zip-builder");
                        notifier.notify(1L, null, "ZipRequest", "zip-builder");
                        notifier.notify((BackgroundJobInfo<Long>) null);
                        notifier.onJobUpdated(new BackgroundJobInfo<>());
                    })
                    .doesNotThrowAnyException();
            assertThat(notifier.droppedCount()).isEqualTo(4);
            notifier.notify(2L, JobStatus.RUNNING, null, null);
            await("the valid one sent", () -> notifier.sentCount() == 1);
            assertThat(endpoint.requests).extracting(Request::path).containsExactly("/hook/2");
        }
    }

    @Test
    void closeWaitsAtMostTheTimeoutPlusASecondAndDropsWhatIsQueued() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (Endpoint endpoint = new Endpoint(gate, 204)) {
            WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                    .timeout(Duration.ofMillis(500))
                    .build();
            notifier.notify(1L, JobStatus.RUNNING, null, null);
            await("1 in flight", () -> endpoint.requests.size() == 1);
            notifier.notify(2L, JobStatus.RUNNING, null, null);
            notifier.notify(3L, JobStatus.RUNNING, null, null);
            long start = System.nanoTime();
            notifier.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            gate.countDown();
            assertThat(tookMillis).isLessThan(1_500 + 500);
            assertThat(notifier.pendingCount()).isZero();
            assertThat(notifier.sentCount()).isZero();
            assertThat(notifier.droppedCount()).as("2 and 3 were queued").isGreaterThanOrEqualTo(2);
            assertThat(notifier.droppedCount() + notifier.failedCount()).isEqualTo(3);
        }
    }

    @Test
    void theBaseUrlMustBeAbsoluteHttpOrHttpsWithoutQueryOrFragment() {
        for (String bad : List.of(
                "https://app.example.org/job-updated?token=1",
                "https://app.example.org/job-updated#top",
                "ftp://app.example.org/job-updated",
                "mailto:ops@example.org",
                "app.example.org/job-updated")) {
            assertThatThrownBy(() -> WebhookNotifier.builder(URI.create(bad), SECRET))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'baseUrl'")
                    // Shown up to a query or fragment, which may carry a token.
                    .hasMessageContaining(bad.replaceAll("[?#].*", ""));
        }
        assertThatCode(() -> WebhookNotifier.builder(URI.create("http://127.0.0.1:8080/hook"), SECRET))
                .doesNotThrowAnyException();
        assertThatCode(() -> WebhookNotifier.builder(URI.create("HTTPS://app.example.org/hook"), SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void aBaseUrlCarryingCredentialsIsRefusedNamingItWithoutRepeatingThem() {
        // The JDK client never sends user info: the endpoint would answer 401 and the password would reach the logs.
        assertThatThrownBy(() -> WebhookNotifier.builder(
                        URI.create("https://hooks:s3cret-pass@app.example.org/job-updated"), SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'baseUrl'")
                .hasMessageContaining("Authenticator")
                .hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void aBaseUrlWithAQueryIsRefusedWithoutRepeatingTheQuery() {
        assertThatThrownBy(() -> WebhookNotifier.builder(
                        URI.create("https://app.example.org/job-updated?token=s3cret-token"), SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'baseUrl' must be an absolute http or https URL without query or fragment, not"
                        + " 'https://app.example.org/job-updated?...'.")
                .hasMessageNotContaining("s3cret-token");
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("http://hooks:s3cret-pass@/job-updated"), SECRET))
                .as("user info without a host is refused as user info, not echoed")
                .hasMessageContaining("must not carry user info")
                .hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void theSecretMustBeAtLeast16BytesForTheNotifierAndTheVerifierAlike() {
        assertThat(WebhookSignatures.MIN_SECRET_LENGTH).isEqualTo(16);
        URI base = URI.create("https://app.example.org/job-updated");
        byte[] fifteen = new byte[15];
        byte[] sixteen = new byte[16];
        assertThatThrownBy(() -> WebhookNotifier.builder(base, fifteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'")
                .hasMessageContaining("16");
        assertThatThrownBy(() -> new WebhookVerifier(fifteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'")
                .hasMessageContaining("16");
        assertThatCode(() -> WebhookNotifier.builder(base, sixteen)).doesNotThrowAnyException();
        assertThatCode(() -> new WebhookVerifier(sixteen)).doesNotThrowAnyException();
    }

    @Test
    void theSettingsDefaultsAreTheDocumentedOnes() {
        assertThat(WebhookNotifier.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(WebhookNotifier.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
        assertThat(WebhookNotifier.DEFAULT_RETRY_BACKOFF).isEqualTo(Duration.ofMillis(200));
        assertThat(WebhookNotifier.DEFAULT_QUEUE_CAPACITY).isEqualTo(10_000);
        assertThat(WebhookVerifier.DEFAULT_REPLAY_WINDOW).isEqualTo(Duration.ofMinutes(5));
        assertThat(WebhookVerifier.DEFAULT_MAX_REMEMBERED).isEqualTo(100_000);
        assertThat(WebhookPayload.MAX_BODY_LENGTH).isEqualTo(8 * 1024);
    }

    @Test
    void eachSettingIsRefusedOutsideItsRangeNamingItAndAcceptedAtItsBounds() {
        WebhookNotifier.Builder<Long> b = WebhookNotifier.builder(URI.create("https://app.example.org/hook"), SECRET);
        assertThatCode(() -> b.timeout(Duration.ofMillis(1))
                        .timeout(Duration.ofMinutes(5))
                        .maxAttempts(1)
                        .maxAttempts(10)
                        .retryBackoff(Duration.ZERO)
                        .retryBackoff(Duration.ofMinutes(1))
                        .queueCapacity(1)
                        .queueCapacity(1_000_000))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> b.timeout(Duration.ofMinutes(5).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> b.timeout(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> b.maxAttempts(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxAttempts'");
        assertThatThrownBy(() -> b.retryBackoff(Duration.ofMinutes(1).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'retryBackoff'");
        assertThatThrownBy(() -> b.queueCapacity(1_000_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueCapacity'");
        assertThatThrownBy(() -> b.httpClient(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'httpClient'");
        assertThatThrownBy(() -> b.timeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'timeout'");
    }
}
