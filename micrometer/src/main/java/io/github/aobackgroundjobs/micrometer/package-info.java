/**
 * Micrometer meters for {@link io.github.aobackgroundjobs.QueueWorker}: {@link
 * io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics}. Public API, stable across minor
 * versions.
 */
package io.github.aobackgroundjobs.micrometer;
