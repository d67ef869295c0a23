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
 * Slows password guessing per client address and per user name.
 *
 * <p>Each key (an address, a user name) has a count of failures. An attempt is reserved with
 * {@link #begin} before its password is checked and counts as a failure from that moment on, so
 * requests arriving together cannot all pass one check before any of them is recorded. The rules
 * for one key, where "counted" is its failures plus its attempts still being checked:
 *
 * <ul>
 *   <li>while counted is at most {@code freeFailures}, an attempt goes ahead;
 *   <li>past that, one attempt at a time goes ahead, and only once the wait armed by the last
 *       failure is over: the failure numbered {@code freeFailures + n} makes the key wait
 *       {@code firstDelay * 2^(n-1)}, at most {@code maxDelay}.
 * </ul>
 *
 * <p>The address's rules always apply. The user name's rules apply only to an address that has
 * a failure of its own in the last {@link #FORGET_AFTER}, or an attempt being checked: guessing
 * elsewhere never holds up a user signing in from an address that has not failed, while an
 * address that guesses is slowed by everyone's failures against the name. An attempt without an
 * address is always held to the name's rules, as its caller cannot be told apart from others.
 *
 * <p>Settling an attempt: a failure stays counted on both keys; a success takes the attempt off
 * the address's count (its earlier failures stay) and clears the name's count; an attempt given
 * up unchecked ({@link Attempt#abandoned}) is taken off both. A key whose last failure is older
 * than {@link #FORGET_AFTER} starts afresh. Memory is bounded: each map keeps at most
 * {@code maxEntries} keys, forgetting the oldest.
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
     * @param freeFailures failures counted before waits begin
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
     * Reserves an attempt, or refuses it. A reserved attempt counts as a failure of its address
     * and user name until it is settled: the caller must settle it exactly once, in a
     * {@code finally} if need be, or both keys stay held.
     *
     * @param address the client address, or null if unknown
     * @param userName the user name tried
     * @return the reserved attempt, or a refused one naming how long to wait
     */
    public synchronized Attempt begin(String address, String userName) {
        Instant now = clock.instant();
        String addressKey = address == null ? null : key(address);
        String userKey = key(userName);
        State a = addressKey == null ? null : current(byAddress, addressKey, now);
        State u = current(byUser, userKey, now);
        Duration wait = a == null ? Duration.ZERO : wait(a, now);
        boolean nameRulesApply = addressKey == null || (a != null && (a.failures > 0 || a.pending > 0));
        if (nameRulesApply) {
            wait = max(wait, wait(u, now));
        }
        if (!wait.isZero()) {
            return new Attempt(wait, null, null, null, null);
        }
        State reservedAddress = addressKey == null ? null : reserve(byAddress, addressKey, a);
        State reservedUser = reserve(byUser, userKey, u);
        return new Attempt(null, addressKey, reservedAddress, userKey, reservedUser);
    }

    /** @return keys remembered, addresses and user names together (for tests of the bound) */
    public synchronized int size() {
        return byAddress.size() + byUser.size();
    }

    /** The key's state with stale failures forgotten, or null if it has none. */
    private State current(Map<String, State> map, String key, Instant now) {
        State s = map.get(key);
        if (s != null
                && s.lastFailure != null
                && Duration.between(s.lastFailure, now).compareTo(FORGET_AFTER) > 0) {
            s.failures = 0;
            s.lastFailure = null;
            s.blockedUntil = null;
        }
        return s;
    }

    private Duration wait(State s, Instant now) {
        if (s == null) {
            return Duration.ZERO;
        }
        if (s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
            return Duration.between(now, s.blockedUntil);
        }
        int counted = s.failures + s.pending;
        if (counted > freeFailures && s.pending > 0) {
            // Past the free failures one attempt at a time: tell the caller the wait that attempt arms if it fails.
            return delay(counted - freeFailures);
        }
        return Duration.ZERO;
    }

    private static State reserve(Map<String, State> map, String key, State existing) {
        State s = existing == null ? new State() : existing;
        s.pending++;
        map.remove(key);
        map.put(key, s); // re-inserted: the most recent key is the last one evicted
        return s;
    }

    private void settle(Map<String, State> map, String key, State s, Outcome outcome, Instant now) {
        s.pending--;
        switch (outcome) {
            case FAILED -> {
                s.failures++;
                s.lastFailure = now;
                int past = s.failures - freeFailures;
                if (past > 0) {
                    s.blockedUntil = now.plus(delay(past));
                }
            }
            case CLEARED -> {
                s.failures = 0;
                s.lastFailure = null;
                s.blockedUntil = null;
            }
            case UNCOUNTED -> {
                // Only the reservation is taken back.
            }
        }
        if (s.failures == 0 && s.pending == 0 && map.get(key) == s) {
            map.remove(key);
        }
    }

    private Duration delay(int pastFreeFailures) {
        // Doubling from firstDelay; the shift is capped so it cannot overflow.
        Duration d = firstDelay.multipliedBy(1L << Math.min(pastFreeFailures - 1, 20));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
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

    private enum Outcome {
        FAILED,
        CLEARED,
        UNCOUNTED
    }

    private static final class State {
        int failures;
        int pending;
        Instant lastFailure;
        Instant blockedUntil;
    }

    /**
     * One sign-in attempt: refused (with the wait to announce), or reserved until settled by
     * exactly one of {@link #failed}, {@link #succeeded} or {@link #abandoned}. Settling a second
     * time does nothing, so a {@code finally} may abandon an attempt already settled.
     *
     * <p>Thread-safe.
     */
    public final class Attempt {
        private final Duration refusedFor;
        private final String addressKey;
        private final State address;
        private final String userKey;
        private final State user;
        private boolean settled;

        private Attempt(Duration refusedFor, String addressKey, State address, String userKey, State user) {
            this.refusedFor = refusedFor;
            this.addressKey = addressKey;
            this.address = address;
            this.userKey = userKey;
            this.user = user;
            this.settled = refusedFor != null;
        }

        /** @return how long the caller must wait if the attempt was refused, or empty if it may be checked */
        public Optional<Duration> refusedFor() {
            return Optional.ofNullable(refusedFor);
        }

        /** The password did not match: the attempt stays counted on its address and name. */
        public void failed() {
            settle(Outcome.FAILED, Outcome.FAILED);
        }

        /** The password matched: the address keeps its earlier failures, the name's count is cleared. */
        public void succeeded() {
            settle(Outcome.UNCOUNTED, Outcome.CLEARED);
        }

        /** The password was not checked after all: the reservation is taken back from both keys. */
        public void abandoned() {
            settle(Outcome.UNCOUNTED, Outcome.UNCOUNTED);
        }

        private void settle(Outcome forAddress, Outcome forUser) {
            synchronized (LoginThrottle.this) {
                if (settled) {
                    return;
                }
                settled = true;
                Instant now = clock.instant();
                if (address != null) {
                    LoginThrottle.this.settle(byAddress, addressKey, address, forAddress, now);
                }
                LoginThrottle.this.settle(byUser, userKey, user, forUser, now);
            }
        }
    }
}
