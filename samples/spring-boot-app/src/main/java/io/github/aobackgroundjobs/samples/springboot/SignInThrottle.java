package io.github.aobackgroundjobs.samples.springboot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing at the sample's sign-in form, per client address and per user name.
 *
 * <p>An attempt is counted from the moment it is let through (before its password is checked),
 * so requests sent together are counted as if sent one after another. For one address or name:
 * while its failures and attempts in progress are fewer than {@link #FREE_FAILURES}, attempts go
 * ahead; from the 5th failure on, each failure makes the next attempt wait, 30 s after the 5th and
 * twice as long after each further one, at most {@link #MAX_WAIT}, and only one attempt at a time
 * is checked. A refused attempt is not counted and its password is not checked.
 *
 * <p>The address's count always applies; the name's only to an address with a failure of its own
 * (or an attempt in progress): someone guessing a user's password elsewhere never holds up that
 * user signing in from an address that has not failed, so the throttle cannot lock a user out. A
 * name that does not exist is counted as one that does, so a refusal says nothing about which
 * names exist. A success clears the name's count; the address keeps its failures. A count with no
 * failure for {@link #FORGET_AFTER} starts over. At most {@link #MAX_KEYS} addresses and as many
 * names are remembered, the least recently seen forgotten first, and a name is remembered by its
 * first 100 characters, so the memory it takes is bounded. Thread-safe.
 */
final class SignInThrottle {

    /** Failures counted before attempts have to wait. */
    static final int FREE_FAILURES = 5;
    /** The wait after the 5th failure. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    /** The longest wait. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    /** A count this long without a failure is forgotten. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Addresses, and names, remembered at most. */
    static final int MAX_KEYS = 10_000;

    // Longer than any user name the sample has (and than a customer's column).
    private static final int MAX_NAME_CHARS = 100;

    private final Clock clock;
    private final Map<String, Count> byAddress = bounded();
    private final Map<String, Count> byName = bounded();

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Lets an attempt through, or refuses it. One let through must be settled exactly once
     * ({@link Attempt#failed}, {@link Attempt#succeeded} or {@link Attempt#abandoned}), or its
     * address and name stay held.
     *
     * @param address the client's address
     * @param name the user name tried (null counts as empty)
     * @return the attempt
     */
    synchronized Attempt begin(String address, String name) {
        Instant now = clock.instant();
        String nameKey = nameKey(name);
        Count a = current(byAddress, address, now);
        Count n = current(byName, nameKey, now);
        Duration wait = wait(a, now);
        if (a != null && (a.failures > 0 || a.pending > 0)) {
            wait = max(wait, wait(n, now));
        }
        if (!wait.isZero()) {
            return new Attempt(wait, null, null);
        }
        Count reservedAddress = byAddress.computeIfAbsent(address, k -> new Count());
        Count reservedName = byName.computeIfAbsent(nameKey, k -> new Count());
        reservedAddress.pending++;
        reservedName.pending++;
        return new Attempt(null, reservedAddress, reservedName);
    }

    /** @return addresses and names remembered together (for tests of the bound) */
    synchronized int size() {
        return byAddress.size() + byName.size();
    }

    private static String nameKey(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return key.length() > MAX_NAME_CHARS ? key.substring(0, MAX_NAME_CHARS) : key;
    }

    private Count current(Map<String, Count> counts, String key, Instant now) {
        Count count = counts.get(key);
        if (count != null
                && count.pending == 0
                && (count.lastFailure == null || !now.isBefore(count.lastFailure.plus(FORGET_AFTER)))) {
            counts.remove(key);
            return null;
        }
        return count;
    }

    private static Duration wait(Count count, Instant now) {
        if (count == null || count.failures + count.pending < FREE_FAILURES) {
            return Duration.ZERO;
        }
        if (count.pending > 0) {
            // One at a time: the next may go once the one being checked is settled.
            return Duration.ofSeconds(1);
        }
        Duration left = Duration.between(now, count.waitUntil);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static void fail(Count count, Instant now) {
        count.pending--;
        count.failures++;
        count.lastFailure = now;
        if (count.failures >= FREE_FAILURES) {
            int doublings = Math.min(count.failures - FREE_FAILURES, 10);
            Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
            count.waitUntil = now.plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Map<String, Count> bounded() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }

    /** One address's or name's failures, attempts in progress, and the wait its last failure armed. */
    private static final class Count {
        int failures;
        int pending;
        Instant lastFailure;
        Instant waitUntil = Instant.MIN;
    }

    /** One attempt: refused (with the wait to announce), or let through until settled. */
    final class Attempt {
        private final Duration refusedFor;
        private final Count address;
        private final Count name;
        private boolean settled;

        private Attempt(Duration refusedFor, Count address, Count name) {
            this.refusedFor = refusedFor;
            this.address = address;
            this.name = name;
            this.settled = refusedFor != null;
        }

        /** @return how long to wait if the attempt was refused, or empty if it may be checked */
        Optional<Duration> refusedFor() {
            return Optional.ofNullable(refusedFor);
        }

        /** The name or the password was wrong: counted on the address and on the name. */
        void failed() {
            synchronized (SignInThrottle.this) {
                if (settle()) {
                    Instant now = clock.instant();
                    fail(address, now);
                    fail(name, now);
                }
            }
        }

        /** Signed in: the name's count is cleared, the address keeps its earlier failures. */
        void succeeded() {
            synchronized (SignInThrottle.this) {
                if (settle()) {
                    address.pending--;
                    name.pending--;
                    name.failures = 0;
                    name.waitUntil = Instant.MIN;
                }
            }
        }

        /** Not checked after all (the sign-in failed for another reason): taken back from both. */
        void abandoned() {
            synchronized (SignInThrottle.this) {
                if (settle()) {
                    address.pending--;
                    name.pending--;
                }
            }
        }

        private boolean settle() {
            if (settled) {
                return false;
            }
            settled = true;
            return true;
        }
    }
}
