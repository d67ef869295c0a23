package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Second audit of docs/dashboard.md, its built-in sign-in: the session cookie, the cap on
 * sessions, and the throttle's 15-minute memory and its rules for attempts without an address.
 * Time comes from a settable clock, so nothing sleeps.
 */
class SignInDocumentedTest {

    private static final String HASH = PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000);
    private static final char[] RIGHT = "pw".toCharArray();
    private static final char[] WRONG = "nope".toCharArray();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private PasswordAuthenticator.Builder users() {
        return PasswordAuthenticator.builder()
                .clock(clock)
                .user("alice", HASH)
                .user("bob", HASH)
                .user("root", HASH, Dashboard.DEFAULT_ADMIN_ROLE);
    }

    private static boolean live(PasswordAuthenticator auth, String setCookie) {
        return auth.authenticate(DashboardRequest.builder("GET", "/api/me")
                        .header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                        .build())
                .isPresent();
    }

    // ------------------------------------------------------------------ the cookie and sessions

    @Test
    void theSessionCookieIsHttpOnlyStrictAndLastsEightHoursByDefault() {
        PasswordAuthenticator auth = users().build();
        String cookie = auth.login("alice", RIGHT).orElseThrow();
        assertThat(cookie)
                .startsWith(PasswordAuthenticator.COOKIE_NAME + "=")
                .contains("; HttpOnly", "; SameSite=Strict", "; Max-Age=28800")
                .doesNotContain("Secure");
        String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        assertThat(java.util.Base64.getUrlDecoder().decode(value.substring(0, value.lastIndexOf('.'))))
                .as("a random 256-bit session id, then its signature")
                .hasSize(32);
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(live(auth, cookie)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(live(auth, cookie)).as("8 hours on").isFalse();
    }

    @Test
    void secureCookieMarksTheSignInAndSignOutCookiesSecure() {
        PasswordAuthenticator auth = users().secureCookie(true).build();
        assertThat(auth.login("alice", RIGHT).orElseThrow()).endsWith("; Secure");
        assertThat(auth.logoutCookie()).contains("Max-Age=0").endsWith("; Secure");
    }

    @Test
    void pastMaxSessionsTheOldestSessionOfAnyoneEnds() {
        PasswordAuthenticator auth = users().maxSessions(2).build();
        String alice = auth.login("alice", RIGHT).orElseThrow();
        String bob = auth.login("bob", RIGHT).orElseThrow();
        String root = auth.login("root", RIGHT).orElseThrow();
        assertThat(live(auth, alice)).as("the oldest, another user's").isFalse();
        assertThat(live(auth, bob)).isTrue();
        assertThat(live(auth, root)).isTrue();
    }

    @Test
    void aSharedSessionSecretDoesNotShareSessionsBetweenInstances() {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) 7);
        PasswordAuthenticator first = users().sessionSecret(secret).build();
        PasswordAuthenticator second = users().sessionSecret(secret).build();
        String cookie = first.login("alice", RIGHT).orElseThrow();
        assertThat(live(first, cookie)).isTrue();
        assertThat(live(second, cookie))
                .as("the session lives in the first instance's memory: sticky sessions are needed")
                .isFalse();
    }

    // ------------------------------------------------------------------ throttling

    @Test
    void theThrottledAnswerNamesTheWaitInItsMessageAndInRetryAfter() {
        PasswordAuthenticator auth = users().build();
        try (Dashboard<Long> dashboard = new Direct(b -> b.authenticator(auth)).dashboard) {
            for (int i = 0; i < 6; i++) {
                assertThat(login(dashboard, "guess" + i).status()).isEqualTo(401);
            }
            DashboardResponse first = login(dashboard, "guess6");
            assertThat(first.status()).isEqualTo(429);
            assertThat(first.headers()).containsEntry("Retry-After", "1");
            assertThat(Direct.error(first))
                    .isEqualTo("Too many failed sign-ins from this address or for this user, or too many at once;"
                            + " try again in 1 s.");
            clock.advance(Duration.ofSeconds(1));
            assertThat(login(dashboard, "guess7").status()).isEqualTo(401);
            DashboardResponse second = login(dashboard, "guess8");
            assertThat(second.headers()).containsEntry("Retry-After", "2");
            assertThat(Direct.error(second)).endsWith("try again in 2 s.");
        }
    }

    private static DashboardResponse login(Dashboard<Long> dashboard, String user) {
        return dashboard.handle(Direct.request("POST", "/api/login", null)
                .header("Content-Type", "application/json")
                .header("Origin", Direct.ORIGIN)
                .remoteAddress("203.0.113.5")
                .body(("{\"user\":\"" + user + "\",\"password\":\"nope\"}").getBytes(StandardCharsets.UTF_8))
                .build());
    }

    @Test
    void aSignInWithAFieldMissingOrNotAJsonStringIs400NamingIt() {
        PasswordAuthenticator auth = users().build();
        try (Dashboard<Long> dashboard = new Direct(b -> b.authenticator(auth)).dashboard) {
            DashboardResponse missing = loginBody(dashboard, "{\"user\":\"alice\"}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(Direct.error(missing)).isEqualTo("'user' and 'password' are required.");
            DashboardResponse number = loginBody(dashboard, "{\"user\":\"alice\",\"password\":1234}");
            assertThat(number.status()).isEqualTo(400);
            assertThat(Direct.error(number)).isEqualTo("'password' must be a JSON string, not number.");
            DashboardResponse object = loginBody(dashboard, "{\"user\":{\"a\":1},\"password\":\"pw\"}");
            assertThat(object.status()).isEqualTo(400);
            assertThat(Direct.error(object)).isEqualTo("'user' must be a JSON string, not object.");
            assertThat(loginBody(dashboard, "{\"user\":\"alice\",\"password\":\"pw\"}")
                            .status())
                    .isEqualTo(200);
        }
    }

    private static DashboardResponse loginBody(Dashboard<Long> dashboard, String body) {
        return dashboard.handle(Direct.request("POST", "/api/login", null)
                .header("Content-Type", "application/json")
                .header("Origin", Direct.ORIGIN)
                .remoteAddress("203.0.113.9")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    @Test
    void loginThrottleSetsTheFreeFailuresAndTheLongestWait() {
        PasswordAuthenticator auth =
                users().loginThrottle(2, Duration.ofSeconds(3)).build();
        for (int i = 0; i < 3; i++) {
            assertThat(auth.login("guess", WRONG, "10.0.0.1").throttled()).isFalse();
        }
        assertThat(auth.login("guess", WRONG, "10.0.0.1").retryAfter())
                .as("the third failure, the first past two free")
                .isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        auth.login("guess", WRONG, "10.0.0.1");
        assertThat(auth.login("guess", WRONG, "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        auth.login("guess", WRONG, "10.0.0.1");
        assertThat(auth.login("guess", WRONG, "10.0.0.1").retryAfter())
                .as("4 s, held to the longest wait")
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aRefusedAttemptIsNotCounted() {
        PasswordAuthenticator auth = users().build();
        for (int i = 0; i < 6; i++) {
            auth.login("guess" + i, WRONG, "10.0.0.1");
        }
        for (int i = 0; i < 50; i++) {
            assertThat(auth.login("guess", WRONG, "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(auth.login("guess", WRONG, "10.0.0.1").throttled()).isFalse();
        assertThat(auth.login("guess", WRONG, "10.0.0.1").retryAfter())
                .as("the 7th failure, fifty refusals notwithstanding")
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCountWithNoFailureFor15MinutesStartsOver() {
        PasswordAuthenticator auth = users().build();
        for (int i = 0; i < 6; i++) {
            auth.login("guess" + i, WRONG, "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(30));
        auth.login("guess", WRONG, "10.0.0.1"); // the 7th failure, at 30 s
        assertThat(auth.login("guess", WRONG, "10.0.0.1").throttled()).isTrue();
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        for (int i = 1; i <= 6; i++) {
            var r = auth.login("again" + i, WRONG, "10.0.0.1");
            assertThat(r.throttled()).as("failure %d of a new count", i).isFalse();
        }
        assertThat(auth.login("again", WRONG, "10.0.0.1").retryAfter())
                .as("the new count's first wait")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAddressThatHasFailedIsHeldToTheNamesCountUntilItsOwnFailureIs15MinutesOld() {
        PasswordAuthenticator auth = users().build();
        String home = "192.0.2.10";
        assertThat(auth.login("alice", WRONG, home).succeeded())
                .as("alice mistypes")
                .isFalse();
        int attacker = 0;
        for (int i = 0; i < 8; i++) {
            auth.login("alice", WRONG, "198.51.100." + ++attacker);
        }
        assertThat(auth.login("alice", RIGHT, home).throttled())
                .as("held with the guessers on her name")
                .isTrue();
        assertThat(auth.login("alice", RIGHT, "192.0.2.99").succeeded())
                .as("from an address that has not failed")
                .isTrue();
        // Her success cleared the name's count: the guessers arm it again, and keep it armed.
        for (int minute = 0; minute < 15; minute++) {
            for (int i = 0; i < 7; i++) {
                auth.login("alice", WRONG, "198.51.100." + ++attacker);
            }
            assertThat(auth.login("alice", RIGHT, home).throttled())
                    .as("minute %d: her failure is under 15 minutes old", minute)
                    .isTrue();
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 7; i++) {
            auth.login("alice", WRONG, "198.51.100." + ++attacker);
        }
        assertThat(auth.login("alice", RIGHT, home).succeeded())
                .as("her own failure is over 15 minutes old")
                .isTrue();
    }

    @Test
    void aNameThatDoesNotExistIsCountedLikeOneThatDoes() {
        PasswordAuthenticator auth = users().build();
        for (String name : new String[] {"alice", "nobody"}) {
            String address = "192.0.2." + name.length();
            assertThat(auth.login(name, WRONG, address).throttled()).isFalse();
            for (int i = 0; i < 8; i++) {
                auth.login(name, WRONG, "198.51.100." + name.length() + i);
            }
            var held = auth.login(name, WRONG, address);
            assertThat(held.throttled()).as(name).isTrue();
            assertThat(held.retryAfter()).as(name).isEqualTo(Duration.ofSeconds(8));
        }
    }

    @Test
    void aSignInWithoutAnAddressIsAlwaysHeldToTheNamesCount() {
        PasswordAuthenticator auth = users().build();
        for (int i = 0; i < 6; i++) {
            assertThat(auth.login("alice", WRONG)).isEmpty();
        }
        var held = auth.login("alice", RIGHT, null);
        assertThat(held.throttled()).isTrue();
        assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(auth.login("alice", RIGHT))
                .as("the right password, refused unchecked")
                .isEmpty();
        assertThat(auth.login("alice", RIGHT, "192.0.2.1").succeeded())
                .as("an address that has not failed is not held by the name's count")
                .isTrue();
        assertThat(auth.login("alice", RIGHT))
                .as("that success cleared the name's count")
                .isPresent();
    }
}
