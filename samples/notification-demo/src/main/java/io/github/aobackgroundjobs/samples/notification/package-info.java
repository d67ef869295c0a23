/**
 * The notification demo: the bell and the admin dashboard on embedded defaults.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.samples.notification;
