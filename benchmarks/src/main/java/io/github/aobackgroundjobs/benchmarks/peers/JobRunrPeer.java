package io.github.aobackgroundjobs.benchmarks.peers;

import java.time.Duration;
import java.util.stream.LongStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr 8.1.0 as its docs set it up for throughput: a background job server with a fixed
 * worker count and the shortest poll interval it accepts; jobs enqueued with
 * {@code JobScheduler.enqueue(lambda)} on a static method.
 */
final class JobRunrPeer implements Peer {

    private final String name;
    private final StorageProvider storage;
    private final int workers;
    private final Duration pollInterval;
    private JobScheduler scheduler;
    private Duration effectivePollInterval;

    JobRunrPeer(String name, StorageProvider storage, int workers, Duration pollInterval) {
        this.name = name;
        this.storage = storage;
        this.workers = workers;
        this.pollInterval = pollInterval;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() {
        BackgroundJobServerConfiguration server =
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(workers);
        try {
            server.andPollInterval(pollInterval);
            effectivePollInterval = pollInterval;
        } catch (IllegalArgumentException e) {
            // Shorter than JobRunr allows: take its minimum, and say so in the report.
            effectivePollInterval = Duration.ofSeconds(5);
            server.andPollInterval(effectivePollInterval);
        }
        scheduler = JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useStorageProvider(storage)
                .useBackgroundJobServer(server, false)
                .initialize()
                .getJobScheduler();
    }

    @Override
    public void startWorkers() {
        JobRunr.getBackgroundJobServer().start();
    }

    /** @return the poll interval JobRunr accepted */
    Duration effectivePollInterval() {
        return effectivePollInterval;
    }

    @Override
    public void enqueue(long sequence) {
        scheduler.enqueue(() -> PickupSignal.noOp());
    }

    @Override
    public void enqueueBatch(long firstSequence, int count) {
        scheduler.enqueue(
                LongStream.range(firstSequence, firstSequence + count).boxed(), sequence -> PickupSignal.noOp());
    }

    @Override
    public String batchMethod() {
        return "enqueue(Stream)";
    }

    @Override
    public long finished() {
        return storage.countJobs(StateName.SUCCEEDED);
    }

    @Override
    public long pickupNanos() throws Exception {
        PickupSignal.arm();
        long start = System.nanoTime();
        scheduler.enqueue(() -> PickupSignal.pickedUp());
        return PickupSignal.awaitPickup() - start;
    }

    @Override
    public void close() {
        JobRunr.destroy();
    }
}
