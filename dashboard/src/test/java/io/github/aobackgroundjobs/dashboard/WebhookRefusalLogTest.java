package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Refused webhooks are logged at most once a minute: anyone who reaches the endpoint can be
 * refused, and one line per refusal would let them grow a log file without end.
 */
class WebhookRefusalLogTest {

    private static final byte[] SECRET = "a shared secret of enough length".getBytes(StandardCharsets.UTF_8);
    private static final Pattern LINE = Pattern.compile("Refused a status webhook \\(MALFORMED\\)[^\\n]*");

    private final SettableClock clock = new SettableClock(Instant.now(), ZoneOffset.UTC);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFloodOfRefusedPostsWritesOneLineAMinuteCountingTheRest() throws Exception {
        try (DashboardFixture fx =
                new DashboardFixture(b -> b.clock(clock).webhookReceiver(new WebhookVerifier(SECRET)))) {
            String burst = captureStandardError(() -> {
                for (int i = 0; i < 200; i++) {
                    assertThat(refusedPost(fx)).isEqualTo(401);
                }
            });
            assertThat(lines(burst)).hasSize(1).first().asString().doesNotContain("more refused");

            clock.advance(Duration.ofSeconds(59));
            assertThat(lines(captureStandardError(
                            () -> assertThat(refusedPost(fx)).isEqualTo(401))))
                    .isEmpty();

            clock.advance(Duration.ofSeconds(1));
            String next = captureStandardError(() -> assertThat(refusedPost(fx)).isEqualTo(401));
            assertThat(lines(next))
                    .singleElement()
                    .asString()
                    .endsWith("(200 more refused since the last line, not logged)");

            clock.advance(Duration.ofHours(-2));
            assertThat(lines(captureStandardError(
                            () -> assertThat(refusedPost(fx)).isEqualTo(401))))
                    .as("after the clock was set back")
                    .hasSize(1);
        }
    }

    private int refusedPost(DashboardFixture fx) {
        try {
            return http.send(
                            HttpRequest.newBuilder(fx.uri("webhook"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .header(WebhookSignatures.TIMESTAMP_HEADER, "not a number")
                                    .header(WebhookSignatures.SIGNATURE_HEADER, "v1=00")
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.List<String> lines(String log) {
        java.util.List<String> found = new java.util.ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** slf4j-simple writes to whatever System.err is at the time of each line. */
    private static String captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
