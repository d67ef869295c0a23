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

    /**
     * Whether a user this authenticator signed in earlier is signed in still: asked for each
     * open live stream at every heartbeat (about every 15 s); false ends the stream, as signing
     * out or a session's expiry should. The default, true, keeps a stream open until its client
     * leaves: authenticators whose sign-ins end override it. Must be fast and must not throw
     * (a throw counts as true).
     *
     * @param user a user {@link #authenticate} returned
     * @return false once that sign-in has ended
     */
    default boolean isSignedIn(DashboardUser user) {
        return true;
    }
}
