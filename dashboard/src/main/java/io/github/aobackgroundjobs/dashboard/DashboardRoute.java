package io.github.aobackgroundjobs.dashboard;

/**
 * An extra endpoint a host adds to the dashboard ({@link Dashboard.Builder#route}): it runs
 * behind the dashboard's authentication, cross-site-request protection and security headers.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface DashboardRoute {
    /**
     * @param request the request
     * @param user the signed-in user
     * @return the response
     * @throws Exception answered 500 (an {@link IllegalArgumentException}: 400 with its message),
     *     as is an {@link Error} such as an {@code AssertionError} (not a
     *     {@link VirtualMachineError} other than {@code StackOverflowError})
     */
    DashboardResponse handle(DashboardRequest request, DashboardUser user) throws Exception;
}
