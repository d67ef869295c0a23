package io.github.aobackgroundjobs.benchmarks.dashboard;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Drives one job through its lifecycle with the repository calls a worker makes (queue, claim,
 * complete), each followed by the update notification the framework sends.
 */
final class BenchJobs {

    /** @param n a sequence number */
    record Work(int n) {}

    private BenchJobs() {}

    static Long queue(QueueJobClient<Long> client, String user) {
        return client.queueJob("bench", user, new Work(1));
    }

    static void claim(JobRepositoryBase<Long> repository, Long id, Clock clock) {
        ClaimResult<Long> r = repository.claim(new ClaimRequest<>(
                id,
                "bench-worker",
                clock.instant(),
                Duration.ofMinutes(5),
                5,
                "{\"type\":\"reason\",\"message\":\"gave up\"}"));
        if (r.type() != ClaimResult.Type.CLAIMED) {
            throw new IllegalStateException("Job " + id + " could not be claimed: " + r);
        }
        repository.onUpdated(id);
    }

    /** Saves SUCCEEDED and notifies; returns the wall-clock millisecond just before the save. */
    static long complete(JobRepositoryBase<Long> repository, Long id, Clock clock) {
        long savedAt = System.currentTimeMillis();
        Instant now = clock.instant();
        if (!repository.complete(
                new JobCompletion<>(id, "bench-worker", JobStatus.SUCCEEDED, now, 1, "{\"n\":1}", null, null))) {
            throw new IllegalStateException("Job " + id + " could not be completed.");
        }
        repository.onUpdated(id);
        return savedAt;
    }
}
