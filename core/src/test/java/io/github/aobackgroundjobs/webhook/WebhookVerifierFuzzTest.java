package io.github.aobackgroundjobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.support.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the webhook verifier with 20,000 seeded requests: forged and garbled headers and
 * bodies, near-miss signatures, timestamps at and past the window's edges. Each is either
 * accepted (and only if correctly signed, in the window, and new) or rejected with
 * {@link WebhookVerificationException}; nothing else escapes, and a rejected request is not
 * remembered (it can still be accepted once correctly signed).
 */
class WebhookVerifierFuzzTest {

    private static final int CASES = 20_000;
    private static final byte[] SECRET = "a-fuzzing-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8);
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void onlyCorrectlySignedFreshNewRequestsAreAccepted() {
        FuzzInputs in = FuzzInputs.seeded(0x5eed_0020L);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);
        WebhookVerifier verifier = new WebhookVerifier(SECRET, clock, WINDOW);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            clock.advance(Duration.ofMillis(in.nextInt(2000)));
            long now = clock.instant().getEpochSecond();
            byte[] body = in.text(300).getBytes(StandardCharsets.UTF_8);
            long timestamp = timestamp(in, now);
            String signature = WebhookSignatures.sign(SECRET, timestamp, body);
            String timestampHeader = Long.toString(timestamp);
            boolean genuine = true;
            switch (in.nextInt(10)) {
                case 0 -> {
                    timestampHeader = in.nullableText(30);
                    genuine = timestampHeader != null && timestampHeader.strip().equals(Long.toString(timestamp));
                }
                case 1 -> {
                    signature = in.nullableText(80);
                    genuine = false;
                }
                case 2 -> {
                    signature = flipHexDigit(in, signature);
                    genuine = false;
                }
                case 3 -> {
                    body = tamper(in, body);
                    genuine = false;
                }
                case 4 -> signature = signature.toUpperCase(Locale.ROOT).replace("V1=", "v1=");
                case 5 -> {
                    signature = WebhookSignatures.sign(
                            "another-secret-of-32-bytes!!!!!!".getBytes(StandardCharsets.UTF_8), timestamp, body);
                    genuine = false;
                }
                default -> {}
            }
            boolean fresh = timestamp >= now - WINDOW.getSeconds() && timestamp <= now + WINDOW.getSeconds();
            String context = "seed " + in.seed() + ", case " + i;
            try {
                verifier.verify(timestampHeader, signature, body);
                accepted++;
                assertThat(genuine && fresh)
                        .as(
                                "%s: accepted a bad request (now %d, timestamp header '%s', signature '%s')",
                                context, now, timestampHeader, signature)
                        .isTrue();
            } catch (WebhookVerificationException e) {
                rejected++;
                if (genuine && fresh) {
                    throw new AssertionError(context + ": rejected a genuine request: " + e.getMessage(), e);
                }
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(context + ": undocumented " + e, e);
            }
            String replayHeader = timestampHeader;
            String replaySignature = signature;
            byte[] replayBody = body;
            assertThatThrownBy(() -> verifier.verify(replayHeader, replaySignature, replayBody))
                    .as(context)
                    .isInstanceOf(WebhookVerificationException.class);
        }
        assertThat(accepted).as("genuine requests were generated").isGreaterThan(CASES / 5);
        assertThat(rejected).as("bad requests were generated").isGreaterThan(CASES / 5);
    }

    private static long timestamp(FuzzInputs in, long now) {
        long window = WINDOW.getSeconds();
        return switch (in.nextInt(7)) {
            case 0 -> now - window - 1 - in.nextInt(5);
            // So far in the past that now - timestamp overflows to Long.MIN_VALUE.
            case 6 -> Long.MIN_VALUE + now;
            case 1 -> now + window + 1 + in.nextInt(5);
            case 2 -> now + (in.chance(50) ? window : -window);
            case 3 -> in.interestingLong();
            default -> now - in.nextInt((int) window);
        };
    }

    private static String flipHexDigit(FuzzInputs in, String signature) {
        char[] chars = signature.toCharArray();
        int at = 3 + in.nextInt(chars.length - 3);
        chars[at] = chars[at] == '0' ? '1' : '0';
        return new String(chars);
    }

    private static byte[] tamper(FuzzInputs in, byte[] body) {
        if (body.length == 0) {
            return new byte[] {'x'};
        }
        byte[] copy = body.clone();
        copy[in.nextInt(copy.length)] ^= (byte) (1 + in.nextInt(255));
        return copy;
    }
}
