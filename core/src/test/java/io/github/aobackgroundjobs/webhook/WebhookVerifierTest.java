package io.github.aobackgroundjobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final byte[] SECRET = "0123456789abcdef-shared-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = new WebhookPayload(
                    "42", JobStatus.SUCCEEDED, "ZipRequest", "zip-builder", Instant.parse("2026-03-01T12:00:00Z"))
            .toJson();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, clock, Duration.ofMinutes(5));

    private String now() {
        return Long.toString(clock.instant().getEpochSecond());
    }

    private static String sign(String timestamp, byte[] body) {
        return WebhookSignatures.sign(SECRET, Long.parseLong(timestamp), body);
    }

    private static Reason reasonOf(Runnable call) {
        try {
            call.run();
        } catch (WebhookVerificationException e) {
            return e.getReason();
        }
        throw new AssertionError("The request was accepted.");
    }

    @Test
    void theSignatureIsTheDocumentedHmac() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal(
                ("1772366400." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignatures.sign(SECRET, 1772366400L, BODY))
                .isEqualTo("v1=" + java.util.HexFormat.of().formatHex(expected));
    }

    @Test
    void aCorrectlySignedFreshRequestIsAccepted() {
        String ts = now();
        assertThatCode(() -> verifier.verify(ts, sign(ts, BODY), BODY)).doesNotThrowAnyException();
        assertThat(verifier.rememberedCount()).isEqualTo(1);
    }

    @Test
    void aTamperedBodyFails() {
        String ts = now();
        String signature = sign(ts, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8)
                .replace("SUCCEEDED", "FAILED")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(reasonOf(() -> verifier.verify(ts, signature, tampered))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aTimestampChangedAfterSigningFails() {
        String ts = now();
        String signature = sign(ts, BODY);
        String later = Long.toString(Long.parseLong(ts) + 1);

        assertThat(reasonOf(() -> verifier.verify(later, signature, BODY))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void anotherSecretFails() {
        String ts = now();
        String forged = WebhookSignatures.sign(
                "another-secret-of-16-bytes".getBytes(StandardCharsets.UTF_8), Long.parseLong(ts), BODY);

        assertThat(reasonOf(() -> verifier.verify(ts, forged, BODY))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void timestampsOutsideTheWindowAreStaleEitherWay() {
        String ts = now();
        String signature = sign(ts, BODY);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(reasonOf(() -> verifier.verify(ts, signature, BODY))).isEqualTo(Reason.STALE);

        clock.advance(Duration.ofMinutes(-10).minusSeconds(2));
        assertThat(reasonOf(() -> verifier.verify(ts, signature, BODY))).isEqualTo(Reason.STALE);
    }

    @Test
    void aTimestampAtTheEdgeOfTheWindowIsAccepted() {
        String ts = now();
        String signature = sign(ts, BODY);
        clock.advance(Duration.ofMinutes(5));

        assertThatCode(() -> verifier.verify(ts, signature, BODY)).doesNotThrowAnyException();
    }

    @Test
    void aReplayFailsEvenWithTheSignatureInUpperCase() {
        String ts = now();
        String signature = sign(ts, BODY);
        verifier.verify(ts, signature, BODY);

        assertThat(reasonOf(() -> verifier.verify(ts, signature, BODY))).isEqualTo(Reason.REPLAYED);
        String upper = "v1=" + signature.substring(3).toUpperCase(Locale.ROOT);
        assertThat(reasonOf(() -> verifier.verify(ts, upper, BODY))).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void rememberedSignaturesAreForgottenOnceTheyLeaveTheWindow() {
        for (int i = 0; i < 50; i++) {
            String ts = now();
            byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            verifier.verify(ts, sign(ts, body), body);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(verifier.rememberedCount()).isEqualTo(50);

        clock.advance(Duration.ofMinutes(6));
        String ts = now();
        verifier.verify(ts, sign(ts, BODY), BODY);

        assertThat(verifier.rememberedCount()).isEqualTo(1);
    }

    @Test
    void missingHeadersFail() {
        String ts = now();
        String signature = sign(ts, BODY);
        assertThat(reasonOf(() -> verifier.verify(null, signature, BODY))).isEqualTo(Reason.MISSING);
        assertThat(reasonOf(() -> verifier.verify(" ", signature, BODY))).isEqualTo(Reason.MISSING);
        assertThat(reasonOf(() -> verifier.verify(ts, null, BODY))).isEqualTo(Reason.MISSING);
        assertThat(reasonOf(() -> verifier.verify(ts, signature, null))).isEqualTo(Reason.MISSING);
    }

    @Test
    void malformedHeadersFail() {
        String ts = now();
        String hex = sign(ts, BODY).substring(3);
        assertThat(reasonOf(() -> verifier.verify("yesterday", "v1=" + hex, BODY)))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(() -> verifier.verify(ts, "v2=" + hex, BODY))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(() -> verifier.verify(ts, hex, BODY))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(() -> verifier.verify(ts, "v1=" + hex.substring(2), BODY)))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(() -> verifier.verify(ts, "v1=" + "zz" + hex.substring(2), BODY)))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void aMalformedHeaderIsQuotedWithItsControlCharactersEscaped() {
        // Receivers log the message; header text comes from anyone who can reach them, and a
        // terminal showing the log would act on an escape sequence or a bell in it.
        String ts = now();
        assertThatThrownBy(() -> verifier.verify("1\u001b[2J\u0007\u202e9", sign(ts, BODY), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessage("The timestamp '1\\u001b[2J\\u0007\\u202e9' is not epoch seconds.");
        assertThatThrownBy(() -> verifier.verify(ts, "v1=\u001b]0;title\u0007x", BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessage("The signature 'v1=\\u001b]0;title\\u0007x' is not 'v1=' and 64 hex digits.");
    }

    @Test
    void aQuotedHeaderReadsOneWay_invisibleCharactersBeyondTheBmpAndBackslashesEscapedPerUnit() {
        String ts = now();
        // U+E0041, a tag character: invisible in a terminal, and "\ue0041" would read as U+E004 and a '1'.
        assertThatThrownBy(
                        () -> verifier.verify("1" + new String(Character.toChars(0xE0041)) + "2", sign(ts, BODY), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessage("The timestamp '1\\udb40\\udc412' is not epoch seconds.");
        // The text "\u001b" as sent is not shown as if it were the escape character.
        assertThatThrownBy(() -> verifier.verify("\\u001b", sign(ts, BODY), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessage("The timestamp '\\u005cu001b' is not epoch seconds.");
        // The cut at 77 characters does not leave half a surrogate pair as it is.
        String cut = "x".repeat(76) + new String(Character.toChars(0x1F600)) + "y".repeat(10);
        assertThatThrownBy(() -> verifier.verify(cut, sign(ts, BODY), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessage("The timestamp '" + "x".repeat(76) + "\\ud83d...' is not epoch seconds.");
    }

    @Test
    void aShortSecretOrAnEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new WebhookVerifier("short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'");
        assertThatThrownBy(() -> new WebhookVerifier(SECRET, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'replayWindow'");
    }

    @Test
    void thePayloadParsesBackAndRejectsWhatIsNotOne() {
        WebhookPayload payload = WebhookPayload.parse(BODY);
        assertThat(payload)
                .isEqualTo(new WebhookPayload(
                        "42", JobStatus.SUCCEEDED, "ZipRequest", "zip-builder", Instant.parse("2026-03-01T12:00:00Z")));
        assertThat(new String(BODY, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"id\":\"42\",\"status\":\"SUCCEEDED\","
                                + "\"requestType\":\"ZipRequest\",\"queueName\":\"zip-builder\",\"at\":\"2026-03-01T12:00:00Z\"}");

        assertThatThrownBy(() -> WebhookPayload.parse("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> WebhookPayload.parse("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(
                        () -> WebhookPayload.parse("{\"id\":42,\"status\":\"RUNNING\",\"at\":\"2026-03-01T12:00:00Z\"}"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'id'");
        assertThatThrownBy(
                        () -> WebhookPayload.parse("{\"id\":\"1\",\"status\":\"DONE\",\"at\":\"2026-03-01T12:00:00Z\"}"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'status'");
        assertThatThrownBy(() -> WebhookPayload.parse(
                        "{\"id\":\"1\",\"status\":\"RUNNING\",\"at\":\"noon\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'at'");
        assertThatThrownBy(() -> WebhookPayload.parse(new byte[WebhookPayload.MAX_BODY_LENGTH + 1]))
                .hasMessageContaining("'body'");
    }
}
