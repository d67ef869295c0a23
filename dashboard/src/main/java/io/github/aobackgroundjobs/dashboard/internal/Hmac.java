package io.github.aobackgroundjobs.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 helpers. Thread-safe (a new {@link Mac} per call). */
public final class Hmac {

    private final SecretKeySpec key;

    /** @param secret the key bytes */
    public Hmac(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /**
     * @param text what to sign
     * @return lowercase hex of the HMAC
     */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available.", e);
        }
    }

    /**
     * @param text what was signed
     * @param signature the hex signature offered
     * @return true if it matches (compared in constant time)
     */
    public boolean verify(String text, String signature) {
        return signature != null
                && MessageDigest.isEqual(
                        sign(text).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
