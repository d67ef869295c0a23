/**
 * What the benchmarks share: local services, timing, reports.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.support;
