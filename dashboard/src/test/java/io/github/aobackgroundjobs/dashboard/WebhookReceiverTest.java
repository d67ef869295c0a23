package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.SseReader;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook receiver over real HTTP: a genuine post republishes the job as stored; a forged,
 * unsigned, stale or replayed one is answered 401 and publishes nothing.
 */
class WebhookReceiverTest {

    private static final byte[] SECRET = "a shared secret of enough length".getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static DashboardFixture fx;
    private static HttpSession alice;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture(b -> b.webhookReceiver(new WebhookVerifier(SECRET)));
        alice = HttpSession.signedIn(fx.server.uri(), "alice");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static HttpResponse<String> post(String path, byte[] body, String timestamp, String signature)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (timestamp != null) {
            b.header(WebhookSignatures.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            b.header(WebhookSignatures.SIGNATURE_HEADER, signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A change made in the store without telling this process, as a worker elsewhere would. */
    private static Long silentlyClearedJob() {
        Long id = fx.queueFor("alice", "quick", "remote");
        Awaitility.await().atMost(WAIT).until(() -> fx.repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        fx.repository.markCleared(id, Instant.now());
        return id;
    }

    private static boolean clearedEventFor(SseReader.Event e, Long id) {
        return e.name().equals("job")
                && e.json().path("id").asText().equals(id.toString())
                && e.json().path("cleared").asBoolean();
    }

    @Test
    void aGenuineWebhookRepublishesTheStoredRecordAndForgeriesChangeNothing() throws Exception {
        try (SseReader events = new SseReader(alice, fx.uri("api/events"), null)) {
            events.await(e -> e.name().equals("ready"), WAIT);
            Long forgedId = silentlyClearedJob();
            byte[] body = new WebhookPayload(
                            forgedId.toString(), JobStatus.SUCCEEDED, "StepRequest", "steps", Instant.now())
                    .toJson();
            long now = Instant.now().getEpochSecond();
            byte[] wrongSecret = "another secret, also long enough".getBytes(StandardCharsets.UTF_8);
            assertThat(post(
                                    "webhook/" + forgedId,
                                    body,
                                    String.valueOf(now),
                                    WebhookSignatures.sign(wrongSecret, now, body))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(post("webhook/" + forgedId, body, null, null).statusCode())
                    .isEqualTo(401);
            assertThat(post(
                                    "webhook/" + forgedId,
                                    body,
                                    String.valueOf(now - 3600),
                                    WebhookSignatures.sign(SECRET, now - 3600, body))
                            .statusCode())
                    .isEqualTo(401);
            byte[] tampered = new String(body, StandardCharsets.UTF_8)
                    .replace("SUCCEEDED", "FAILED")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(post(
                                    "webhook/" + forgedId,
                                    tampered,
                                    String.valueOf(now),
                                    WebhookSignatures.sign(SECRET, now, body))
                            .statusCode())
                    .isEqualTo(401);

            // A genuine post for another job: once its event is here, any event of the forged
            // posts (published before it, the stream is in order) would have arrived too.
            Long genuineId = silentlyClearedJob();
            byte[] genuine = new WebhookPayload(
                            genuineId.toString(), JobStatus.SUCCEEDED, "StepRequest", "steps", Instant.now())
                    .toJson();
            String sig = WebhookSignatures.sign(SECRET, now, genuine);
            assertThat(post("webhook/" + genuineId, genuine, String.valueOf(now), sig)
                            .statusCode())
                    .isEqualTo(204);
            events.await(e -> clearedEventFor(e, genuineId), WAIT);
            assertThat(events.drain()).noneMatch(e -> clearedEventFor(e, forgedId));

            // The same signed post again is a replay.
            assertThat(post("webhook/" + genuineId, genuine, String.valueOf(now), sig)
                            .statusCode())
                    .isEqualTo(401);
            // A genuine post whose path names another job is refused.
            byte[] other =
                    new WebhookPayload(forgedId.toString(), JobStatus.SUCCEEDED, null, null, Instant.now()).toJson();
            assertThat(post(
                                    "webhook/" + genuineId,
                                    other,
                                    String.valueOf(now),
                                    WebhookSignatures.sign(SECRET, now, other))
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void withoutAVerifierThereIsNoReceiver() throws Exception {
        try (DashboardFixture plain = new DashboardFixture()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(plain.uri("webhook"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
        }
    }
}
