package io.github.aobackgroundjobs.scheduler.spi;

import java.time.Instant;

/**
 * A fire time claimed and, for a job definition, the job it queued.
 *
 * @param fireTime the fire time
 * @param jobId the job's id, or null for a task
 * @param <K> the key type
 */
public record FiredJob<K>(Instant fireTime, K jobId) {}
