package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.dashboard.internal.PasswordHashes;
import io.github.aobackgroundjobs.dashboard.internal.SessionCookies;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in sign-in for the demo and simple deployments: configured users with hashed
 * passwords ({@link #hashPassword}) and a session in an HMAC-signed cookie (no server-side
 * session state). When a {@link Dashboard} uses it, the dashboard serves a login page.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class PasswordAuthenticator implements DashboardAuthenticator {

    /** Name of the session cookie. */
    public static final String COOKIE_NAME = "bgjobs_session";
    /** Default session lifetime. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);
    /** Default PBKDF2 iteration count of {@link #hashPassword(char[])}. */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private final Map<String, Account> accounts;
    private final SessionCookies cookies;
    private final boolean secureCookie;
    private final Duration sessionTtl;
    private final String dummyHash;

    private PasswordAuthenticator(Builder b) {
        this.accounts = Map.copyOf(b.accounts);
        this.cookies = new SessionCookies(b.secret, b.clock);
        this.secureCookie = b.secureCookie;
        this.sessionTtl = b.sessionTtl;
        this.dummyHash = PasswordHashes.hash("not-a-password".toCharArray(), 1_000);
    }

    /** @return a builder with a random signing key and {@link #DEFAULT_SESSION_TTL} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Hashes a password for {@link Builder#user} with PBKDF2-HMAC-SHA256, a random salt and
     * {@value #DEFAULT_ITERATIONS} iterations.
     *
     * @param password the password
     * @return the encoded hash ({@code pbkdf2-sha256$iterations$salt$hash})
     */
    public static String hashPassword(char[] password) {
        return hashPassword(password, DEFAULT_ITERATIONS);
    }

    /**
     * Hashes a password with a chosen iteration count (lower only for tests).
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
     * Checks a user name and password.
     *
     * @param userName the user name
     * @param password the password
     * @return the {@code Set-Cookie} header value of a new session, or empty if they do not match
     */
    public Optional<String> login(String userName, char[] password) {
        Account account = userName == null ? null : accounts.get(userName);
        // Hash even for an unknown user so the answer time does not tell which names exist.
        boolean ok = PasswordHashes.verify(
                password == null ? new char[0] : password, account == null ? dummyHash : account.passwordHash());
        if (!ok || account == null) {
            return Optional.empty();
        }
        return Optional.of(COOKIE_NAME + "=" + cookies.issue(userName, sessionTtl)
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + sessionTtl.toSeconds()
                + (secureCookie ? "; Secure" : ""));
    }

    /** @return the {@code Set-Cookie} header value that ends the session */
    public String logoutCookie() {
        return COOKIE_NAME + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secureCookie ? "; Secure" : "");
    }

    @Override
    public Optional<DashboardUser> authenticate(DashboardRequest request) {
        return request.cookie(COOKIE_NAME)
                .flatMap(cookies::verify)
                .map(accounts::get)
                .map(a -> new DashboardUser(a.name(), a.roles()));
    }

    private record Account(String name, String passwordHash, Set<String> roles) {}

    /** Builds a {@link PasswordAuthenticator}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Account> accounts = new LinkedHashMap<>();
        private byte[] secret;
        private Clock clock = Clock.systemUTC();
        private Duration sessionTtl = DEFAULT_SESSION_TTL;
        private boolean secureCookie;

        private Builder() {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }

        /**
         * Adds a user.
         *
         * @param name the user name (as in the job records)
         * @param passwordHash from {@link #hashPassword}
         * @param roles the user's roles (e.g. {@link Dashboard#DEFAULT_ADMIN_ROLE})
         * @return this
         * @throws IllegalArgumentException if the name is blank or the hash is not one of {@link #hashPassword}
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
            accounts.put(name, new Account(name, passwordHash, Set.of(roles)));
            return this;
        }

        /**
         * @param secret the cookie signing key, at least 32 bytes; share it between instances
         *     that must accept each other's sessions. Default: random per instance.
         * @return this
         * @throws IllegalArgumentException if shorter than 32 bytes
         */
        public Builder sessionSecret(byte[] secret) {
            Objects.requireNonNull(secret, "'secret' cannot be null.");
            if (secret.length < 32) {
                throw new IllegalArgumentException("'secret' must be at least 32 bytes.");
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
         * @param secureCookie mark the cookie {@code Secure} (HTTPS only); default false
         * @return this
         */
        public Builder secureCookie(boolean secureCookie) {
            this.secureCookie = secureCookie;
            return this;
        }

        /**
         * @param clock the clock session expiry is read from
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
