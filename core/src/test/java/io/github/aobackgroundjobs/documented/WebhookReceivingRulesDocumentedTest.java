package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException.Reason;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** docs/webhooks.md, "Receiving": the default window, the body limit, and the receiving snippet's answers. */
class WebhookReceivingRulesDocumentedTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    record ReportRequest(String period) {}

    private static Reason reasonOf(Runnable call) {
        try {
            call.run();
        } catch (WebhookVerificationException e) {
            return e.getReason();
        }
        throw new AssertionError("The request was accepted.");
    }

    private static byte[] body(String id) {
        return new WebhookPayload(id, JobStatus.SUCCEEDED, "ReportRequest", "reports", Instant.now()).toJson();
    }

    @Test
    void theDefaultReplayWindowIsFiveMinutesEitherWay() {
        WebhookVerifier verifier = new WebhookVerifier(SECRET);
        long now = Instant.now().getEpochSecond();
        byte[] recent = body("1");
        assertThatCode(() -> verifier.verify(
                        Long.toString(now - 280), WebhookSignatures.sign(SECRET, now - 280, recent), recent))
                .doesNotThrowAnyException();
        byte[] old = body("2");
        assertThat(reasonOf(() ->
                        verifier.verify(Long.toString(now - 320), WebhookSignatures.sign(SECRET, now - 320, old), old)))
                .isEqualTo(Reason.STALE);
        byte[] future = body("3");
        assertThat(reasonOf(() -> verifier.verify(
                        Long.toString(now + 320), WebhookSignatures.sign(SECRET, now + 320, future), future)))
                .isEqualTo(Reason.STALE);
    }

    @Test
    void aReplayWindowOfAnyLengthAcceptsAFreshRequestOnceAndRefusesItsReplay() {
        for (Duration window : List.of(ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE / 2))) {
            WebhookVerifier verifier = new WebhookVerifier(SECRET, Clock.systemUTC(), window);
            long now = Instant.now().getEpochSecond();
            byte[] body = body("1");
            String signature = WebhookSignatures.sign(SECRET, now, body);
            assertThatCode(() -> verifier.verify(Long.toString(now), signature, body))
                    .as("window %s", window)
                    .doesNotThrowAnyException();
            assertThat(reasonOf(() -> verifier.verify(Long.toString(now), signature, body)))
                    .as("window %s", window)
                    .isEqualTo(Reason.REPLAYED);
        }
    }

    @Test
    void parseReadsBodiesOfAtMost8KiBAndRefusesLongerOnesNamingTheBody() {
        String prefix = "{\"id\":\"1\",\"status\":\"RUNNING\",\"at\":\"2026-03-01T12:00:00Z\",\"requestType\":\"";
        String suffix = "\"}";
        String fits = prefix + "x".repeat(WebhookPayload.MAX_BODY_LENGTH - prefix.length() - suffix.length()) + suffix;
        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(8 * 1024);
        assertThat(WebhookPayload.parse(fits.getBytes(StandardCharsets.UTF_8)).id())
                .isEqualTo("1");
        byte[] tooLong = (prefix + "x" + fits.substring(prefix.length())).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookPayload.parse(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'body'")
                .hasMessageContaining("8193");
    }

    @Test
    void theReceivingSnippetAnswers204OnlyToAGenuineFirstPost_401ToForgedMissingOrReplayed_400ToASignedNonPayload()
            throws Exception {
        JobRepositoryBase<Long> repository = InMemoryJobRepository.withLongKeys();
        Long id = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .build()
                .queueJob("reports", "alice", new ReportRequest("daily"));
        BlockingQueue<BackgroundJobInfo<Long>> told = new LinkedBlockingQueue<>();
        repository.updates().addListener(told::add);
        byte[] secret = SECRET;
        HttpServer server = WebhookReceivingSnippet.start(repository, secret, status -> {});
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/job-updated/" + id);
            HttpClient http = HttpClient.newHttpClient();
            long now = Instant.now().getEpochSecond();
            byte[] genuine = body(id.toString());
            String signature = WebhookSignatures.sign(SECRET, now, genuine);

            assertThat(post(http, uri, Long.toString(now), null, genuine))
                    .as("no signature")
                    .isEqualTo(401);
            assertThat(post(http, uri, null, signature, genuine))
                    .as("no timestamp")
                    .isEqualTo(401);
            assertThat(post(
                            http,
                            uri,
                            Long.toString(now),
                            WebhookSignatures.sign(
                                    "another-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8), now, genuine),
                            genuine))
                    .as("forged")
                    .isEqualTo(401);
            assertThat(told).as("nothing refused tells anyone").isEmpty();

            assertThat(post(http, uri, Long.toString(now), signature, genuine)).isEqualTo(204);
            assertThat(told.poll()).extracting(BackgroundJobInfo::getId).isEqualTo(id);
            assertThat(post(http, uri, Long.toString(now), signature, genuine))
                    .as("replayed")
                    .isEqualTo(401);

            byte[] notAPayload = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(post(
                            http,
                            uri,
                            Long.toString(now),
                            WebhookSignatures.sign(SECRET, now, notAPayload),
                            notAPayload))
                    .as("signed, but not a payload")
                    .isEqualTo(400);
            byte[] notAnId = body("not-a-number");
            assertThat(post(http, uri, Long.toString(now), WebhookSignatures.sign(SECRET, now, notAnId), notAnId))
                    .as("signed, but not a Long id")
                    .isEqualTo(400);
            assertThat(told).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    private static int post(HttpClient http, URI uri, String timestamp, String signature, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timestamp != null) {
            request.header(WebhookSignatures.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            request.header(WebhookSignatures.SIGNATURE_HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
