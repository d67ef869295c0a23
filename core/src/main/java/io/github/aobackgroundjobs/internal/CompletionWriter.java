package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Saves how an attempt ended, trying again while the store is briefly down: the work is
 * done, and giving up would make the job run a second time once its lease expires.
 */
public final class CompletionWriter {

    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private CompletionWriter() {}

    /**
     * @param repository the repository
     * @param completion how the attempt ended
     * @param timeout how long to keep trying while the store is unreachable
     * @param logger where to log the outage
     * @param <K> the key type
     * @return the repository's answer: false if the lease was lost
     * @throws JobStoreUnavailableException if the store stayed unreachable for {@code timeout},
     *     or the thread was interrupted while waiting
     */
    public static <K> boolean write(
            JobRepositoryBase<K> repository, JobCompletion<K> completion, Duration timeout, Logger logger) {
        long deadline = System.nanoTime() + Waits.nanos(timeout);
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return repository.complete(completion);
            } catch (JobStoreUnavailableException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                logger.warn(
                        "Job {}: outcome {} not saved, store unavailable; trying again in {} ms",
                        completion.id(),
                        completion.status(),
                        pause);
                try {
                    Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
            }
        }
    }
}
