package io.github.aobackgroundjobs.dashboard;

import java.util.Objects;
import java.util.Set;

/**
 * The signed-in user of a request, as a {@link DashboardAuthenticator} tells it.
 *
 * @param name the user name, as stored in the job records' user name
 * @param roles the user's roles; the dashboard's admin role opens the admin view
 * @param sessionId an id of the user's sign-in session, or null if the authenticator has none;
 *     when present the cross-site-request token is bound to it, so each session has its own
 */
public record DashboardUser(String name, Set<String> roles, String sessionId) {

    /**
     * Validates and copies: the roles are an unmodifiable copy.
     * @param name see {@link #name()}
     * @param roles see {@link #roles()}
     * @param sessionId see {@link #sessionId()}
     * @throws IllegalArgumentException if the name is blank
     * @throws NullPointerException if the name, the roles or one of them is null
     */
    public DashboardUser {
        Objects.requireNonNull(name, "'name' cannot be null.");
        if (name.isBlank()) {
            throw new IllegalArgumentException("'name' cannot be blank.");
        }
        Objects.requireNonNull(roles, "'roles' cannot be null.");
        for (String role : roles) {
            Objects.requireNonNull(role, "'roles' cannot contain null.");
        }
        roles = Set.copyOf(roles);
    }

    /**
     * A user without a session id: the cross-site-request token is then one per user.
     *
     * @param name the user name
     * @param roles the user's roles
     * @throws IllegalArgumentException if the name is blank
     * @throws NullPointerException if the name, the roles or one of them is null
     */
    public DashboardUser(String name, Set<String> roles) {
        this(name, roles, null);
    }

    /**
     * @param role a role name
     * @return true if the user has it
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
