package io.github.aobackgroundjobs.dashboard.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2-HMAC-SHA256 password hashes in the form {@code pbkdf2-sha256$iterations$salt$hash}. */
public final class PasswordHashes {

    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {}

    /**
     * @param password the password
     * @param iterations PBKDF2 iterations
     * @return the encoded hash
     */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * @param encoded a value to check
     * @return true if it has the shape of {@link #hash}
     */
    public static boolean isWellFormed(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            return Integer.parseInt(parts[1]) >= 1_000
                    && Base64.getDecoder().decode(parts[2]).length >= 16
                    && Base64.getDecoder().decode(parts[3]).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param password the password offered
     * @param encoded the stored hash
     * @return true if they match (compared in constant time)
     */
    public static boolean verify(char[] password, String encoded) {
        if (!isWellFormed(encoded)) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available.", e);
        }
    }
}
