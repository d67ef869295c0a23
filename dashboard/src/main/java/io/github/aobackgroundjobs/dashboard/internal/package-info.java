/**
 * Routing, sessions, the event hub, JSON views and the webhook receiver of the dashboard.
 *
 * <p>For: this library only. Stability: none. Not exported by the module.
 */
package io.github.aobackgroundjobs.dashboard.internal;
