package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.documented.ParcelJob.Parcel;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.FaultyQueue;
import io.github.aobackgroundjobs.support.FaultyRepository;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/operations.md, "Faults and what happens": the store down, the queue down, credentials refused. */
class FaultsDocumentedTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();

    @Test
    void withTheStoreDownExecuteThrowsAndTheRecordIsUnchanged() {
        long id = QueueJobClient.builder(repository, queue).build().queueJob("parcels", "alice", new Parcel("bob"));
        FaultyRepository<Long> faulty = new FaultyRepository<>(repository);
        ParcelJob job = new ParcelJob(faulty);
        faulty.setDown(true);
        assertThatThrownBy(() -> job.execute(id)).isInstanceOf(JobStoreUnavailableException.class);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        faulty.setDown(false);
        assertThat(job.execute(id).type().name()).isEqualTo("SUCCEEDED");
    }

    @Test
    void credentialsTheQueueRefusesStopTheStartNamingTheQueue() {
        FaultyQueue denied = new FaultyQueue(queue);
        denied.setDenied(true);
        try (QueueWorker worker = QueueWorker.builder(denied)
                .job("parcels", new ParcelJob(repository))
                .noSweeper()
                .build()) {
            assertThatThrownBy(worker::start)
                    .isInstanceOf(JobQueueAccessDeniedException.class)
                    .hasMessageContaining("parcels");
            assertThat(worker.isRunning()).isFalse();
        }
    }

    @Test
    void aQueueThatCannotBeReachedAtStartDoesNotStopTheStartAndTheRecoveryWaitsForIt() {
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        FaultyQueue down = new FaultyQueue(queue);
        down.setDown(true);
        try (QueueWorker worker = QueueWorker.builder(down)
                .job("parcels", new ParcelJob(repository))
                .maxOutageBackoff(Duration.ofMillis(200))
                .noSweeper()
                .build()) {
            worker.start();
            assertThat(worker.isRunning()).isTrue();
            assertThat(worker.isRecovering())
                    .as("a queue that keeps no messages: recovery first")
                    .isTrue();
            assertThat(worker.checkHealth(Duration.ofSeconds(2)).checks())
                    .filteredOn(check -> check.name().equals("queue:parcels"))
                    .singleElement()
                    .satisfies(check -> assertThat(check.up()).isFalse());
            down.setDown(false);
            Await.until(
                    Duration.ofSeconds(10),
                    "the job to run once the queue answers",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
            assertThat(worker.isRecovering()).isFalse();
        }
    }

    @Test
    void aQueueDownWhileTheWorkerRunsIsBackedOffAndResumed() {
        FaultyQueue faulty = new FaultyQueue(queue);
        try (QueueWorker worker = QueueWorker.builder(faulty)
                .job("parcels", new ParcelJob(repository))
                .maxOutageBackoff(Duration.ofMillis(200))
                .maxPollInterval(Duration.ofMillis(50))
                .noSweeper()
                .build()) {
            worker.start();
            Await.until(Duration.ofSeconds(10), "the start-up recovery", () -> !worker.isRecovering());
            faulty.setDown(true);
            Await.until(Duration.ofSeconds(10), "the worker to back off", worker::isQueueDown);
            long id = QueueJobClient.builder(repository, queue).build().queueJob("parcels", "alice", new Parcel("bob"));
            faulty.setDown(false);
            Await.until(
                    Duration.ofSeconds(10),
                    "the job to run once the queue answers",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
            Await.until(Duration.ofSeconds(10), "the back-off to end", () -> !worker.isQueueDown());
        }
    }
}
