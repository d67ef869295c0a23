package io.github.aobackgroundjobs.dashboard;

import java.util.Objects;
import java.util.Set;

/**
 * The signed-in user of a request, as a {@link DashboardAuthenticator} tells it.
 *
 * @param name the user name, as stored in the job records' user name
 * @param roles the user's roles; the dashboard's admin role opens the admin view
 */
public record DashboardUser(String name, Set<String> roles) {

    /**
     * Validates and copies.
     * @param name see {@link #name()}
     * @param roles see {@link #roles()}
     */
    public DashboardUser {
        Objects.requireNonNull(name, "'name' cannot be null.");
        if (name.isBlank()) {
            throw new IllegalArgumentException("'name' cannot be blank.");
        }
        roles = Set.copyOf(Objects.requireNonNull(roles, "'roles' cannot be null."));
    }

    /**
     * @param role a role name
     * @return true if the user has it
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
