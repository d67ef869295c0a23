package io.github.aobackgroundjobs.benchmarks.e2e;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.benchmarks.core.NoOpJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import javax.sql.DataSource;

/** The library: {@link QueueJobClient} → Azurite → {@link QueueWorker} → {@link JdbiJobRepository}. */
final class OurPipeline implements Pipeline {

    private final JdbiJobRepository<Long> repository;
    private final AzureStorageJobQueue queue;
    private final String queueName;
    private final int threads;
    private final QueueJobClient<Long> client;
    private QueueWorker worker;

    OurPipeline(DataSource pool, AzureStorageJobQueue queue, String queueName, int threads) {
        this.repository = JdbiJobRepository.builder(pool).build();
        this.queue = queue;
        this.queueName = queueName;
        this.threads = threads;
        this.client = QueueJobClient.builder(repository, queue).build();
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public void start() {
        NoOpJob<Long> job = new NoOpJob<>(repository, JobOptions.defaults());
        worker = QueueWorker.builder(queue)
                .job(queueName, job)
                .concurrency(threads)
                .name("bench")
                .build()
                .start();
    }

    @Override
    public void enqueue(long sequence) throws InterruptedException {
        Long id;
        try {
            id = client.queueJob(queueName, "bench", new NoOpJob.Request(sequence));
            return;
        } catch (JobQueueingException e) {
            id = (Long) e.getJobId();
        }
        // Saved but not sent (Azurite too slow to answer): requeue, as an application would.
        for (int attempt = 1; ; attempt++) {
            try {
                client.requeue(id);
                return;
            } catch (JobQueueingException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
