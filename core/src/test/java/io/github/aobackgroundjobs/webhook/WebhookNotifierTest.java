package io.github.aobackgroundjobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notifier against a real HTTP server on the loopback interface. */
class WebhookNotifierTest {

    private static final byte[] SECRET = "webhook-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private HttpServer server;
    private URI baseUrl;

    private record Received(String path, String timestamp, String signature, byte[] body, int answered) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/jobs", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/jobs");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status = failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
        received.add(new Received(
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst(WebhookSignatures.TIMESTAMP_HEADER),
                exchange.getRequestHeaders().getFirst(WebhookSignatures.SIGNATURE_HEADER),
                body,
                status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Test
    void aNotificationArrivesSignedAndVerifies() {
        WebhookVerifier verifier = new WebhookVerifier(SECRET, clock, Duration.ofMinutes(5));
        try (WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(baseUrl, SECRET).clock(clock).build()) {
            notifier.notify(42L, JobStatus.RUNNING, "ZipRequest", "zip-builder");
            await(() -> notifier.sentCount() == 1);
        }

        Received r = received.get(0);
        assertThat(r.path()).isEqualTo("/hooks/jobs/42");
        assertThat(r.timestamp()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThatCode(() -> verifier.verify(r.timestamp(), r.signature(), r.body()))
                .doesNotThrowAnyException();
        assertThat(WebhookPayload.parse(r.body()))
                .isEqualTo(new WebhookPayload("42", JobStatus.RUNNING, "ZipRequest", "zip-builder", clock.instant()));
        assertThatThrownBy(() -> verifier.verify(r.timestamp(), r.signature(), r.body()))
                .isInstanceOf(WebhookVerificationException.class)
                .satisfies(e -> assertThat(((WebhookVerificationException) e).getReason())
                        .isEqualTo(WebhookVerificationException.Reason.REPLAYED));
    }

    @Test
    void aReceivedNotificationFailsWhenTamperedOrStale() {
        try (WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(baseUrl, SECRET).clock(clock).build()) {
            notifier.notify(7L, JobStatus.SUCCEEDED, "ZipRequest", "zip-builder");
            await(() -> notifier.sentCount() == 1);
        }
        Received r = received.get(0);
        byte[] tampered = new String(r.body(), StandardCharsets.UTF_8)
                .replace("\"7\"", "\"8\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new WebhookVerifier(SECRET, clock, Duration.ofMinutes(5))
                        .verify(r.timestamp(), r.signature(), tampered))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("signature");
        SettableClock later = new SettableClock(clock.instant().plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        assertThatThrownBy(() -> new WebhookVerifier(SECRET, later, Duration.ofMinutes(5))
                        .verify(r.timestamp(), r.signature(), r.body()))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("old");
    }

    @Test
    void anErrorWhileSendingLosesThatNotificationButNotTheSenderThread() {
        AtomicInteger toFail = new AtomicInteger(1);
        // The application's clock failing once on the sender thread, as a missing class would.
        java.time.Clock erring = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (Thread.currentThread().getName().equals("backgroundjobs-webhook-sender")
                        && toFail.getAndDecrement() > 0) {
                    throw new NoClassDefFoundError("com/example/Missing");
                }
                return clock.instant();
            }
        };
        try (WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(baseUrl, SECRET).clock(erring).build()) {
            notifier.notify(1L, JobStatus.RUNNING, "ZipRequest", "zip-builder");
            await(() -> notifier.failedCount() == 1);
            notifier.notify(2L, JobStatus.RUNNING, "ZipRequest", "zip-builder");
            await(() -> notifier.sentCount() == 1);
        }

        assertThat(received).extracting(Received::path).containsExactly("/hooks/jobs/2");
    }

    @Test
    void aServerErrorIsRetriedUntilItSucceeds() {
        failuresToServe.set(2);
        WebhookVerifier verifier = new WebhookVerifier(SECRET, clock, Duration.ofMinutes(5));
        try (WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(baseUrl, SECRET)
                .clock(clock)
                .maxAttempts(3)
                .retryBackoff(Duration.ofMillis(5))
                .build()) {
            notifier.notify(5L, JobStatus.FAILED, "ZipRequest", "zip-builder");
            await(() -> notifier.sentCount() == 1);
            assertThat(notifier.failedCount()).isZero();
        }

        assertThat(received).extracting(Received::answered).containsExactly(500, 500, 204);
        long first = Long.parseLong(received.get(0).timestamp());
        assertThat(received)
                .extracting(r -> Long.parseLong(r.timestamp()))
                .containsExactly(first, first + 1, first + 2);
        for (Received r : received) {
            assertThatCode(() -> verifier.verify(r.timestamp(), r.signature(), r.body()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void attemptsAreBoundedWhenTheServerKeepsFailing() {
        failuresToServe.set(100);
        try (WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(baseUrl, SECRET)
                .clock(clock)
                .maxAttempts(2)
                .retryBackoff(Duration.ZERO)
                .build()) {
            notifier.notify(5L, JobStatus.FAILED, null, null);
            await(() -> notifier.failedCount() == 1);
            assertThat(notifier.sentCount()).isZero();
        }
        assertThat(received).hasSize(2);
    }

    @Test
    void aRepositoryListenerNotificationCarriesTheRecord() {
        InMemoryJobRepository<java.util.UUID> repository = InMemoryJobRepository.withUuidKeys();
        BackgroundJobInfo<java.util.UUID> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("ZipRequest");
        job.setRequestData("{}");
        job.setQueueName("zip-builder");
        job.setCreated(clock.instant());
        java.util.UUID id = repository.insert(job).getId();
        try (WebhookNotifier<java.util.UUID> notifier = WebhookNotifier.<java.util.UUID>builder(baseUrl, SECRET)
                        .clock(clock)
                        .build();
                Registration r = repository.updates().addListener(notifier)) {
            QueueJobClient.builder(repository, new InMemoryJobQueue())
                    .clock(clock)
                    .build()
                    .clear(id);
            await(() -> notifier.sentCount() == 1);
        }
        assertThat(received.get(0).path()).isEqualTo("/hooks/jobs/" + id);
        assertThat(WebhookPayload.parse(received.get(0).body()).status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aDeadEndpointNeverBlocksOrThrowsAndMemoryStaysBounded() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        int capacity = 100;
        int notifications = 10_000;
        try (WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                        URI.create("http://127.0.0.1:" + closedPort + "/dead"), SECRET)
                .clock(clock)
                .queueCapacity(capacity)
                .timeout(Duration.ofSeconds(2))
                .retryBackoff(Duration.ofMillis(500))
                .build()) {
            int maxPending = 0;
            for (long id = 1; id <= notifications; id++) {
                notifier.notify(id, JobStatus.SUCCEEDED, "ZipRequest", "zip-builder");
                maxPending = Math.max(maxPending, notifier.pendingCount());
            }

            assertThat(maxPending).isLessThanOrEqualTo(capacity);
            // The sender is still backing off its first notification: the rest were kept or dropped, never awaited.
            assertThat(notifier.sentCount()).isZero();
            assertThat(notifier.droppedCount() + notifier.pendingCount() + notifier.failedCount())
                    .isBetween((long) notifications - 1, (long) notifications);
            assertThat(notifier.droppedCount()).isGreaterThanOrEqualTo(notifications - capacity - 1L);
        }
    }

    @Test
    void anEndpointThatNeverAnswersIsCutOffByTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                                URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/silent"), SECRET)
                        .clock(clock)
                        .timeout(Duration.ofMillis(300))
                        .maxAttempts(2)
                        .retryBackoff(Duration.ZERO)
                        .build()) {
            notifier.notify(9L, JobStatus.RUNNING, "ZipRequest", "zip-builder");
            await(() -> notifier.failedCount() == 1);
            assertThat(notifier.sentCount()).isZero();
            assertThat(notifier.pendingCount()).isZero();
        }
    }

    @Test
    void closeDropsWhatIsStillQueuedAndLaterNotificationsAreDroppedToo() {
        WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(baseUrl, SECRET).clock(clock).build();
        notifier.close();
        notifier.notify(1L, JobStatus.RUNNING, null, null);
        notifier.notify(null, JobStatus.RUNNING, null, null);
        notifier.close();

        assertThat(notifier.droppedCount()).isEqualTo(2);
        assertThat(received).isEmpty();
    }

    @Test
    void theBuilderRejectsBadSettings() {
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("ftp://example.org/x"), SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'baseUrl'");
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("/relative"), SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'baseUrl'");
        assertThatThrownBy(() -> WebhookNotifier.builder(baseUrl, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'");
        WebhookNotifier.Builder<Long> builder = WebhookNotifier.builder(baseUrl, SECRET);
        assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessageContaining("'maxAttempts'");
        assertThatThrownBy(() -> builder.queueCapacity(0)).hasMessageContaining("'queueCapacity'");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> builder.retryBackoff(Duration.ofMillis(-1))).hasMessageContaining("'retryBackoff'");
        assertThatThrownBy(() -> builder.clock(null)).hasMessage("'clock' cannot be null.");
    }

    /** Waits for the sender thread, polling, at most ten seconds. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The condition did not hold within 10 s.");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }
}
