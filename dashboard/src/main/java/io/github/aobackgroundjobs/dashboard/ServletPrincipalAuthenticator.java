package io.github.aobackgroundjobs.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Takes the signed-in user from the servlet container ({@link HttpServletRequest#getUserPrincipal()}),
 * for a dashboard mounted with {@link DashboardServlet} behind the application's own login.
 * The user is an admin if {@link HttpServletRequest#isUserInRole} says so for the configured
 * role. Immutable and thread-safe.
 */
public final class ServletPrincipalAuthenticator implements DashboardAuthenticator {

    private final String containerAdminRole;
    private final String dashboardAdminRole;

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
        jakarta.servlet.http.HttpSession session = servletRequest.getSession(false);
        return Optional.of(new DashboardUser(principal.getName(), roles, session == null ? null : session.getId()));
    }
}
