/**
 * Dashboard fan-out and page latency harnesses.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.dashboard;
