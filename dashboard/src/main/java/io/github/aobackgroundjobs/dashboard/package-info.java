/**
 * The end-user notification bell and the admin dashboard: handlers that depend on no server
 * ({@link io.github.aobackgroundjobs.dashboard.Dashboard}), adapters for the JDK HTTP server and
 * Jakarta Servlet, pluggable authentication, the JSON API, server-sent events and the static UI.
 *
 * <p>For: applications with a web front end. Stability: public API; the JSON API's routes are
 * documented in docs/dashboard.md.
 */
package io.github.aobackgroundjobs.dashboard;
