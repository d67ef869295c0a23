package io.github.aobackgroundjobs.azure;

import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What most Azure tests need: an in-memory repository, an {@link AzureStorageJobQueue} on an
 * Azurite, a client, a {@link CountingJob} with short leases and a fast retry policy, and one
 * random queue name. Tests use the wall clock because Azurite does.
 */
final class JobsOnAzure {

    /** Visibility timeout of test workers: short, so lost deliveries come back quickly. */
    static final Duration VISIBILITY = Duration.ofSeconds(3);
    /** Lease of test jobs: shorter than the visibility timeout, as the worker requires. */
    static final Duration LEASE = Duration.ofSeconds(2);

    /** An in-memory repository behind a switch that can make it unreachable. */
    final SwitchableRepository<Long> repository = new SwitchableRepository<>(InMemoryJobRepository.withLongKeys());

    final AzureStorageJobQueue queue;
    final QueueJobClient<Long> client;
    final CountingJob job;
    final String queueName;
    final JobMessageCodec<Long> codec = new JobMessageCodec<>(io.github.aobackgroundjobs.spi.JobKeyType.LONG);

    JobsOnAzure(Azurite azurite, String prefix) {
        this(AzureStorageJobQueue.fromConnectionString(azurite.connectionString()), prefix);
    }

    JobsOnAzure(AzureStorageJobQueue queue, String prefix) {
        this.queue = queue;
        this.queueName = Azurite.randomQueueName(prefix);
        this.client = QueueJobClient.builder(repository, queue)
                .clock(Clock.systemUTC())
                .build();
        this.job = new CountingJob(
                repository,
                JobOptions.builder()
                        .clock(Clock.systemUTC())
                        .leaseDuration(LEASE)
                        .retryPolicy(RetryPolicy.fixed(3, Duration.ofSeconds(1)))
                        .build());
    }

    QueueWorker.Builder worker() {
        return QueueWorker.builder(queue)
                .job(queueName, job)
                .visibilityTimeout(VISIBILITY)
                .maxPollInterval(Duration.ofMillis(200))
                .maxOutageBackoff(Duration.ofSeconds(1));
    }

    long queue(CountingJob.Request request) {
        return client.queueJob(queueName, "alice", request);
    }

    BackgroundJobInfo<Long> record(long id) {
        boolean down = repository.down;
        repository.down = false;
        try {
            return repository.getJob(id);
        } finally {
            repository.down = down;
        }
    }

    void awaitAllDone(Collection<Long> ids, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ids.stream().allMatch(id -> record(id).getStatus().isTerminal()));
    }

    void awaitStatus(long id, JobStatus status, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> record(id).getStatus() == status);
    }

    /** Everything in a queue right now, visible or not yet (waits out hidden ones up to the limit). */
    List<String> drainTexts(String name, Duration atMost) {
        List<String> texts = new ArrayList<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (QueueMessage m : queue.receive(name, 32, Duration.ofSeconds(30))) {
                texts.add(m.text());
                queue.delete(name, m);
            }
            return queue.approximateLength(name).orElse(0) == 0;
        });
        return texts;
    }

    long length(String name) {
        return queue.approximateLength(name).orElse(-1);
    }

    /** The app's handler, recovery timer and a host simulator on this queue, with the test host.json. */
    FunctionsHostSimulator.Builder functionsHost(Azurite azurite) {
        FunctionsJobHandler<Long> handler =
                FunctionsJobHandler.builder(job, queue, queueName).build();
        FunctionsRecoveryTimer recovery = new FunctionsRecoveryTimer(sweeper());
        return FunctionsHostSimulator.builder(TestFunctionApp.class)
                .instances(() -> new TestFunctionApp(handler, recovery))
                .hostJson(resource("/test-function-app/host.json"))
                .setting("AzureWebJobsStorage", azurite.connectionString())
                .setting("JobQueue", queueName);
    }

    static Path resource(String name) {
        try {
            return Path.of(JobsOnAzure.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sweeper that treats a message out for two seconds as lost: tests cannot wait 15 minutes. */
    JobSweeper<Long> sweeper() {
        return JobSweeper.builder(repository, queue)
                .clock(Clock.systemUTC())
                .unsentGrace(Duration.ofSeconds(1))
                .staleAfter(Duration.ofSeconds(2))
                .build();
    }

    String poison() {
        return queue.poisonQueueName(queueName);
    }
}
