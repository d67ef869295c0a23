package io.github.aobackgroundjobs.benchmarks.peers;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ours: {@link QueueJobClient} and one {@link QueueWorker} on a repository and a queue (in
 * memory, Jdbi on PostgreSQL, Azurite). Finished = SUCCEEDED as counted by the job's
 * status hook, which runs after the record is saved.
 */
final class OursPeer implements Peer {

    /** The request: a number, so the JSON is not empty. */
    public record Work(long sequence, boolean pickup) {}

    private final String name;
    private final JobRepositoryBase<Long> repository;
    private final JobQueue queue;
    private final int workers;
    private final LongAdder succeeded = new LongAdder();
    private final QueueJobClient<Long> client;
    private QueueWorker worker;

    OursPeer(String name, JobRepositoryBase<Long> repository, JobQueue queue, int workers) {
        this.name = name;
        this.repository = repository;
        this.queue = queue;
        this.workers = workers;
        QueueJobClient.Builder<Long> clientBuilder = QueueJobClient.builder(repository, queue);
        String behind = System.getProperty("sentMarksBehind");
        if (behind != null) {
            // An experiment knob: the repository's default unless set.
            clientBuilder.writeSentMarksBehind(Boolean.parseBoolean(behind));
        }
        String delay = System.getProperty("sentMarkDelay");
        if (delay != null) {
            // An experiment knob, as an ISO-8601 duration (PT0.5S): the client's default unless set.
            clientBuilder.sentMarkDelay(java.time.Duration.parse(delay));
        }
        this.client = clientBuilder.build();
    }

    private final class Job extends BackgroundJobBase<Long, Work, Long> {
        Job() {
            super(repository, Work.class, Long.class, JobOptions.defaults());
        }

        @Override
        protected Long onExecute(Work request, JobContext<Long> context) {
            if (request.pickup()) {
                PickupSignal.pickedUp();
            } else {
                PickupSignal.noOp();
            }
            return request.sequence();
        }

        @Override
        protected void onStatusUpdated(Long id, io.github.aobackgroundjobs.JobStatus status) {
            if (status == io.github.aobackgroundjobs.JobStatus.SUCCEEDED) {
                succeeded.increment();
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() {
        // The client needs nothing more; records and messages wait for the worker.
    }

    @Override
    public void startWorkers() {
        worker = QueueWorker.builder(queue)
                .job("peer-jobs", new Job())
                .concurrency(workers)
                .maxPollInterval(Duration.ofSeconds(1))
                .name("ours")
                .build()
                .start();
    }

    @Override
    public void enqueue(long sequence) {
        client.queueJob("peer-jobs", "bench", new Work(sequence, false));
    }

    @Override
    public void enqueueBatch(long firstSequence, int count) {
        List<Work> requests = new ArrayList<>(count);
        for (long i = firstSequence; i < firstSequence + count; i++) {
            requests.add(new Work(i, false));
        }
        client.queueJobs("peer-jobs", "bench", requests);
    }

    @Override
    public String batchMethod() {
        return "queueJobs";
    }

    @Override
    public long finished() {
        return succeeded.sum();
    }

    @Override
    public long pickupNanos() throws Exception {
        PickupSignal.arm();
        long start = System.nanoTime();
        client.queueJob("peer-jobs", "bench", new Work(-1, true));
        return PickupSignal.awaitPickup() - start;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        client.close();
    }
}
