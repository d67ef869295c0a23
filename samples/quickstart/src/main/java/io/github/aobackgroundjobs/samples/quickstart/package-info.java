/**
 * The console quick start.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.samples.quickstart;
