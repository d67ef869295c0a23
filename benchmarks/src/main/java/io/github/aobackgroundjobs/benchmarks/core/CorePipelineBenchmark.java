package io.github.aobackgroundjobs.benchmarks.core;

import com.sun.management.OperatingSystemMXBean;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * No-op jobs end to end in one process: QueueJobClient (insert, JSON, send, mark sent) ->
 * InMemoryJobQueue -> QueueWorker (receive, claim, run, complete, delete) ->
 * InMemoryJobRepository. One operation is one job; each invocation queues a batch and waits
 * until the worker has settled all of it. CPU time per job is printed after each iteration.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CorePipelineBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CorePipelineBenchmark {

    static final int BATCH = 1000;
    private static final String QUEUE = "noop";

    /** Worker threads; 8 is {@code QueueWorker}'s default. */
    @Param({"8"})
    int concurrency;

    /** {@code none}: no status hook; {@code dead}: every status change posted to a closed port. */
    @Param({"none"})
    String webhook;

    /** {@code on}: a {@link BackgroundJobsMetrics} listener and gauges on a {@link SimpleMeterRegistry}. */
    @Param({"off", "on"})
    String metrics;

    private InMemoryJobRepository<Long> repository;
    private QueueJobClient<Long> client;
    private QueueWorker worker;
    private NoOpJob<Long> job;
    private WebhookNotifier<Long> notifier;
    private long sequence;
    private long cpuAtStart;
    private long runsAtStart;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Setup(Level.Trial)
    public void start() {
        repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        client = QueueJobClient.builder(repository, queue).build();
        notifier = "dead".equals(webhook)
                ? WebhookNotifier.<Long>builder(
                                URI.create("http://127.0.0.1:" + closedPort() + "/hooks"),
                                "benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8))
                        .build()
                : null;
        job = new NoOpJob<>(repository, JobOptions.defaults(), notifier);
        QueueWorker.Builder builder = QueueWorker.builder(queue)
                .job(QUEUE, job)
                .concurrency(concurrency)
                .batchSize(32);
        BackgroundJobsMetrics meters = null;
        if ("on".equals(metrics)) {
            meters = new BackgroundJobsMetrics(new SimpleMeterRegistry());
            builder.listener(meters);
        }
        worker = builder.build();
        if (meters != null) {
            meters.bindTo(worker);
        }
        worker.start();
    }

    @Setup(Level.Iteration)
    public void beginIteration() {
        // Keep the heap flat: finished records of earlier iterations are not part of the measurement.
        repository.purge(Instant.now().plusSeconds(1), EnumSet.of(JobStatus.SUCCEEDED));
        cpuAtStart = os.getProcessCpuTime();
        runsAtStart = job.runs();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long jobs = job.runs() - runsAtStart;
        long cpuNanos = os.getProcessCpuTime() - cpuAtStart;
        if (jobs > 0) {
            System.out.printf(
                    "%n  [cpu] %.2f us of process CPU per job over %d jobs%n", cpuNanos / 1000.0 / jobs, jobs);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        worker.close(Duration.ofSeconds(10));
        if (notifier != null) {
            System.out.printf(
                    "%n  [webhook] sent %d, failed %d, dropped %d, pending %d%n",
                    notifier.sentCount(), notifier.failedCount(), notifier.droppedCount(), notifier.pendingCount());
            notifier.close();
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void queueAndRunNoOpJobs() {
        long target = job.runs() + BATCH;
        long settledTarget = worker.stats().processed() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            client.queueJob(QUEUE, "bench", new NoOpJob.Request(sequence++));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.runs() < target || worker.stats().processed() < settledTarget) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs not settled within 60 s: " + worker.stats());
            }
            // Park instead of spinning: a spinning waiter would take a core from the worker on 2 cores.
            LockSupport.parkNanos(20_000);
        }
    }
}
