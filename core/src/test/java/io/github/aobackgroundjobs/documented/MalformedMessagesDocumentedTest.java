package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.MalformedJobMessageException;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The properties docs/reliability.md's fuzz tests state: a message text decodes into an id that
 * re-encodes to itself or is refused as malformed, every valid id decodes in each accepted shape,
 * and a signed webhook from the far past is stale, not accepted.
 */
class MalformedMessagesDocumentedTest {

    private static final JobMessageCodec<Long> LONGS = new JobMessageCodec<>(JobKeyType.LONG);
    private static final JobMessageCodec<UUID> UUIDS = new JobMessageCodec<>(JobKeyType.UUID);

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theChaosSuitesMalformedMessagesAreRefusedAsMalformed() {
        List<String> malformed = List.of(
                "not base64 at all",
                base64("{\"id\":17}"),
                base64("\"not-a-number\""),
                base64("99999999999999999999999"),
                "%%%%",
                "",
                "1".repeat(JobMessageCodec.MAX_TEXT_LENGTH + 1));
        for (String text : malformed) {
            assertThatThrownBy(() -> LONGS.decode(text))
                    .as("%.40s", text)
                    .isInstanceOf(MalformedJobMessageException.class);
        }
        assertThatThrownBy(() -> UUIDS.decode(base64("42"))).isInstanceOf(MalformedJobMessageException.class);
    }

    @Test
    void aValidIdDecodesFromBase64AndFromPlainJsonAndReEncodesToItself() {
        for (long id : List.of(0L, 1L, 42L, Long.MAX_VALUE)) {
            String text = LONGS.encode(id);
            assertThat(text).isEqualTo(base64(Long.toString(id)));
            assertThat(LONGS.decode(text)).isEqualTo(id);
            assertThat(LONGS.decode(Long.toString(id))).isEqualTo(id);
            assertThat(LONGS.encode(LONGS.decode(text))).isEqualTo(text);
        }
        UUID uuid = UUID.fromString("0b7c4a0e-4a1f-4c55-9d0e-6f2f1f9b2a10");
        String text = UUIDS.encode(uuid);
        assertThat(text).isEqualTo(base64("\"" + uuid + "\""));
        assertThat(UUIDS.decode(text)).isEqualTo(uuid);
        assertThat(UUIDS.decode("\"" + uuid + "\"")).isEqualTo(uuid);
    }

    @Test
    void aCorrectlySignedWebhookFromTheFarPastIsStale() {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] body =
                new WebhookPayload("42", JobStatus.SUCCEEDED, "ZipRequest", "zip-builder", Instant.now()).toJson();
        WebhookVerifier verifier = new WebhookVerifier(secret);
        for (long timestamp : List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE)) {
            String signature = WebhookSignatures.sign(secret, timestamp, body);
            assertThatThrownBy(() -> verifier.verify(Long.toString(timestamp), signature, body))
                    .as("timestamp %d", timestamp)
                    .isInstanceOfSatisfying(
                            WebhookVerificationException.class,
                            e -> assertThat(e.getReason()).isEqualTo(WebhookVerificationException.Reason.STALE));
        }
    }
}
