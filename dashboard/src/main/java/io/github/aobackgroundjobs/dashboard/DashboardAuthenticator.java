package io.github.aobackgroundjobs.dashboard;

import java.util.Optional;

/**
 * Tells who made a request: implemented by the host application (from its session, its
 * servlet principal, a token...), or {@link PasswordAuthenticator} for the demo and simple
 * deployments. Must be thread-safe; called for every request and must not block for long.
 */
@FunctionalInterface
public interface DashboardAuthenticator {
    /**
     * @param request the request
     * @return the signed-in user, or empty if the request is anonymous (answered 401)
     */
    Optional<DashboardUser> authenticate(DashboardRequest request);
}
