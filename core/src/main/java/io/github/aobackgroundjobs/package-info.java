/**
 * What an application writes and calls: a job kind ({@link io.github.aobackgroundjobs.BackgroundJobBase}
 * with its {@link io.github.aobackgroundjobs.JobContext}, {@link io.github.aobackgroundjobs.JobOptions} and
 * {@link io.github.aobackgroundjobs.RetryPolicy}), the client that queues jobs
 * ({@link io.github.aobackgroundjobs.QueueJobClient}), the hosts that run and repair them
 * ({@link io.github.aobackgroundjobs.QueueWorker}, {@link io.github.aobackgroundjobs.JobSweeper}), the
 * record and its status ({@link io.github.aobackgroundjobs.BackgroundJobInfo},
 * {@link io.github.aobackgroundjobs.JobStatus}), the change feed
 * ({@link io.github.aobackgroundjobs.JobUpdates}) and the exceptions an application catches.
 *
 * <p>For: applications. Stability: public API; changes follow semantic versioning.
 */
package io.github.aobackgroundjobs;
