package io.github.aobackgroundjobs.webhook;

import io.github.aobackgroundjobs.internal.ReplayGuard;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException.Reason;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks webhook requests sent by {@link WebhookNotifier}: the signature must match the body
 * and timestamp under the shared secret, the timestamp must lie within the replay window of
 * now, and each signed request is accepted once. Anything else throws
 * {@link WebhookVerificationException}; answer it with 401.
 *
 * <p>Signatures are compared in constant time. Accepted signatures are remembered until
 * they leave the window, at most {@link #DEFAULT_MAX_REMEMBERED} of them.
 *
 * <p>Thread-safe: one instance serves every request of a receiver.
 */
public final class WebhookVerifier {

    /** Default replay window: how far a timestamp may be from now, either way. */
    public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);
    /** Most accepted signatures remembered for replay detection. */
    public static final int DEFAULT_MAX_REMEMBERED = 100_000;

    private static final int SIGNATURE_HEX_LENGTH = 64;

    private final byte[] secret;
    private final Clock clock;
    private final long windowSeconds;
    private final ReplayGuard replays = new ReplayGuard(DEFAULT_MAX_REMEMBERED);

    /**
     * A verifier on the system clock with the default window.
     *
     * @param secret the shared secret, at least {@value WebhookSignatures#MIN_SECRET_LENGTH} bytes (copied)
     */
    public WebhookVerifier(byte[] secret) {
        this(secret, Clock.systemUTC(), DEFAULT_REPLAY_WINDOW);
    }

    /**
     * @param secret the shared secret, at least {@value WebhookSignatures#MIN_SECRET_LENGTH} bytes (copied)
     * @param clock where now comes from
     * @param replayWindow how far a timestamp may be from now, at least one second
     * @throws IllegalArgumentException if the secret is too short or the window not positive
     */
    public WebhookVerifier(byte[] secret, Clock clock, Duration replayWindow) {
        this.secret = WebhookSignatures.requireSecret(secret);
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        Objects.requireNonNull(replayWindow, "'replayWindow' cannot be null.");
        if (replayWindow.getSeconds() < 1) {
            throw new IllegalArgumentException("'replayWindow' must be at least one second, not " + replayWindow + ".");
        }
        this.windowSeconds = replayWindow.getSeconds();
    }

    /**
     * Checks one request.
     *
     * @param timestampHeader the {@value WebhookSignatures#TIMESTAMP_HEADER} header, or null if absent
     * @param signatureHeader the {@value WebhookSignatures#SIGNATURE_HEADER} header, or null if absent
     * @param body the exact body bytes received
     * @throws WebhookVerificationException if the request is missing a header, malformed,
     *     outside the window, wrongly signed or a replay
     */
    public void verify(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw new WebhookVerificationException(
                    Reason.MISSING, "The " + WebhookSignatures.TIMESTAMP_HEADER + " header is missing.");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookVerificationException(
                    Reason.MISSING, "The " + WebhookSignatures.SIGNATURE_HEADER + " header is missing.");
        }
        if (body == null) {
            throw new WebhookVerificationException(Reason.MISSING, "The body is missing.");
        }
        long timestamp = parseTimestamp(timestampHeader.trim());
        byte[] given = parseSignature(signatureHeader.trim());
        long now = clock.instant().getEpochSecond();
        // Compared without subtracting: now - timestamp overflows for timestamps near Long.MIN_VALUE;
        // the bounds saturate, or a window near Long.MAX_VALUE seconds would wrap and refuse everything.
        if (timestamp < saturatedAdd(now, -windowSeconds) || timestamp > saturatedAdd(now, windowSeconds)) {
            throw new WebhookVerificationException(
                    Reason.STALE,
                    "The timestamp " + timestamp + " is "
                            + (timestamp < now ? (now - timestamp) + " s old" : (timestamp - now) + " s in the future")
                            + "; at most " + windowSeconds + " s are accepted.");
        }
        if (!MessageDigest.isEqual(WebhookSignatures.mac(secret, timestamp, body), given)) {
            throw new WebhookVerificationException(
                    Reason.BAD_SIGNATURE, "The signature does not match the body and timestamp.");
        }
        // The canonical hex is the key, so that an upper-case copy of a signature is still a replay.
        if (!replays.firstUse(HexFormat.of().formatHex(given), saturatedAdd(timestamp, windowSeconds), now)) {
            throw new WebhookVerificationException(Reason.REPLAYED, "This signed request was already accepted.");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the same sign and the sum's sign differs.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** @return how many accepted signatures are remembered now (for monitoring) */
    public int rememberedCount() {
        return replays.size();
    }

    private static long parseTimestamp(String header) {
        try {
            return Long.parseLong(header);
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException(
                    Reason.MALFORMED, "The timestamp '" + abbreviate(header) + "' is not epoch seconds.");
        }
    }

    private static byte[] parseSignature(String header) {
        String hex = header.startsWith(WebhookSignatures.SCHEME_PREFIX)
                ? header.substring(WebhookSignatures.SCHEME_PREFIX.length())
                : null;
        if (hex == null || hex.length() != SIGNATURE_HEX_LENGTH) {
            throw new WebhookVerificationException(
                    Reason.MALFORMED,
                    "The signature '" + abbreviate(header) + "' is not '" + WebhookSignatures.SCHEME_PREFIX
                            + "' and 64 hex digits.");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException(
                    Reason.MALFORMED,
                    "The signature '" + abbreviate(header) + "' is not '" + WebhookSignatures.SCHEME_PREFIX
                            + "' and 64 hex digits.");
        }
    }

    /**
     * A header as the message quotes it: its first 80 characters (77 and "..." for a longer one),
     * control and formatting characters shown as a backslash, {@code u} and four hex digits. The text comes from anyone who can reach
     * the receiver, and receivers log the message: a terminal showing the log would act on an
     * escape sequence. Each UTF-16 unit is shown on its own (a formatting character beyond
     * {@code U+FFFF}, such as the invisible tag characters, as its two), a surrogate left alone by
     * the cut too, and the backslash itself, so that what the message shows reads one way only.
     */
    private static String abbreviate(String s) {
        String shown = s.length() <= 80 ? s : s.substring(0, 77) + "...";
        StringBuilder sb = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); ) {
            int c = shown.codePointAt(i);
            int units = Character.charCount(c);
            if (unsafeInLog(c)) {
                for (int j = i; j < i + units; j++) {
                    sb.append(String.format(Locale.ROOT, "\\u%04x", (int) shown.charAt(j)));
                }
            } else {
                sb.appendCodePoint(c);
            }
            i += units;
        }
        return sb.toString();
    }

    private static boolean unsafeInLog(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c)
                || type == Character.FORMAT
                || type == Character.SURROGATE
                || c == 0x2028
                || c == 0x2029
                || c == '\\';
    }
}
