/**
 * Recurring jobs and retention, for applications: declare {@link
 * io.github.aobackgroundjobs.scheduler.RecurringJob}s on a {@link
 * io.github.aobackgroundjobs.scheduler.RecurringScheduler}, register it with a {@code
 * QueueWorker} or call it from one Azure Functions timer, and old job records are deleted by the
 * built-in retention schedule. Stable API.
 */
package io.github.aobackgroundjobs.scheduler;
