package io.github.aobackgroundjobs.benchmarks.core;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pickup latency on an idle in-process worker: each operation waits until the worker has
 * gone idle (its poll back-off has grown), queues one no-op job and waits for it to run.
 * The sampled time is queueJob -> onExecute, the wake-up path of a worker sharing the
 * JobQueue with the client.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar IdlePickupBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class IdlePickupBenchmark {

    private static final String QUEUE = "pickup";

    private QueueJobClient<Long> client;
    private QueueWorker worker;
    private NoOpJob<Long> job;
    private long sequence;

    @Setup(Level.Trial)
    public void start() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        client = QueueJobClient.builder(repository, queue).build();
        job = new NoOpJob<>(repository, JobOptions.defaults());
        worker = QueueWorker.builder(queue).job(QUEUE, job).build().start();
    }

    @Setup(Level.Invocation)
    public void letTheWorkerGoIdle() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @TearDown(Level.Trial)
    public void stop() {
        worker.close(Duration.ofSeconds(10));
    }

    @Benchmark
    public long pickUpOneJob() {
        long target = job.runs() + 1;
        client.queueJob(QUEUE, "bench", new NoOpJob.Request(sequence++));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (job.runs() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job not picked up within 10 s");
            }
            Thread.onSpinWait();
        }
        return target;
    }
}
