package io.github.aobackgroundjobs.webhook;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Regression: a timestamp so far from now that {@code now - timestamp} overflows a long must
 * be stale, not fresh (found by {@link WebhookVerifierFuzzTest}).
 */
class WebhookVerifierTimestampOverflowTest {

    private static final byte[] SECRET = "0123456789abcdef-shared-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"id\":\"1\",\"status\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);
    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, clock, Duration.ofMinutes(5));

    @Test
    void aSignedTimestampWhoseDistanceFromNowOverflowsIsStale() {
        long now = clock.instant().getEpochSecond();
        for (long timestamp : new long[] {Long.MIN_VALUE + now, Long.MIN_VALUE, Long.MAX_VALUE, now + Long.MAX_VALUE}) {
            String signature = WebhookSignatures.sign(SECRET, timestamp, BODY);
            assertThatThrownBy(() -> verifier.verify(Long.toString(timestamp), signature, BODY))
                    .as("timestamp %d", timestamp)
                    .isInstanceOfSatisfying(
                            WebhookVerificationException.class,
                            e -> org.assertj.core.api.Assertions.assertThat(e.getReason())
                                    .isEqualTo(Reason.STALE));
        }
    }
}
