/**
 * Jdbi repository benchmarks: the job cycle and the dashboard queries.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.jdbc;
