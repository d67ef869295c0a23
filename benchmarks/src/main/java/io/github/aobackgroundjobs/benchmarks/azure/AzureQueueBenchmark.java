package io.github.aobackgroundjobs.benchmarks.azure;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.benchmarks.support.BenchAzurite;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load harness on a real Azurite (started here, on a free loopback port):
 * <ol>
 *   <li>throughput: N no-op jobs sent and then drained by {@code QueueWorker} over
 *       {@link AzureStorageJobQueue} (in-memory repository), against a raw SDK loop making the
 *       same calls on the same Azurite in the same run: sends from {@code threads} threads in
 *       both; then receive 32 and settle up to 32 at once (32 delete threads for the raw loop,
 *       concurrency 32 for the worker); three alternating rounds, median ratio reported;</li>
 *   <li>pickup latency with the worker's defaults, from the moment a job is queued to the
 *       moment its body starts: while the queue is busy (a steady stream), and while it is
 *       idle (one job every 1.2-2 s, so the worker has backed off to its maximum poll
 *       interval). The producer uses its own queue instance, as a web app in another process
 *       would, so the worker's in-process wake-up does not help.</li>
 * </ol>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.azure.AzureQueueBenchmark [jobs=2000] [threads=8]
 * [idleSamples=40]} from the project root (Azurite comes from {@code node_modules}); jobs=0
 * runs only the latency part. Each part gets a fresh Azurite.
 */
public final class AzureQueueBenchmark {

    private static final int ROUNDS = 3;

    private AzureQueueBenchmark() {}

    /**
     * @param args jobs, threads, idle samples
     * @throws Exception if Azurite fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int idleSamples = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        if (jobs > 0) {
            throughput(jobs, threads);
        }
        latency(idleSamples);
    }

    private static void throughput(int jobs, int threads) throws Exception {
        try (Azurite azurite = BenchAzurite.inMemory()) {
            String cs = azurite.connectionString();
            System.out.printf(
                    "Azurite on port %d; %d jobs, %d threads%n", azurite.port(Azurite.Service.QUEUE), jobs, threads);
            // Warm-up of both paths (JIT, connections), then rounds that alternate the two paths so
            // that a change in machine load hits both alike; the median of the rounds is reported.
            raw(cs, Math.min(300, jobs), threads);
            library(cs, Math.min(300, jobs), threads);
            List<Double> sendRatios = new ArrayList<>();
            List<Double> drainRatios = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                double[] rawRates = raw(cs, jobs, threads);
                double[] libRates = library(cs, jobs, threads);
                System.out.printf(
                        "round %d: send raw %.0f/s, library %.0f/s (%.2f); drain raw %.0f/s,"
                                + " library %.0f/s (%.2f)%n",
                        round,
                        rawRates[0],
                        libRates[0],
                        libRates[0] / rawRates[0],
                        rawRates[1],
                        libRates[1],
                        libRates[1] / rawRates[1]);
                sendRatios.add(libRates[0] / rawRates[0]);
                drainRatios.add(libRates[1] / rawRates[1]);
            }
            Collections.sort(sendRatios);
            Collections.sort(drainRatios);
            System.out.printf(
                    "median ratio library/raw: send %.2f, drain %.2f%n",
                    sendRatios.get(ROUNDS / 2), drainRatios.get(ROUNDS / 2));
        }
    }

    /** On a fresh Azurite: after ~20,000 messages an in-memory Azurite slows to seconds per call. */
    private static void latency(int idleSamples) throws Exception {
        try (Azurite azurite = BenchAzurite.inMemory()) {
            latency(azurite.connectionString(), idleSamples);
        }
    }

    /** @return {send rate, drain rate} of a hand-written SDK producer and consumer. */
    private static double[] raw(String cs, int jobs, int threads) throws Exception {
        QueueManager manager = QueueManager.fromConnectionString(cs);
        QueueClient queue = manager.queue(Azurite.randomQueueName("raw"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ExecutorService deleters = Executors.newFixedThreadPool(32);
        try {
            long start = System.nanoTime();
            CountDownLatch sent = new CountDownLatch(jobs);
            for (int i = 0; i < jobs; i++) {
                pool.execute(() -> {
                    try {
                        queue.sendMessage("MTIzNDU=");
                    } finally {
                        sent.countDown();
                    }
                });
            }
            sent.await();
            double sendRate = jobs / seconds(start);

            start = System.nanoTime();
            AtomicInteger deleted = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(jobs);
            while (deleted.get() < jobs) {
                List<QueueMessageItem> batch = new ArrayList<>();
                queue.receiveMessages(32, Duration.ofSeconds(60), null, null).forEach(batch::add);
                if (batch.isEmpty()) {
                    if (done.await(10, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    continue;
                }
                CountDownLatch batchDone = new CountDownLatch(batch.size());
                for (QueueMessageItem m : batch) {
                    deleters.execute(() -> {
                        try {
                            queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
                        } catch (RuntimeException e) {
                            // A retried delete whose first try went through finds the message gone: still done.
                        } finally {
                            deleted.incrementAndGet();
                            done.countDown();
                            batchDone.countDown();
                        }
                    });
                }
                batchDone.await();
            }
            return new double[] {sendRate, jobs / seconds(start)};
        } finally {
            pool.shutdownNow();
            deleters.shutdownNow();
        }
    }

    /** @return {send rate, drain rate} through QueueJobClient and QueueWorker. */
    private static double[] library(String cs, int jobs, int threads) throws Exception {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(cs);
        String name = Azurite.randomQueueName("lib");
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue)
                .clock(Clock.systemUTC())
                .build();
        NoopJob job = new NoopJob(
                repository, JobOptions.builder().clock(Clock.systemUTC()).build());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        try {
            long start = System.nanoTime();
            CountDownLatch sent = new CountDownLatch(jobs);
            for (int i = 0; i < jobs; i++) {
                int n = i;
                pool.execute(() -> {
                    try {
                        ids.add(client.queueJob(name, "bench", new NoopJob.Request(n)));
                    } finally {
                        sent.countDown();
                    }
                });
            }
            sent.await();
            double sendRate = jobs / seconds(start);

            start = System.nanoTime();
            // As many jobs at once as the raw loop has messages in flight (one batch of 32).
            try (QueueWorker worker = QueueWorker.builder(queue)
                    .job(name, job)
                    .concurrency(32)
                    .batchSize(32)
                    .build()
                    .start()) {
                while (job.startedNanos.size() < jobs || !allDone(repository, ids)) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                // The last deletes: the queue is empty when the worker has settled every message.
                while (queue.approximateLength(name).orElse(0) > 0) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            }
            return new double[] {sendRate, jobs / seconds(start)};
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean allDone(InMemoryJobRepository<Long> repository, List<Long> ids) {
        synchronized (ids) {
            for (Long id : ids) {
                if (repository.getJob(id).getStatus() != JobStatus.SUCCEEDED) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void latency(String cs, int idleSamples) throws Exception {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        String name = Azurite.randomQueueName("lat");
        // Producer and worker on separate queue instances: no in-process wake-up.
        QueueJobClient<Long> client = QueueJobClient.builder(repository, AzureStorageJobQueue.fromConnectionString(cs))
                .clock(Clock.systemUTC())
                .build();
        NoopJob job = new NoopJob(
                repository, JobOptions.builder().clock(Clock.systemUTC()).build());
        Map<Long, Long> queuedNanos = new ConcurrentHashMap<>();
        try (QueueWorker worker = QueueWorker.builder(AzureStorageJobQueue.fromConnectionString(cs))
                .job(name, job)
                .build()
                .start()) {
            // Busy: a steady stream of 100 jobs/s for 10 s.
            List<Long> busy = new ArrayList<>();
            long next = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                long t0 = System.nanoTime();
                Long id = queueOrSkip(client, name, i);
                if (id != null) {
                    queuedNanos.put(id, t0);
                    busy.add(id);
                }
                next += TimeUnit.MILLISECONDS.toNanos(10);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            awaitStarted(job, busy);
            report("busy (100 jobs/s)", busy, queuedNanos, job);
            TimeUnit.SECONDS.sleep(3);

            // Idle: one job at a time, 1.2-2 s apart.
            List<Long> idle = new ArrayList<>();
            for (int i = 0; i < idleSamples; i++) {
                TimeUnit.MILLISECONDS.sleep(1200 + ThreadLocalRandom.current().nextInt(800));
                long t0 = System.nanoTime();
                Long id = queueOrSkip(client, name, i);
                if (id != null) {
                    queuedNanos.put(id, t0);
                    idle.add(id);
                    awaitStarted(job, List.of(id));
                }
            }
            report("idle", idle, queuedNanos, job);
        }
    }

    /** A send that failed (an overloaded machine) is counted and left out of the sample. */
    private static Long queueOrSkip(QueueJobClient<Long> client, String name, int n) {
        try {
            return client.queueJob(name, "bench", new NoopJob.Request(n));
        } catch (RuntimeException e) {
            System.out.println("send failed, sample skipped: " + e.getMessage());
            return null;
        }
    }

    private static void awaitStarted(NoopJob job, List<Long> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!job.startedNanos.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Jobs did not start within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    private static void report(String label, List<Long> ids, Map<Long, Long> queuedNanos, NoopJob job) {
        List<Double> millis = new ArrayList<>();
        for (Long id : ids) {
            millis.add((job.startedNanos.get(id) - queuedNanos.get(id)) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf(
                "pickup latency, %s: n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label,
                millis.size(),
                percentile(millis, 50),
                percentile(millis, 90),
                percentile(millis, 99),
                millis.get(millis.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
