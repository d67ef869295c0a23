/**
 * Azure queue benchmarks on Azurite.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.benchmarks.azure;
