package io.github.aobackgroundjobs.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing per client address and per user name: after a number of free
 * failures, each further failure makes that key wait, doubling from the first delay up to a
 * low cap. It never locks anyone out for longer than the cap, and a success clears both keys.
 * Memory is bounded: each map keeps at most {@code maxEntries} keys, forgetting the oldest, and
 * a key whose last failure is older than {@link #FORGET_AFTER} starts afresh.
 *
 * <p>Thread-safe (synchronized; every call is a few map operations).
 */
public final class LoginThrottle {

    /** A key quiet this long has its failures forgotten. */
    public static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private static final int MAX_KEY_CHARS = 128;

    private final Clock clock;
    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Map<String, State> byAddress;
    private final Map<String, State> byUser;

    /**
     * @param clock the time failures and waits are measured on
     * @param freeFailures failures in a row answered without a wait
     * @param firstDelay the wait after the first failure past the free ones
     * @param maxDelay the longest wait
     * @param maxEntries keys remembered per map (addresses, user names)
     */
    public LoginThrottle(Clock clock, int freeFailures, Duration firstDelay, Duration maxDelay, int maxEntries) {
        this.clock = clock;
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.byAddress = bounded(maxEntries);
        this.byUser = bounded(maxEntries);
    }

    /**
     * @param address the client address, or null if unknown
     * @param userName the user name tried
     * @return how long the caller must wait before this attempt is considered, or empty if it may go ahead
     */
    public synchronized Optional<Duration> retryAfter(String address, String userName) {
        Instant now = clock.instant();
        Duration wait = max(remaining(byAddress, key(address), now), remaining(byUser, key(userName), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /**
     * Records a failed attempt against both keys.
     *
     * @param address the client address, or null if unknown
     * @param userName the user name tried
     */
    public synchronized void failed(String address, String userName) {
        Instant now = clock.instant();
        fail(byAddress, key(address), now);
        fail(byUser, key(userName), now);
    }

    /**
     * Clears both keys after a successful sign-in.
     *
     * @param address the client address, or null if unknown
     * @param userName the user signed in
     */
    public synchronized void succeeded(String address, String userName) {
        byAddress.remove(key(address));
        byUser.remove(key(userName));
    }

    /** @return keys remembered, addresses and user names together (for tests of the bound) */
    public synchronized int size() {
        return byAddress.size() + byUser.size();
    }

    private Duration remaining(Map<String, State> map, String key, Instant now) {
        State s = map.get(key);
        if (s == null || s.blockedUntil == null || !now.isBefore(s.blockedUntil)) {
            return Duration.ZERO;
        }
        return Duration.between(now, s.blockedUntil);
    }

    private void fail(Map<String, State> map, String key, Instant now) {
        State s = map.remove(key);
        if (s == null || Duration.between(s.lastFailure, now).compareTo(FORGET_AFTER) > 0) {
            s = new State();
        }
        s.failures++;
        s.lastFailure = now;
        int past = s.failures - freeFailures;
        if (past > 0) {
            // Doubling from firstDelay; the shift is capped so it cannot overflow.
            Duration delay = firstDelay.multipliedBy(1L << Math.min(past - 1, 20));
            s.blockedUntil = now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
        }
        map.put(key, s); // re-inserted: the most recent key is the last one evicted
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Long names are hashed so a key's memory is bounded whatever the attacker sends. */
    private static String key(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() <= MAX_KEY_CHARS) {
            return value;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available.", e);
        }
    }

    private static Map<String, State> bounded(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
                return size() > maxEntries;
            }
        };
    }

    private static final class State {
        int failures;
        Instant lastFailure;
        Instant blockedUntil;
    }
}
