/**
 * JMH benchmarks of the core pipeline on the in-memory queue and repository.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.core;
