package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.AzuriteExtension;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Disposition;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Functions adapter under the host simulator on Testcontainers' Azurite: the Docker path in
 * every build ({@link FunctionsJobHandlerTest} covers the outcomes on the npm one).
 */
class DockerFunctionsJobHandlerTest {

    @RegisterExtension
    static final AzuriteExtension AZURITE =
            new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.DOCKER).services(Azurite.Service.QUEUE));

    @Test
    void aJobRunsFromARealQueueMessageAndTheHostDeletesIt() {
        JobsOnAzure jobs = new JobsOnAzure(AZURITE.azurite(), "fndocker");
        long succeeded = jobs.queue(CountingJob.quick());
        long retried = jobs.queue(CountingJob.failing(1));

        try (FunctionsHostSimulator host = jobs.functionsHost(AZURITE.azurite()).build()) {
            host.runUntilIdle(Duration.ofSeconds(30));

            assertThat(jobs.record(succeeded).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(jobs.record(retried).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(host.invocations())
                    .hasSize(3)
                    .allSatisfy(i -> assertThat(i.disposition()).isEqualTo(Disposition.DELETED));
        }
        assertThat(jobs.length(jobs.queueName)).isZero();
    }
}
