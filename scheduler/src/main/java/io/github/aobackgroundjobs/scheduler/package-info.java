/**
 * Recurring jobs and retention, for applications: declare {@link
 * io.github.aobackgroundjobs.scheduler.RecurringJob}s on a {@link
 * io.github.aobackgroundjobs.scheduler.RecurringScheduler}, register it with a {@code
 * QueueWorker} or call it from one Azure Functions timer, and old job records are deleted by the
 * built-in retention schedule. Stable API.
 *
 * <p>A null argument is refused with a {@link java.lang.NullPointerException} whose message names
 * the parameter ({@code 'clock' cannot be null.}), unless the parameter says it may be null or its
 * {@code @throws} says {@link java.lang.IllegalArgumentException} (the name, cron expression,
 * interval, zone id, queue, user, request type and request of a {@code RecurringJob}).
 */
package io.github.aobackgroundjobs.scheduler;
