package io.github.aobackgroundjobs.dashboard.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions of the built-in sign-in: the cookie carries a random session id, signed
 * so that a made-up id is refused without a lookup; the user and expiry stay here, so ending a
 * session (sign-out) makes its cookie worthless at once. At most {@code maxSessions} live
 * sessions are kept: past that, expired ones are dropped, then the oldest.
 *
 * <p>Thread-safe.
 */
public final class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Hmac hmac;
    private final Clock clock;
    private final int maxSessions;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * One live session.
     *
     * @param id the random session id
     * @param userName whose session
     * @param created when it was made
     * @param expires when it ends on its own
     */
    public record Session(String id, String userName, Instant created, Instant expires) {}

    /**
     * @param secret signs the session ids in cookies
     * @param clock expiry is read from it
     * @param maxSessions live sessions kept at most
     */
    public SessionStore(byte[] secret, Clock clock, int maxSessions) {
        this.hmac = new Hmac(secret);
        this.clock = clock;
        this.maxSessions = maxSessions;
    }

    /**
     * Starts a session.
     *
     * @param userName the user
     * @param ttl how long it lasts
     * @return the cookie value
     */
    public String create(String userName, Duration ttl) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        sessions.put(id, new Session(id, userName, now, now.plus(ttl)));
        if (sessions.size() > maxSessions) {
            evict(now);
        }
        return id + "." + hmac.sign("session:" + id);
    }

    /**
     * @param cookie a cookie value
     * @return the live session it names, or empty
     */
    public Optional<Session> find(String cookie) {
        String id = idOf(cookie);
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expires())) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * Ends the session a cookie names, if it is one of ours.
     *
     * @param cookie a cookie value
     * @return true if a live session was ended
     */
    public boolean end(String cookie) {
        String id = idOf(cookie);
        return id != null && sessions.remove(id) != null;
    }

    /**
     * @param id a session's id ({@link Session#id()})
     * @return true while that session lives (neither ended nor expired)
     */
    public boolean isLive(String id) {
        Session s = id == null ? null : sessions.get(id);
        return s != null && clock.instant().isBefore(s.expires());
    }

    /** @return live and not yet purged sessions */
    public int size() {
        return sessions.size();
    }

    private String idOf(String cookie) {
        int dot = cookie.lastIndexOf('.');
        if (dot <= 0 || !hmac.verify("session:" + cookie.substring(0, dot), cookie.substring(dot + 1))) {
            return null;
        }
        return cookie.substring(0, dot);
    }

    private synchronized void evict(Instant now) {
        sessions.values().removeIf(s -> !now.isBefore(s.expires()));
        while (sessions.size() > maxSessions) {
            sessions.values().stream()
                    .min(Comparator.comparing(Session::created))
                    .ifPresent(oldest -> sessions.remove(oldest.id(), oldest));
        }
    }
}
