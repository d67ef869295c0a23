package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import java.time.Duration;
import java.time.Instant;
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

    private static DashboardRequest withCookie(String setCookie) {
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
        String payload = value.substring(0, value.indexOf('.'));
        String forgedPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(java.util.Base64.getUrlDecoder().decode(payload))
                        .replace("alice", "root")
                        .getBytes());
        String forged =
                PasswordAuthenticator.COOKIE_NAME + "=" + forgedPayload + value.substring(value.indexOf('.')) + ";";
        assertThat(auth.authenticate(withCookie(forged))).isEmpty();
        PasswordAuthenticator other =
                PasswordAuthenticator.builder().user("alice", hash).build();
        assertThat(other.authenticate(withCookie(cookie)))
                .as("another signing key")
                .isEmpty();
    }

    @Test
    void hashesAreSaltedAndConfigurationIsValidated() {
        assertThat(PasswordAuthenticator.hashPassword("a".toCharArray(), 1_000))
                .isNotEqualTo(PasswordAuthenticator.hashPassword("a".toCharArray(), 1_000))
                .startsWith("pbkdf2-sha256$1000$");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().user("x", "plaintext"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passwordHash");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PasswordAuthenticator.builder().sessionSecret(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }
}
