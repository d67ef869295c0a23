/**
 * End-to-end load harness: client, Azurite, worker, PostgreSQL, beside a raw pipeline.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.e2e;
