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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Server-side sessions of the built-in sign-in: the cookie carries a random session id, signed
 * so that a made-up id is refused without a lookup; the user and expiry stay here, so ending a
 * session (sign-out) makes its cookie worthless at once. One user keeps at most
 * {@code maxPerUser} sessions: a new one past that ends the user's own expired sessions, then
 * their oldest, so signing in over and over cannot push other users out. At most
 * {@code maxSessions} live sessions are kept in all: past that, expired ones are dropped, then
 * the oldest.
 *
 * <p>Thread-safe.
 */
public final class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Hmac hmac;
    private final Clock clock;
    private final int maxSessions;
    private final int maxPerUser;
    private final Map<String, Live> sessions = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();

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
     * @param maxPerUser live sessions of one user kept at most
     */
    public SessionStore(byte[] secret, Clock clock, int maxSessions, int maxPerUser) {
        this.hmac = new Hmac(secret);
        this.clock = clock;
        this.maxSessions = maxSessions;
        this.maxPerUser = maxPerUser;
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
        add(new Live(new Session(id, userName, now, now.plus(ttl)), created.incrementAndGet()), now);
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
        Live live = sessions.get(id);
        if (live == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(live.session().expires())) {
            sessions.remove(id, live);
            return Optional.empty();
        }
        return Optional.of(live.session());
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
        Live live = id == null ? null : sessions.get(id);
        return live != null && clock.instant().isBefore(live.session().expires());
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

    /**
     * Adds a session and enforces both caps. Synchronized so that concurrent sign-ins of one
     * user cannot each see room under the cap; the scans are over at most {@code maxSessions}
     * entries, once per sign-in, which is cheap next to the password check before it.
     */
    private synchronized void add(Live live, Instant now) {
        sessions.put(live.session().id(), live);
        String user = live.session().userName();
        if (count(user) > maxPerUser) {
            sessions.values().removeIf(l -> l.session().userName().equals(user) && l.expiredAt(now));
            while (count(user) > maxPerUser) {
                removeOldest(l -> l.session().userName().equals(user));
            }
        }
        if (sessions.size() > maxSessions) {
            sessions.values().removeIf(l -> l.expiredAt(now));
            while (sessions.size() > maxSessions) {
                removeOldest(l -> true);
            }
        }
    }

    private long count(String user) {
        return sessions.values().stream()
                .filter(l -> l.session().userName().equals(user))
                .count();
    }

    private void removeOldest(Predicate<Live> among) {
        sessions.values().stream()
                .filter(among)
                .min(Comparator.comparingLong(Live::order))
                .ifPresent(oldest -> sessions.remove(oldest.session().id(), oldest));
    }

    /** A session with its place in the order of creation, which the clock cannot give: it may repeat an instant. */
    private record Live(Session session, long order) {
        boolean expiredAt(Instant now) {
            return !now.isBefore(session.expires());
        }
    }
}
