package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.internal.PasswordHashes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordAuthenticatorTest {

    private final SettableClock clock =
            new SettableClock(Instant.parse("2026-11-29T00:00:00Z"), java.time.ZoneOffset.UTC);
    private final String hash = PasswordAuthenticator.hashPassword("s3cret!".toCharArray(), 1_000);
    private final PasswordAuthenticator auth = PasswordAuthenticator.builder()
            .clock(clock)
            .sessionTtl(Duration.ofMinutes(30))
            .user("alice", hash)
            .user("root", hash, "admin")
            .build();

    static DashboardRequest withCookie(String setCookie) {
        return DashboardRequest.builder("GET", "/api/me")
                .header("Cookie", "x=1; " + setCookie.substring(0, setCookie.indexOf(';')))
                .build();
    }

    @Test
    void aGoodPasswordGivesASessionThatExpires() {
        String cookie = auth.login("root", "s3cret!".toCharArray()).orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Max-Age=1800");
        DashboardUser user = auth.authenticate(withCookie(cookie)).orElseThrow();
        assertThat(user.name()).isEqualTo("root");
        assertThat(user.hasRole("admin")).isTrue();
        clock.advance(Duration.ofMinutes(31));
        assertThat(auth.authenticate(withCookie(cookie))).isEmpty();
    }

    @Test
    void wrongPasswordsUnknownUsersAndTamperedCookiesAreRefused() {
        assertThat(auth.login("alice", "wrong".toCharArray())).isEmpty();
        assertThat(auth.login("nobody", "s3cret!".toCharArray())).isEmpty();
        String cookie = auth.login("alice", "s3cret!".toCharArray()).orElseThrow();
        String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        String tampered = PasswordAuthenticator.COOKIE_NAME + "=" + (value.charAt(0) == 'A' ? 'B' : 'A')
                + value.substring(1) + ";";
        assertThat(auth.authenticate(withCookie(tampered))).isEmpty();
        PasswordAuthenticator other =
                PasswordAuthenticator.builder().user("alice", hash).build();
        assertThat(other.authenticate(withCookie(cookie)))
                .as("another instance")
                .isEmpty();
    }

    @Test
    void signingOutEndsThatSessionOnlyAndEachSessionHasItsOwnId() {
        String first = auth.login("alice", "s3cret!".toCharArray()).orElseThrow();
        String second = auth.login("alice", "s3cret!".toCharArray()).orElseThrow();
        DashboardUser one = auth.authenticate(withCookie(first)).orElseThrow();
        DashboardUser two = auth.authenticate(withCookie(second)).orElseThrow();
        assertThat(one.sessionId()).isNotNull().isNotEqualTo(two.sessionId());

        assertThat(auth.logout(withCookie(first))).contains("Max-Age=0");

        assertThat(auth.authenticate(withCookie(first)))
                .as("the signed-out cookie")
                .isEmpty();
        assertThat(auth.authenticate(withCookie(second)))
                .as("the other session")
                .isPresent();
    }

    @Test
    void oneUserSigningInOverAndOverEndsOnlyTheirOwnOldestSessions() {
        assertThat(PasswordAuthenticator.MAX_SESSIONS_PER_USER).isEqualTo(20);
        PasswordAuthenticator small = PasswordAuthenticator.builder()
                .clock(clock)
                .maxSessions(50)
                .user("alice", hash)
                .user("root", hash, "admin")
                .build();
        String admin = small.login("root", "s3cret!".toCharArray()).orElseThrow();
        List<String> alice = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // more than the overall cap of 50
            clock.advance(Duration.ofSeconds(1));
            alice.add(small.login("alice", "s3cret!".toCharArray()).orElseThrow());
        }
        assertThat(small.authenticate(withCookie(admin)))
                .as("the admin's session, older than all of alice's")
                .isPresent();
        for (int i = 0; i < 60; i++) {
            assertThat(small.authenticate(withCookie(alice.get(i))).isPresent())
                    .as("alice's session %d", i)
                    .isEqualTo(i >= 60 - PasswordAuthenticator.MAX_SESSIONS_PER_USER);
        }
    }

    @Test
    void newHashesAreSha512AtOwaspsCountAndOldSha256HashesStillVerify() {
        assertThat(PasswordAuthenticator.DEFAULT_ITERATIONS).isEqualTo(210_000);
        String current = PasswordAuthenticator.hashPassword("pw".toCharArray());
        assertThat(current).startsWith("pbkdf2-sha512$210000$");
        String old = PasswordHashes.hash(
                "old-pw".toCharArray(), new PasswordHashes.Parameters(PasswordHashes.Algorithm.SHA256, 210_000));
        assertThat(old).startsWith("pbkdf2-sha256$210000$");
        PasswordAuthenticator mixed = PasswordAuthenticator.builder()
                .user("new", current)
                .user("old", old)
                .build();
        assertThat(mixed.login("new", "pw".toCharArray())).isPresent();
        assertThat(mixed.login("old", "old-pw".toCharArray())).isPresent();
        assertThat(mixed.login("old", "pw".toCharArray())).isEmpty();
    }

    @Test
    void hashesAreSaltedAndConfigurationIsValidated() {
        assertThat(PasswordAuthenticator.hashPassword("a".toCharArray(), 1_000))
                .isNotEqualTo(PasswordAuthenticator.hashPassword("a".toCharArray(), 1_000))
                .startsWith("pbkdf2-sha512$1000$");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().user("x", "plaintext"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passwordHash");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PasswordAuthenticator.builder().sessionSecret(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionSecret");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().loginThrottle(0, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("freeFailures");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().loginThrottle(5, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().maxSessions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSessions");
    }
}
