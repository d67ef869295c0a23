package io.github.aobackgroundjobs.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Stateless session cookies: {@code base64url(user|expiry).hmac}. A cookie whose signature
 * does not match, or whose expiry has passed, is refused.
 */
public final class SessionCookies {

    private final Hmac hmac;
    private final Clock clock;

    /**
     * @param secret the signing key
     * @param clock expiry is read from it
     */
    public SessionCookies(byte[] secret, Clock clock) {
        this.hmac = new Hmac(secret);
        this.clock = clock;
    }

    /**
     * @param userName the user
     * @param ttl how long it is valid
     * @return the cookie value
     */
    public String issue(String userName, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((userName + "|" + expires).getBytes(StandardCharsets.UTF_8));
        return payload + "." + hmac.sign("session:" + payload);
    }

    /**
     * @param cookie a cookie value
     * @return the user name if the cookie is genuine and not expired
     */
    public Optional<String> verify(String cookie) {
        int dot = cookie.lastIndexOf('.');
        if (dot <= 0 || !hmac.verify("session:" + cookie.substring(0, dot), cookie.substring(dot + 1))) {
            return Optional.empty();
        }
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int bar = payload.lastIndexOf('|');
        if (bar <= 0) {
            return Optional.empty();
        }
        try {
            long expires = Long.parseLong(payload.substring(bar + 1));
            return clock.instant().getEpochSecond() < expires
                    ? Optional.of(payload.substring(0, bar))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
