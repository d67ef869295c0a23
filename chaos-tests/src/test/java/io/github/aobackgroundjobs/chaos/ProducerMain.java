package io.github.aobackgroundjobs.chaos;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client process of the chaos suite: queues the jobs with {@link QueueJobClient}, sends a
 * second copy of the message of some of them (a queue delivering twice), and a handful of
 * malformed messages. Rides out store and queue outages the documented way: a job whose
 * record was not saved is queued again; a job whose message was not sent is requeued.
 * Writes every job id it was given to {@code out}, one per line.
 *
 * <p>Arguments, {@code key=value}: pgPort, connectionString, queue, jobs, duplicatePercent,
 * malformed, seed, out.
 */
public final class ProducerMain {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerMain.class);
    private static final long OUTAGE_RETRY_MILLIS = 120_000;

    private ProducerMain() {}

    /**
     * @param args {@code key=value} pairs, see the class comment
     * @throws Exception if the jobs cannot be queued
     */
    public static void main(String[] args) throws Exception {
        ChaosArgs a = ChaosArgs.parse(args);
        int jobs = (int) a.getLong("jobs");
        int duplicatePercent = (int) a.getLong("duplicatePercent");
        int malformed = (int) a.getLong("malformed");
        String queueName = a.get("queue");
        Random random = new Random(a.getLong("seed"));
        try (HikariDataSource pool = ChaosStores.pool((int) a.getLong("pgPort"), 2, "chaos-producer")) {
            JdbiJobRepository<Long> repository = ChaosStores.repositoryWhenReachable(pool);
            AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(a.get("connectionString"));
            QueueJobClient<Long> client = QueueJobClient.builder(repository, queue)
                    .clock(Clock.systemUTC())
                    .build();
            JobMessageCodec<Long> codec = new JobMessageCodec<>(JobKeyType.LONG);
            List<String> bad = ChaosMessages.malformed(malformed);
            int duplicates = 0;
            try (BufferedWriter out = Files.newBufferedWriter(Paths.get(a.get("out")))) {
                for (int i = 0; i < jobs; i++) {
                    int spacing = Math.max(1, jobs / (bad.size() + 1));
                    if (i > 0 && i % spacing == 0 && i / spacing <= bad.size()) {
                        String text = bad.get(i / spacing - 1);
                        retrying("send a malformed message", () -> queue.send(queueName, text, Duration.ZERO));
                    }
                    Nap nap = new Nap(50 + random.nextInt(451));
                    long id = queue(client, queueName, "user" + (i % 13), nap);
                    out.write(Long.toString(id));
                    out.newLine();
                    if (random.nextInt(100) < duplicatePercent) {
                        retrying("send a duplicate", () -> queue.send(queueName, codec.encode(id), Duration.ZERO));
                        duplicates++;
                    }
                }
            }
            LOG.info("Queued {} jobs, {} duplicate messages, {} malformed messages", jobs, duplicates, bad.size());
            Files.writeString(
                    Path.of(a.get("out") + ".done"),
                    "jobs=" + jobs + "\nduplicates=" + duplicates + "\nmalformed=" + bad.size() + "\n");
        }
    }

    private static long queue(QueueJobClient<Long> client, String queueName, String user, Nap nap) {
        long id;
        try {
            id = retrying("queue a job", () -> client.queueJob(queueName, user, nap));
            return id;
        } catch (JobQueueingException e) {
            id = (Long) e.getJobId();
            LOG.warn(
                    "Job {}: saved but not sent ({}); requeueing it",
                    id,
                    e.getCause().toString());
        }
        long deadline = System.nanoTime() + OUTAGE_RETRY_MILLIS * 1_000_000;
        while (true) {
            try {
                long requeued = id;
                retrying("requeue a job", () -> {
                    client.requeue(requeued);
                    return null;
                });
                return id;
            } catch (JobQueueingException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(250);
            }
        }
    }

    private static <T> T retrying(String what, Supplier<T> action) {
        long deadline = System.nanoTime() + OUTAGE_RETRY_MILLIS * 1_000_000;
        while (true) {
            try {
                return action.get();
            } catch (JobStoreUnavailableException | JobQueueUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warn("Could not {} ({}); trying again", what, e.toString());
                sleep(250);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
