package io.github.aobackgroundjobs.dashboard.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 password hashes in the form {@code pbkdf2-<prf>$iterations$salt$hash}. New hashes use
 * HMAC-SHA512 (OWASP's 210,000 iterations); hashes made with HMAC-SHA256 before keep verifying,
 * because the string names its own parameters. Stateless and thread-safe.
 */
public final class PasswordHashes {

    /** The pseudo-random function of new hashes. */
    public static final Algorithm DEFAULT_ALGORITHM = Algorithm.SHA512;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The PBKDF2 pseudo-random functions a hash may name. */
    public enum Algorithm {
        /** PBKDF2-HMAC-SHA256, 32-byte hashes (the format before SHA-512). */
        SHA256("pbkdf2-sha256", "PBKDF2WithHmacSHA256", 32),
        /** PBKDF2-HMAC-SHA512, 64-byte hashes. */
        SHA512("pbkdf2-sha512", "PBKDF2WithHmacSHA512", 64);

        private final String prefix;
        private final String jcaName;
        private final int hashBytes;

        Algorithm(String prefix, String jcaName, int hashBytes) {
            this.prefix = prefix;
            this.jcaName = jcaName;
            this.hashBytes = hashBytes;
        }

        static Algorithm ofPrefix(String prefix) {
            for (Algorithm a : values()) {
                if (a.prefix.equals(prefix)) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * The parameters a hash names.
     *
     * @param algorithm the pseudo-random function
     * @param iterations the iteration count
     */
    public record Parameters(Algorithm algorithm, int iterations) {
        @Override
        public String toString() {
            return algorithm.prefix + " x " + String.format(Locale.ROOT, "%,d", iterations);
        }
    }

    private PasswordHashes() {}

    /**
     * @param password the password
     * @param iterations PBKDF2 iterations
     * @return the encoded hash with {@link #DEFAULT_ALGORITHM}
     */
    public static String hash(char[] password, int iterations) {
        return hash(password, new Parameters(DEFAULT_ALGORITHM, iterations));
    }

    /**
     * @param password the password
     * @param parameters algorithm and iterations
     * @return the encoded hash
     */
    public static String hash(char[] password, Parameters parameters) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return parameters.algorithm().prefix + "$" + parameters.iterations() + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(hash);
    }

    /**
     * @param encoded a value to check
     * @return true if it has the shape of {@link #hash}
     */
    public static boolean isWellFormed(String encoded) {
        return parse(encoded) != null;
    }

    /**
     * @param encoded a well-formed hash
     * @return the parameters it names
     * @throws IllegalArgumentException if it is not well formed
     */
    public static Parameters parameters(String encoded) {
        Parsed p = parse(encoded);
        if (p == null) {
            throw new IllegalArgumentException("Not a password hash made by PasswordAuthenticator.hashPassword.");
        }
        return p.parameters;
    }

    /**
     * @param password the password offered
     * @param encoded the stored hash
     * @return true if they match (compared in constant time)
     */
    public static boolean verify(char[] password, String encoded) {
        Parsed p = parse(encoded);
        if (p == null) {
            return false;
        }
        return MessageDigest.isEqual(p.hash, derive(password, p.salt, p.parameters));
    }

    private record Parsed(Parameters parameters, byte[] salt, byte[] hash) {}

    private static Parsed parse(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4) {
            return null;
        }
        Algorithm algorithm = Algorithm.ofPrefix(parts[0]);
        if (algorithm == null) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1_000 || salt.length < 16 || hash.length != algorithm.hashBytes) {
                return null;
            }
            return new Parsed(new Parameters(algorithm, iterations), salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, Parameters parameters) {
        Algorithm a = parameters.algorithm();
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, parameters.iterations(), a.hashBytes * 8);
            try {
                return SecretKeyFactory.getInstance(a.jcaName)
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(a.jcaName + " is not available.", e);
        }
    }
}
