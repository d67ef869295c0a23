package io.github.aobackgroundjobs.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook's wire format, defined once for {@link WebhookNotifier} (sending) and
 * {@link WebhookVerifier} (receiving), and for anyone verifying in another language:
 *
 * <pre>
 * POST {baseUrl}/{id}
 * Content-Type: application/json
 * X-BackgroundJobs-Timestamp: {epoch seconds}
 * X-BackgroundJobs-Signature: v1={lowercase hex of HMAC-SHA256(secret, timestamp + "." + body)}
 *
 * {"id":"42","status":"RUNNING","requestType":"ZipRequest","queueName":"zip-builder","at":"2026-03-01T12:00:00Z"}
 * </pre>
 *
 * <p>The timestamp is signed with the body so that a captured request cannot be replayed
 * later with a new timestamp. Stateless and thread-safe.
 */
public final class WebhookSignatures {

    /** Header carrying the send time in epoch seconds. */
    public static final String TIMESTAMP_HEADER = "X-BackgroundJobs-Timestamp";
    /** Header carrying the signature. */
    public static final String SIGNATURE_HEADER = "X-BackgroundJobs-Signature";
    /** Prefix of the signature header's value: the scheme version. */
    public static final String SCHEME_PREFIX = "v1=";
    /** The MAC algorithm. */
    public static final String ALGORITHM = "HmacSHA256";
    /** Shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_LENGTH = 16;

    private WebhookSignatures() {}

    /**
     * Computes the signature header's value.
     *
     * @param secret the shared secret, not empty ({@link WebhookNotifier} and
     *     {@link WebhookVerifier} require at least {@value #MIN_SECRET_LENGTH} bytes)
     * @param timestampEpochSeconds the timestamp header's value
     * @param body the exact body bytes
     * @return {@code "v1=" + hex(HMAC-SHA256(secret, timestamp + "." + body))}
     * @throws NullPointerException if {@code secret} or {@code body} is null
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    public static String sign(byte[] secret, long timestampEpochSeconds, byte[] body) {
        return SCHEME_PREFIX + HexFormat.of().formatHex(mac(secret, timestampEpochSeconds, body));
    }

    /**
     * Computes the raw MAC.
     *
     * @param secret the shared secret, not empty
     * @param timestampEpochSeconds the timestamp
     * @param body the exact body bytes
     * @return the 32 MAC bytes
     * @throws NullPointerException if {@code secret} or {@code body} is null
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    public static byte[] mac(byte[] secret, long timestampEpochSeconds, byte[] body) {
        Objects.requireNonNull(secret, "'secret' cannot be null.");
        Objects.requireNonNull(body, "'body' cannot be null.");
        if (secret.length == 0) {
            // HMAC takes any key but an empty one, which the JDK refuses without naming it.
            throw new IllegalArgumentException("'secret' cannot be empty.");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(Long.toString(timestampEpochSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime ships HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Checks a secret and copies it.
     *
     * @param secret the secret
     * @return a copy
     * @throws IllegalArgumentException if shorter than {@value #MIN_SECRET_LENGTH} bytes
     */
    static byte[] requireSecret(byte[] secret) {
        Objects.requireNonNull(secret, "'secret' cannot be null.");
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "'secret' is " + secret.length + " bytes long; at least " + MIN_SECRET_LENGTH + " are required.");
        }
        return secret.clone();
    }
}
