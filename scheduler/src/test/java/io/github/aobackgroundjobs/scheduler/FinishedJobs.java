package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.Instant;

/** Ends a queued job as a worker would, through the repository alone: the records retention deletes. */
public final class FinishedJobs {

    private FinishedJobs() {}

    /**
     * Claims the job and completes it in one instant.
     *
     * @param repository the job's repository
     * @param id the queued job
     * @param now the claim's and the completion's time
     * @param status the end state (with a result when SUCCEEDED, an error otherwise)
     * @param <K> the key type
     */
    public static <K> void finish(JobRepositoryBase<K> repository, K id, Instant now, JobStatus status) {
        assertThat(repository
                        .claim(new ClaimRequest<>(id, "w", now, Duration.ofSeconds(30), 5, "{}"))
                        .type())
                .isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(repository.complete(new JobCompletion<>(
                        id,
                        "w",
                        status,
                        now,
                        1,
                        status == JobStatus.SUCCEEDED ? "{}" : null,
                        status == JobStatus.SUCCEEDED ? null : "{}",
                        null)))
                .isTrue();
    }
}
