package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** docs/webhooks.md: what counts as delivered, the id as text, the full queue, the verifier's memory. */
class WebhookDeliveryDocumentedTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    /** Answers each post with the given status, after the gate opens; records path and payload id. */
    private static final class Endpoint implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<String> paths = new LinkedBlockingQueue<>();
        final BlockingQueue<String> ids = new LinkedBlockingQueue<>();
        final CountDownLatch gate;

        Endpoint(int status, CountDownLatch gate) throws IOException {
            this.gate = gate;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                paths.add(exchange.getRequestURI().getPath());
                ids.add(WebhookPayload.parse(body).id());
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @Override
        public void close() {
            gate.countDown();
            server.stop(0);
        }
    }

    private static void await(LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value.getAsLong()).isEqualTo(expected);
    }

    @Test
    void any2xxAnswerCountsAsDelivered() throws Exception {
        for (int status : List.of(200, 201, 202, 204, 299)) {
            try (Endpoint endpoint = new Endpoint(status, new CountDownLatch(0));
                    WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                            .maxAttempts(1)
                            .build()) {
                notifier.notify(1L, JobStatus.SUCCEEDED, "ZipRequest", "zip-builder");
                await(notifier::sentCount, 1);
                assertThat(notifier.failedCount()).as("HTTP %s", status).isZero();
            }
        }
    }

    @Test
    void aUuidIdTravelsAsTextInThePathAndTheBody() throws Exception {
        UUID id = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        try (Endpoint endpoint = new Endpoint(204, new CountDownLatch(0));
                WebhookNotifier<UUID> notifier =
                        WebhookNotifier.<UUID>builder(endpoint.base(), SECRET).build()) {
            notifier.notify(id, JobStatus.RUNNING, null, null);
            assertThat(endpoint.paths.poll(10, TimeUnit.SECONDS)).isEqualTo("/hook/" + id);
            assertThat(endpoint.ids.poll(10, TimeUnit.SECONDS)).isEqualTo(id.toString());
        }
    }

    @Test
    void whenTheQueueIsFullTheOldestWaitingNotificationIsDropped() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (Endpoint endpoint = new Endpoint(204, gate);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(endpoint.base(), SECRET)
                        .queueCapacity(2)
                        .build()) {
            notifier.notify(1L, JobStatus.RUNNING, null, null);
            assertThat(endpoint.ids.poll(10, TimeUnit.SECONDS))
                    .as("1 is in flight")
                    .isEqualTo("1");
            notifier.notify(2L, JobStatus.RUNNING, null, null);
            notifier.notify(3L, JobStatus.RUNNING, null, null);
            notifier.notify(4L, JobStatus.RUNNING, null, null);
            assertThat(notifier.droppedCount()).isEqualTo(1);
            assertThat(notifier.pendingCount()).isEqualTo(2);
            gate.countDown();
            await(notifier::sentCount, 3);
            assertThat(List.of(endpoint.ids.poll(10, TimeUnit.SECONDS), endpoint.ids.poll(10, TimeUnit.SECONDS)))
                    .as("2, the oldest waiting, was dropped")
                    .containsExactly("3", "4");
        }
    }

    @Test
    void theVerifierForgetsTheOldestAcceptedSignatureBeyondItsMemory() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        long now = clock.instant().getEpochSecond();
        WebhookVerifier verifier = new WebhookVerifier(SECRET, clock, Duration.ofMinutes(5));
        for (int i = 0; i <= WebhookVerifier.DEFAULT_MAX_REMEMBERED; i++) {
            byte[] body = ("{\"id\":\"" + i + "\"}").getBytes(StandardCharsets.UTF_8);
            verifier.verify(Long.toString(now), WebhookSignatures.sign(SECRET, now, body), body);
        }
        assertThat(verifier.rememberedCount()).isEqualTo(WebhookVerifier.DEFAULT_MAX_REMEMBERED);
        byte[] first = "{\"id\":\"0\"}".getBytes(StandardCharsets.UTF_8);
        verifier.verify(Long.toString(now), WebhookSignatures.sign(SECRET, now, first), first);
        byte[] last = ("{\"id\":\"" + WebhookVerifier.DEFAULT_MAX_REMEMBERED + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(Long.toString(now), WebhookSignatures.sign(SECRET, now, last), last))
                .isInstanceOfSatisfying(
                        WebhookVerificationException.class,
                        e -> assertThat(e.getReason()).isEqualTo(WebhookVerificationException.Reason.REPLAYED));
    }

    @Test
    void aReplayWindowUnderOneSecondIsRefusedNamingIt() {
        Clock clock = Clock.systemUTC();
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> new WebhookVerifier(SECRET, clock, bad))
                    .as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'replayWindow'");
        }
        assertThat(new WebhookVerifier(SECRET, clock, Duration.ofSeconds(1))).isNotNull();
    }
}
