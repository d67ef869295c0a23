package io.github.aobackgroundjobs.samples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Holds each user to {@link #MAX_PER_USER} signed-in sessions: a sign-in beyond them ends the
 * user's oldest session, so that client has to sign in again. The sample's passwords are public,
 * and each sign-in made a session held for 30 minutes, so a script signing in again and again
 * could fill the memory.
 *
 * <p>The oldest session is invalidated, not only marked: Spring Security's {@code
 * maximumSessions} marks it expired and ends it at its next request, so a client that never sends
 * one (a script) left it in the server's memory for its 30 minutes. A session that ends otherwise
 * (signing out, timing out) is forgotten here when the container reports it. Thread-safe.
 */
final class SessionsPerUser implements SessionAuthenticationStrategy, HttpSessionListener {

    /** Signed-in sessions a user keeps at most. */
    static final int MAX_PER_USER = 5;

    private final Map<String, Deque<HttpSession>> byUser = new HashMap<>();

    @Override
    public void onAuthentication(
            Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        // Made here if the client had none (an anonymous client has none): it is the sign-in's.
        HttpSession session = request.getSession();
        List<HttpSession> ended = new ArrayList<>();
        synchronized (this) {
            // Signing in again on a session, maybe as another user: it counts for this one only.
            forget(session);
            Deque<HttpSession> sessions = byUser.computeIfAbsent(authentication.getName(), k -> new ArrayDeque<>());
            sessions.addLast(session);
            while (sessions.size() > MAX_PER_USER) {
                ended.add(sessions.removeFirst());
            }
        }
        // Outside the lock: invalidating runs the container's session listeners, which need not
        // hold up the other sign-ins.
        for (HttpSession oldest : ended) {
            try {
                oldest.invalidate();
            } catch (IllegalStateException alreadyEnded) {
                // Ended meanwhile (signed out, timed out): nothing left to end.
            }
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        forget(event.getSession());
    }

    private synchronized void forget(HttpSession session) {
        byUser.values().removeIf(sessions -> {
            sessions.removeIf(s -> sameSession(s, session));
            return sessions.isEmpty();
        });
    }

    // The container may hand out a new facade of one session; its id names it (signing in
    // changes the id in place, on the same session).
    private static boolean sameSession(HttpSession a, HttpSession b) {
        return a == b || a.getId().equals(b.getId());
    }
}
