package io.github.aobackgroundjobs.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.ref.WeakReference;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the signed-in user from the servlet container ({@link HttpServletRequest#getUserPrincipal()}),
 * for a dashboard mounted with {@link DashboardServlet} behind the application's own login.
 * The user is an admin if {@link HttpServletRequest#isUserInRole} says so for the configured
 * role. A live stream opened under a container session ends when that session does (signed
 * out, expired): {@link #isSignedIn} asks the session the stream was opened under. Thread-safe.
 */
public final class ServletPrincipalAuthenticator implements DashboardAuthenticator {

    private final String containerAdminRole;
    private final String dashboardAdminRole;
    /**
     * The container sessions live streams were opened under, by id. Held weakly: a container
     * drops a session it invalidated or expired, and an entry must not keep one alive.
     */
    private final Map<String, WeakReference<HttpSession>> streamSessions = new ConcurrentHashMap<>();

    /**
     * @param containerAdminRole the container role that makes a user an admin
     * @param dashboardAdminRole the dashboard's admin role ({@link Dashboard#DEFAULT_ADMIN_ROLE} unless changed)
     */
    public ServletPrincipalAuthenticator(String containerAdminRole, String dashboardAdminRole) {
        this.containerAdminRole = Objects.requireNonNull(containerAdminRole, "'containerAdminRole' cannot be null.");
        this.dashboardAdminRole = Objects.requireNonNull(dashboardAdminRole, "'dashboardAdminRole' cannot be null.");
    }

    @Override
    public Optional<DashboardUser> authenticate(DashboardRequest request) {
        if (!(request.nativeRequest() instanceof HttpServletRequest servletRequest)) {
            return Optional.empty();
        }
        Principal principal = servletRequest.getUserPrincipal();
        if (principal == null
                || principal.getName() == null
                || principal.getName().isBlank()) {
            return Optional.empty();
        }
        Set<String> roles = servletRequest.isUserInRole(containerAdminRole) ? Set.of(dashboardAdminRole) : Set.of();
        // The container's session (if any) gives each session its own cross-site-request token.
        HttpSession session = servletRequest.getSession(false);
        if (session != null && request.path().endsWith("/events")) {
            streamSessions.values().removeIf(ref -> !isLive(ref.get()));
            streamSessions.put(session.getId(), new WeakReference<>(session));
        }
        return Optional.of(new DashboardUser(principal.getName(), roles, session == null ? null : session.getId()));
    }

    /**
     * @param user a user {@link #authenticate} returned for a live stream
     * @return false once the container session the stream was opened under has ended
     *     (invalidated at sign-out, or expired); true for a user without a session
     */
    @Override
    public boolean isSignedIn(DashboardUser user) {
        if (user.sessionId() == null) {
            return true;
        }
        // Every stream's request put its session here, and only an ended session is taken out
        // (by this check, or by the clean-up at the next stream's request): a session that is no
        // longer here has ended, whichever of its streams, or another user's request, noticed first.
        WeakReference<HttpSession> ref = streamSessions.get(user.sessionId());
        if (ref == null) {
            return false;
        }
        if (isLive(ref.get())) {
            return true;
        }
        streamSessions.remove(user.sessionId(), ref);
        return false;
    }

    private static boolean isLive(HttpSession session) {
        if (session == null) {
            return false;
        }
        try {
            session.getCreationTime();
            return true;
        } catch (IllegalStateException e) {
            // The servlet API's answer for an invalidated session.
            return false;
        }
    }
}
