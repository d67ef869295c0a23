package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link QueueWorker#checkHealth()} and {@link QueueJobClient#checkHealth} on the in-memory store and queue. */
class WorkerHealthTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final EchoJob<Long> job = new EchoJob<>(repository, JobOptions.defaults());

    @Test
    void aRunningWorkerIsUp_withEveryCheckAndItsDetails() {
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        try (QueueWorker worker = QueueWorker.builder(queue)
                .name("probe-me")
                .job("health-a", job)
                .build()
                .start()) {
            Await.until(Duration.ofSeconds(10), "start-up recovery over", () -> !worker.isRecovering());
            client.queueJob("health-a", "alice", EchoRequest.ok("x"), Duration.ofMinutes(5));
            HealthReport report = worker.checkHealth();

            assertThat(report.up()).isTrue();
            assertThat(report.checks())
                    .extracting(HealthReport.Check::name)
                    .containsExactly("worker", "store", "repository", "queue:health-a");
            assertThat(report.check("worker").orElseThrow().details())
                    .containsEntry("name", "probe-me")
                    .containsEntry("state", "RUNNING")
                    .containsEntry("runningJobs", "0")
                    .containsEntry("concurrency", Integer.toString(QueueWorker.DEFAULT_CONCURRENCY))
                    .containsEntry("queueBackingOff", "false");
            assertThat(report.check("store").orElseThrow().details()).containsEntry("backingOff", "false");
            assertThat(report.check("queue:health-a").orElseThrow().details())
                    .containsEntry("queue", "health-a")
                    .containsEntry("approximateLength", "1")
                    .containsKey("tookMillis");
            assertThat(report.check("repository").orElseThrow().details())
                    .containsEntry("repository", InMemoryJobRepository.class.getName());
        }
    }

    @Test
    void aWorkerNotStartedOrStoppedIsDown_throughItsWorkerCheckOnly() {
        QueueWorker worker = QueueWorker.builder(queue).job("health-b", job).build();

        HealthReport before = worker.checkHealth();
        assertThat(before.up()).isFalse();
        assertThat(before.check("worker").orElseThrow().up()).isFalse();
        assertThat(before.check("worker").orElseThrow().details()).containsEntry("state", "NEW");
        assertThat(before.check("repository").orElseThrow().up()).isTrue();

        worker.start();
        assertThat(worker.checkHealth().up()).isTrue();

        worker.close(Duration.ofSeconds(5));
        HealthReport after = worker.checkHealth();
        assertThat(after.up()).isFalse();
        assertThat(after.check("worker").orElseThrow().details()).containsEntry("state", "STOPPED");
        assertThat(after.checks().stream().filter(c -> !c.up()))
                .extracting(HealthReport.Check::name)
                .containsExactly("worker");
    }

    @Test
    void theRunningJobsShowInTheWorkerCheck() {
        job.release = new java.util.concurrent.CountDownLatch(1);
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        try (QueueWorker worker =
                QueueWorker.builder(queue).job("health-c", job).build().start()) {
            client.queueJob("health-c", "alice", EchoRequest.ok("x"));
            Await.until(Duration.ofSeconds(10), "the job runs", () -> worker.runningCount() == 1);

            assertThat(worker.checkHealth().check("worker").orElseThrow().details())
                    .containsEntry("runningJobs", "1");
            job.release.countDown();
        }
    }

    @Test
    void theClientChecksItsRepositoryAndTheQueuesNamed() {
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();

        HealthReport report = client.checkHealth("health-d", "health-e");

        assertThat(report.up()).isTrue();
        assertThat(report.checks())
                .extracting(HealthReport.Check::name)
                .containsExactly("repository", "queue:health-d", "queue:health-e");
        assertThat(client.checkHealth().checks())
                .extracting(HealthReport.Check::name)
                .containsExactly("repository");
        assertThatThrownBy(() -> client.checkHealth("Not A Queue!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not A Queue!");
    }

    @Test
    void aTimeoutUnder1MsIsRefused() {
        QueueWorker worker = QueueWorker.builder(queue).job("health-f", job).build();
        assertThatThrownBy(() -> worker.checkHealth(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timeout'");
    }

    @Test
    void aReportIsUpOnlyWhenEveryCheckIs_andKeepsTheDetailsInOrder() {
        HealthReport.Check up = new HealthReport.Check("a", true, Map.of());
        HealthReport.Check down = new HealthReport.Check("b", false, Map.of("error", "boom"));

        assertThat(HealthReport.of(List.of(up)).up()).isTrue();
        assertThat(HealthReport.of(List.of(up, down)).up()).isFalse();
        assertThat(HealthReport.of(List.of()).up()).isTrue();
        assertThatThrownBy(() -> new HealthReport.Check("a", true, java.util.Collections.singletonMap("k", null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'details' cannot hold a null value (key 'k')");
    }
}
