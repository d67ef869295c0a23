package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.dashboard.internal.LoginThrottle;
import io.github.aobackgroundjobs.dashboard.internal.PasswordCheckPermits;
import io.github.aobackgroundjobs.dashboard.internal.PasswordHashes;
import io.github.aobackgroundjobs.dashboard.internal.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in sign-in for the demo and simple deployments: configured users with hashed
 * passwords ({@link #hashPassword}), server-side sessions named by a random id in a signed
 * cookie (signing out ends the session at once), and throttled guessing. When a
 * {@link Dashboard} uses it, the dashboard serves a login page.
 *
 * <p>Cost: new hashes are PBKDF2-HMAC-SHA512 with {@value #DEFAULT_ITERATIONS} iterations
 * (OWASP's figure for SHA-512); hashes made before with PBKDF2-HMAC-SHA256 keep verifying,
 * since each hash names its parameters. An unknown user name is checked against a dummy hash
 * made with the parameters of the costliest configured hash, so it takes as long as a wrong
 * password of a known user.
 *
 * <p>Throttling: failures are counted per client address and per user name, and an attempt
 * counts as a failure from the moment its check begins, so concurrent requests cannot slip past
 * the count. For each key, attempts go ahead while the failures (those being checked included)
 * number at most {@value #DEFAULT_FREE_FAILURES}; past that one attempt at a time goes ahead,
 * once the wait armed by the last failure is over: the failure numbered free failures + n makes
 * the key wait 2^(n-1) seconds, at most {@link #DEFAULT_MAX_LOGIN_DELAY}. Other attempts are
 * refused without checking the password. The address's count always applies; the user name's
 * count applies only to an address with a failure of its own in the last 15 minutes (or an
 * attempt being checked), so guessing from elsewhere never holds up a user signing in from an
 * address that has not failed. Without an address only the name's count applies, always. A
 * success clears the name's count; the address keeps its failures. A count with no failure for 15 minutes
 * starts over. At most {@value #MAX_THROTTLE_ENTRIES} addresses and as many names are
 * remembered.
 *
 * <p>At most as many passwords as there are processors (and at least 2) are checked at once
 * across the instance; an attempt that finds no free slot within {@link #MAX_CHECK_WAIT} is
 * refused unchecked, to retry after {@link #BUSY_RETRY_AFTER}, and is not counted as a failure.
 *
 * <p>Sessions live in this instance's memory (at most {@link Builder#maxSessions}, and at most
 * {@value #MAX_SESSIONS_PER_USER} per user: a user's new session past that ends their own
 * oldest): a restart signs everyone out, and instances behind a load balancer need sticky
 * sessions.
 *
 * <p>Immutable configuration, thread-safe.
 */
public final class PasswordAuthenticator implements DashboardAuthenticator {

    /** Name of the session cookie. */
    public static final String COOKIE_NAME = "bgjobs_session";
    /** Default session lifetime. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);
    /** Default PBKDF2-HMAC-SHA512 iteration count of {@link #hashPassword(char[])}. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Default failures counted per address or user name before waits begin. */
    public static final int DEFAULT_FREE_FAILURES = 5;
    /** Default longest wait between sign-in attempts of one address or user name. */
    public static final Duration DEFAULT_MAX_LOGIN_DELAY = Duration.ofSeconds(30);
    /** Default number of live sessions kept. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    /** Addresses (and, separately, user names) the throttle remembers at most. */
    public static final int MAX_THROTTLE_ENTRIES = 10_000;
    /** Live sessions of one user kept at most; a new one past it ends that user's oldest. */
    public static final int MAX_SESSIONS_PER_USER = 20;
    /** How long an attempt waits for one of the concurrent password checks before it is refused. */
    public static final Duration MAX_CHECK_WAIT = Duration.ofSeconds(1);
    /** The wait announced to an attempt refused because too many passwords were being checked. */
    public static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final Map<String, Account> accounts;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final PasswordCheckPermits checks;
    private final boolean secureCookie;
    private final Duration sessionTtl;
    private final String dummyHash;

    private PasswordAuthenticator(Builder b) {
        this.accounts = Map.copyOf(b.accounts);
        this.sessions = new SessionStore(b.secret, b.clock, b.maxSessions, MAX_SESSIONS_PER_USER);
        this.throttle = new LoginThrottle(
                b.clock, b.freeFailures, Duration.ofSeconds(1), b.maxLoginDelay, MAX_THROTTLE_ENTRIES);
        this.checks = new PasswordCheckPermits(Math.max(2, Runtime.getRuntime().availableProcessors()), MAX_CHECK_WAIT);
        this.secureCookie = b.secureCookie;
        this.sessionTtl = b.sessionTtl;
        PasswordHashes.Parameters costliest = accounts.values().stream()
                .map(a -> PasswordHashes.parameters(a.passwordHash()))
                .max(Comparator.comparingInt(PasswordHashes.Parameters::iterations)
                        .thenComparing(PasswordHashes.Parameters::algorithm))
                .orElseThrow();
        this.dummyHash = PasswordHashes.hash("not-a-password".toCharArray(), costliest);
    }

    /** @return a builder with a random signing key and {@link #DEFAULT_SESSION_TTL} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Hashes a password for {@link Builder#user} with PBKDF2-HMAC-SHA512, a random salt and
     * {@value #DEFAULT_ITERATIONS} iterations.
     *
     * @param password the password
     * @return the encoded hash ({@code pbkdf2-sha512$iterations$salt$hash})
     */
    public static String hashPassword(char[] password) {
        return hashPassword(password, DEFAULT_ITERATIONS);
    }

    /**
     * Hashes a password with a chosen iteration count: lower only for tests, where the cost
     * would dominate. Thread-safe.
     *
     * @param password the password
     * @param iterations at least 1,000
     * @return the encoded hash
     * @throws IllegalArgumentException if iterations is below 1,000
     */
    public static String hashPassword(char[] password, int iterations) {
        Objects.requireNonNull(password, "'password' cannot be null.");
        if (iterations < 1_000) {
            throw new IllegalArgumentException("'iterations' must be at least 1000.");
        }
        return PasswordHashes.hash(password, iterations);
    }

    /**
     * Checks a user name and password, without a client address: only the user name's count
     * throttles it, and it always does.
     *
     * @param userName the user name
     * @param password the password
     * @return the {@code Set-Cookie} header value of a new session, or empty if they do not
     *     match, the name must wait or too many passwords are being checked
     */
    public Optional<String> login(String userName, char[] password) {
        return Optional.ofNullable(login(userName, password, null).setCookie());
    }

    /**
     * Checks a user name and password, throttled per client address and per user name (see the
     * class description), and refused unchecked when too many passwords are being checked.
     *
     * @param userName the user name
     * @param password the password
     * @param clientAddress the client's address, or null if unknown
     * @return a new session's cookie, a refusal, or how long to wait before trying again
     */
    public LoginResult login(String userName, char[] password, String clientAddress) {
        LoginThrottle.Attempt attempt = throttle.begin(clientAddress, userName);
        Optional<Duration> wait = attempt.refusedFor();
        if (wait.isPresent()) {
            return new LoginResult(null, wait.get());
        }
        try {
            if (!checks.tryAcquire()) {
                return new LoginResult(null, BUSY_RETRY_AFTER);
            }
            Account account = userName == null ? null : accounts.get(userName);
            boolean ok;
            try {
                // Hash even for an unknown user, at the same cost, so the answer time does not tell which names exist.
                ok = PasswordHashes.verify(
                        password == null ? new char[0] : password,
                        account == null ? dummyHash : account.passwordHash());
            } finally {
                checks.release();
            }
            if (!ok || account == null) {
                attempt.failed();
                return new LoginResult(null, null);
            }
            attempt.succeeded();
        } finally {
            // Not checked (no permit, or the check threw): take the reservation back, it was no guess.
            attempt.abandoned();
        }
        return new LoginResult(
                COOKIE_NAME + "=" + sessions.create(userName, sessionTtl)
                        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + sessionTtl.toSeconds()
                        + (secureCookie ? "; Secure" : ""),
                null);
    }

    /**
     * Ends the session the request's cookie names (its cookie is refused from now on).
     *
     * @param request the sign-out request
     * @return the {@code Set-Cookie} header value that removes the cookie
     */
    public String logout(DashboardRequest request) {
        request.cookie(COOKIE_NAME).ifPresent(sessions::end);
        return logoutCookie();
    }

    /** @return the {@code Set-Cookie} header value that removes the session cookie */
    public String logoutCookie() {
        return COOKIE_NAME + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secureCookie ? "; Secure" : "");
    }

    @Override
    public Optional<DashboardUser> authenticate(DashboardRequest request) {
        return request.cookie(COOKIE_NAME)
                .flatMap(sessions::find)
                .flatMap(s -> Optional.ofNullable(accounts.get(s.userName()))
                        .map(a -> new DashboardUser(a.name(), a.roles(), s.id())));
    }

    /**
     * @param user a user {@link #authenticate} returned
     * @return false once the session it came from has ended (signed out, expired, or evicted), so
     *     that the live streams opened under it end too
     */
    @Override
    public boolean isSignedIn(DashboardUser user) {
        return sessions.isLive(user.sessionId());
    }

    /**
     * What a sign-in attempt came to.
     *
     * @param setCookie the new session's {@code Set-Cookie} header value, or null if refused
     * @param retryAfter how long the address or name must wait ({@link #BUSY_RETRY_AFTER} when too
     *     many passwords were being checked), or null if the attempt was checked
     */
    public record LoginResult(String setCookie, Duration retryAfter) {
        /** @return true if the password matched and a session was made */
        public boolean succeeded() {
            return setCookie != null;
        }

        /** @return true if the attempt was refused unchecked, to be retried after {@link #retryAfter()} */
        public boolean throttled() {
            return retryAfter != null;
        }
    }

    private record Account(String name, String passwordHash, Set<String> roles) {}

    /** Builds a {@link PasswordAuthenticator}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Account> accounts = new LinkedHashMap<>();
        private byte[] secret;
        private Clock clock = Clock.systemUTC();
        private Duration sessionTtl = DEFAULT_SESSION_TTL;
        private boolean secureCookie;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private int freeFailures = DEFAULT_FREE_FAILURES;
        private Duration maxLoginDelay = DEFAULT_MAX_LOGIN_DELAY;

        private Builder() {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }

        /**
         * Adds a user; a name added again replaces that user's hash and roles.
         *
         * @param name the user name (as in the job records)
         * @param passwordHash from {@link #hashPassword}
         * @param roles the user's roles (e.g. {@link Dashboard#DEFAULT_ADMIN_ROLE}); one named twice
         *     counts once
         * @return this
         * @throws IllegalArgumentException if the name is blank or the hash is not one of {@link #hashPassword}
         * @throws NullPointerException if the name, the hash or a role is null
         */
        public Builder user(String name, String passwordHash, String... roles) {
            Objects.requireNonNull(name, "'name' cannot be null.");
            Objects.requireNonNull(passwordHash, "'passwordHash' cannot be null.");
            if (name.isBlank()) {
                throw new IllegalArgumentException("'name' cannot be blank.");
            }
            if (!PasswordHashes.isWellFormed(passwordHash)) {
                throw new IllegalArgumentException("'passwordHash' of user '" + name
                        + "' is not a hash made by PasswordAuthenticator.hashPassword.");
            }
            Objects.requireNonNull(roles, "'roles' cannot be null.");
            for (String role : roles) {
                Objects.requireNonNull(role, "'roles' cannot contain null.");
            }
            // A role named twice is still one role, as in DashboardUser's set.
            accounts.put(name, new Account(name, passwordHash, Set.copyOf(Arrays.asList(roles))));
            return this;
        }

        /**
         * @param secret the key session ids are signed with in cookies, at least 32 bytes.
         *     Default: random per instance.
         * @return this
         * @throws IllegalArgumentException if shorter than 32 bytes
         */
        public Builder sessionSecret(byte[] secret) {
            Objects.requireNonNull(secret, "'sessionSecret' cannot be null.");
            if (secret.length < 32) {
                throw new IllegalArgumentException(
                        "'sessionSecret' must be at least 32 bytes, not " + secret.length + ".");
            }
            this.secret = secret.clone();
            return this;
        }

        /**
         * @param sessionTtl how long a session lasts, 1 minute to 30 days
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder sessionTtl(Duration sessionTtl) {
            Objects.requireNonNull(sessionTtl, "'sessionTtl' cannot be null.");
            if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("'sessionTtl' must be between 1 minute and 30 days.");
            }
            this.sessionTtl = sessionTtl;
            return this;
        }

        /**
         * @param maxSessions live sessions kept, 1..1,000,000 (default {@value #DEFAULT_MAX_SESSIONS});
         *     past it the oldest session ends. Apart from this, one user keeps at most
         *     {@value #MAX_SESSIONS_PER_USER}.
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxSessions(int maxSessions) {
            if (maxSessions < 1 || maxSessions > 1_000_000) {
                throw new IllegalArgumentException("'maxSessions' must be between 1 and 1000000.");
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /**
         * Sets how sign-in guessing is slowed, per client address and per user name.
         *
         * @param freeFailures failures counted before waits begin, 1..100 (default {@value #DEFAULT_FREE_FAILURES})
         * @param maxDelay the longest wait, 1 second to 5 minutes (default {@link #DEFAULT_MAX_LOGIN_DELAY});
         *     keep it low: an attacker can hold a user name at this wait for addresses that have
         *     failed themselves
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder loginThrottle(int freeFailures, Duration maxDelay) {
            Objects.requireNonNull(maxDelay, "'maxDelay' cannot be null.");
            if (freeFailures < 1 || freeFailures > 100) {
                throw new IllegalArgumentException("'freeFailures' must be between 1 and 100.");
            }
            if (maxDelay.compareTo(Duration.ofSeconds(1)) < 0 || maxDelay.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("'maxDelay' must be between 1 second and 5 minutes.");
            }
            this.freeFailures = freeFailures;
            this.maxLoginDelay = maxDelay;
            return this;
        }

        /**
         * @param secureCookie mark the cookie {@code Secure} (HTTPS only); default false
         * @return this
         */
        public Builder secureCookie(boolean secureCookie) {
            this.secureCookie = secureCookie;
            return this;
        }

        /**
         * @param clock the clock session expiry and sign-in waits are read from
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @return the authenticator
         * @throws IllegalStateException if no user was added
         */
        public PasswordAuthenticator build() {
            if (accounts.isEmpty()) {
                throw new IllegalStateException("At least one user must be added.");
            }
            return new PasswordAuthenticator(this);
        }
    }
}
