/**
 * Side-by-side runs of this library, JobRunr and db-scheduler.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.peers;
