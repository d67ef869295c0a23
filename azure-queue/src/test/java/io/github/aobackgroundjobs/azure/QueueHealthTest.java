package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The {@code queue:<name>} checks of {@link QueueWorker#checkHealth} and of the client on a real
 * Azurite: up with the queue's length, down with the reason for a wrong key and for a stopped
 * Azurite, and bounded in time either way.
 */
class QueueHealthTest {

    private static final String WRONG_KEY = Base64.getEncoder()
            .encodeToString(
                    "not the key of devstoreaccount1, 64 bytes long...........!!".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aReachableQueueIsUpWithItsLength() {
        JobsOnAzure jobs = new JobsOnAzure(Azurite.shared(), "healthup");
        jobs.queue(CountingJob.quick());
        QueueWorker worker = jobs.worker().build();
        try {
            HealthReport report = worker.checkHealth();

            HealthReport.Check queue = report.check("queue:" + jobs.queueName).orElseThrow();
            assertThat(queue.up()).as("%s", report).isTrue();
            assertThat(queue.details()).containsEntry("approximateLength", "1");
            assertThat(jobs.client.checkHealth(jobs.queueName).up()).isTrue();
        } finally {
            worker.close();
        }
    }

    @Test
    void aWrongKeyTurnsTheQueueCheckDown_namingTheRefusal() {
        Azurite azurite = Azurite.shared();
        JobsOnAzure jobs = new JobsOnAzure(
                AzureStorageJobQueue.fromConnectionString(
                        azurite.connectionString().replace(Azurite.ACCOUNT_KEY, WRONG_KEY)),
                "healthdenied");
        QueueWorker worker = jobs.worker().build();
        try {
            HealthReport report = worker.checkHealth();

            assertThat(report.up()).isFalse();
            HealthReport.Check queue = report.check("queue:" + jobs.queueName).orElseThrow();
            assertThat(queue.up()).isFalse();
            assertThat(queue.details().get("error"))
                    .contains("JobQueueAccessDeniedException")
                    .contains("refused this process's credentials");
            assertThat(report.check("repository").orElseThrow().up()).isTrue();
        } finally {
            worker.close();
        }
    }

    @Test
    void aStoppedAzuriteTurnsTheQueueCheckDownWithinTheTimeout() {
        try (Azurite azurite = Azurite.start(Azurite.Persistence.IN_MEMORY, Azurite.Service.QUEUE)) {
            JobsOnAzure jobs = new JobsOnAzure(azurite, "healthstopped");
            assertThat(jobs.client.checkHealth(jobs.queueName).up()).isTrue();
            azurite.stop();
            QueueWorker worker = jobs.worker().build();
            try {
                long start = System.nanoTime();
                HealthReport report = worker.checkHealth(Duration.ofSeconds(3));
                long tookMillis = (System.nanoTime() - start) / 1_000_000;

                assertThat(tookMillis).isLessThan(10_000);
                HealthReport.Check queue =
                        report.check("queue:" + jobs.queueName).orElseThrow();
                assertThat(queue.up()).isFalse();
                assertThat(queue.details()).containsKey("error");
                assertThat(report.check("repository").orElseThrow().up()).isTrue();
            } finally {
                worker.close();
            }
        }
    }
}
