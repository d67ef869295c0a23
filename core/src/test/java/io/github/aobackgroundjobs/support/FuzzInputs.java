package io.github.aobackgroundjobs.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile input for the fuzz tests: random text from alphabets that
 * matter to parsers (digits, JSON punctuation, base64, whitespace, control and surrogate
 * characters), near-misses of valid values, and extremes. The seed comes from
 * {@code -Dfuzz.seed} when given, so a failure reproduces with the seed it prints.
 */
public final class FuzzInputs {

    private static final String DIGITS = "0123456789";
    private static final String JSON = "\"{}[]:,-+.eE0123456789 \t\n\\/nultrfa";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    private static final String HEX = "0123456789abcdefABCDEF";
    private static final String NASTY =
            "\u0000\u0001\u007f\u00a0\u2028\u2029\ufeff\ud800\udc00\ud83d\ude00é中 \t\r\n'\"%;<>&";
    private static final List<String> ALPHABETS = List.of(
            DIGITS, JSON, BASE64, HEX, NASTY, "abcdefghijklmnopqrstuvwxyz-", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789-");

    private final Random random;
    private final long seed;

    private FuzzInputs(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * @param defaultSeed the seed when {@code -Dfuzz.seed} is not set
     * @return a generator
     */
    public static FuzzInputs seeded(long defaultSeed) {
        return new FuzzInputs(Long.getLong("fuzz.seed", defaultSeed));
    }

    /** @return the seed, for failure messages */
    public long seed() {
        return seed;
    }

    /** @return the random source */
    public Random random() {
        return random;
    }

    /** @return true with probability {@code percent}/100 */
    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    /** @return an int in [0, bound) */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * @param maxLength the longest text
     * @return random text from one alphabet, sometimes mixed with another
     */
    public String text(int maxLength) {
        int length = skewedLength(maxLength);
        String alphabet = ALPHABETS.get(random.nextInt(ALPHABETS.size()));
        String other = ALPHABETS.get(random.nextInt(ALPHABETS.size()));
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            String from = random.nextInt(10) == 0 ? other : alphabet;
            s.append(from.charAt(random.nextInt(from.length())));
        }
        return s.toString();
    }

    /** @return a string, null, empty, blank, or one of a few extremes */
    public String nullableText(int maxLength) {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> " ".repeat(1 + random.nextInt(5));
            case 3 -> "x".repeat(maxLength + random.nextInt(3));
            default -> text(maxLength);
        };
    }

    /**
     * @param text any text
     * @return its UTF-8 bytes, base64-encoded
     */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a long near a boundary or anywhere */
    public long interestingLong() {
        return switch (random.nextInt(6)) {
            case 0 -> Long.MAX_VALUE - random.nextInt(3);
            case 1 -> Long.MIN_VALUE + random.nextInt(3);
            case 2 -> random.nextInt(3) - 1;
            case 3 -> random.nextInt(1_000_000);
            default -> random.nextLong();
        };
    }

    private int skewedLength(int maxLength) {
        // Mostly short, sometimes up to the limit: parsers break at both ends.
        int r = random.nextInt(10);
        if (r < 6) {
            return random.nextInt(Math.min(maxLength, 24) + 1);
        }
        return random.nextInt(maxLength + 1);
    }
}
