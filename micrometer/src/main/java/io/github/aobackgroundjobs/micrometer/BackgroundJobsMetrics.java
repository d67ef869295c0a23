package io.github.aobackgroundjobs.micrometer;

import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.WorkerListener;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.micrometer.internal.CachedQueueLength;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Micrometer meters for {@link QueueWorker}s. Register it as a listener, then bind the gauges:
 *
 * <pre>{@code
 * BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
 * QueueWorker worker = QueueWorker.builder(queue).job("reports", job).listener(metrics).build();
 * metrics.bindTo(worker);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #FINISHED}</td><td>counter</td><td>queue, request.type, outcome</td>
 *       <td>deliveries decided, by {@link Outcome.Type} in lower case (succeeded, failed, retry,
 *       cancelled, already_done, aborted, busy, rejected)</td></tr>
 *   <tr><td>{@value #EXECUTION}</td><td>timer</td><td>queue, request.type, outcome</td>
 *       <td>time a delivery took: claim, the job's code, saving the outcome, settling the message</td></tr>
 *   <tr><td>{@value #PICKUP}</td><td>timer</td><td>queue, request.type</td>
 *       <td>time from a job being due (queued or its retry due) to its claim</td></tr>
 *   <tr><td>{@value #RUNNING}</td><td>gauge</td><td>worker</td><td>jobs running now</td></tr>
 *   <tr><td>{@value #STORE_DOWN}</td><td>gauge</td><td>worker</td>
 *       <td>1 while the worker backs off because the job store cannot be reached, else 0</td></tr>
 *   <tr><td>{@value #QUEUE_LENGTH}</td><td>gauge</td><td>queue</td>
 *       <td>approximate messages in the queue (visible, delayed and in flight), read at most once
 *       per refresh interval in the background; NaN until known or while unreachable</td></tr>
 * </table>
 *
 * <p>Every tag value comes from a closed set: the workers' names, their queue names, the bound
 * request type names and the outcome types; never a user name or a job id.
 *
 * <p>Thread-safe: one instance may serve several workers (give them distinct
 * {@linkplain QueueWorker.Builder#name names}, the {@code worker} tag, and distinct queues).
 * Meters are created on first use and kept, so a delivery costs a map lookup, a counter
 * increment and two timer records. {@link #close()} stops the background thread that reads
 * queue lengths; the meters stay registered.
 */
public final class BackgroundJobsMetrics implements WorkerListener, AutoCloseable {

    /** Counter of decided deliveries. */
    public static final String FINISHED = "backgroundjobs.jobs.finished";
    /** Timer of deliveries. */
    public static final String EXECUTION = "backgroundjobs.jobs.execution";
    /** Timer of the wait from due to claim. */
    public static final String PICKUP = "backgroundjobs.jobs.pickup";
    /** Gauge of running jobs. */
    public static final String RUNNING = "backgroundjobs.jobs.running";
    /** Gauge of the store-down state. */
    public static final String STORE_DOWN = "backgroundjobs.store.down";
    /** Gauge of the approximate queue length. */
    public static final String QUEUE_LENGTH = "backgroundjobs.queue.length";
    /** Default time a queue length is kept before the service is asked again. */
    public static final Duration DEFAULT_QUEUE_LENGTH_REFRESH = Duration.ofSeconds(15);

    private static final String TAG_QUEUE = "queue";
    private static final String TAG_TYPE = "request.type";
    private static final String TAG_OUTCOME = "outcome";
    private static final String TAG_WORKER = "worker";

    private final MeterRegistry registry;
    private final Duration queueLengthRefresh;
    private final Map<QueueAndType, Meters> meters = new ConcurrentHashMap<>();
    private volatile ExecutorService lengthReader;
    private boolean closed;

    /**
     * Creates the binding with {@link #DEFAULT_QUEUE_LENGTH_REFRESH}.
     *
     * @param registry where the meters are registered
     * @throws NullPointerException if {@code registry} is null
     */
    public BackgroundJobsMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_QUEUE_LENGTH_REFRESH);
    }

    /**
     * @param registry where the meters are registered
     * @param queueLengthRefresh how long a queue length read from the service is kept; each read
     *     is a round trip to the service (on Azure, a billed transaction), so keep it at least the
     *     scrape interval
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code queueLengthRefresh} is under 1 ms
     */
    public BackgroundJobsMetrics(MeterRegistry registry, Duration queueLengthRefresh) {
        this.registry = Objects.requireNonNull(registry, "'registry' cannot be null.");
        Objects.requireNonNull(queueLengthRefresh, "'queueLengthRefresh' cannot be null.");
        if (queueLengthRefresh.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException(
                    "'queueLengthRefresh' must be at least 1 ms, not " + queueLengthRefresh + ".");
        }
        this.queueLengthRefresh = queueLengthRefresh;
    }

    /**
     * Registers the gauges of a worker: {@value #RUNNING} and {@value #STORE_DOWN} tagged with its
     * name, and {@value #QUEUE_LENGTH} for each of its queues. The gauges hold the worker weakly,
     * as Micrometer gauges do: they read NaN once it is garbage. Also register this object as the
     * worker's {@linkplain QueueWorker.Builder#listener listener}, or the counters and timers stay
     * empty.
     *
     * @param worker the worker, started or not
     * @return this
     * @throws NullPointerException if {@code worker} is null
     * @throws IllegalArgumentException if the registry already has this worker's gauges, or another
     *     worker's of the same {@linkplain QueueWorker#name() name} (they would share one gauge
     *     and report only one of them); nothing is registered
     * @throws IllegalStateException if these metrics are closed
     */
    public BackgroundJobsMetrics bindTo(QueueWorker worker) {
        Objects.requireNonNull(worker, "'worker' cannot be null.");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("These metrics are closed; bind the worker to new ones.");
            }
            register(worker);
        }
        return this;
    }

    private void register(QueueWorker worker) {
        Tags workerTag = Tags.of(TAG_WORKER, worker.name());
        if (registry.find(RUNNING).tags(workerTag).gauge() != null) {
            throw new IllegalArgumentException("A worker named '" + worker.name() + "' is already bound to this"
                    + " registry: give each worker its own name (QueueWorker.Builder.name), and bind it once.");
        }
        Gauge.builder(RUNNING, worker, QueueWorker::runningCount)
                .description("Jobs running now on the worker")
                .tags(workerTag)
                .register(registry);
        Gauge.builder(STORE_DOWN, worker, w -> w.isStoreDown() ? 1 : 0)
                .description("1 while the worker backs off because the job store cannot be reached")
                .tags(workerTag)
                .register(registry);
        for (String queueName : worker.queueNames()) {
            CachedQueueLength length = new CachedQueueLength(worker, queueName, queueLengthRefresh, lengthReader());
            Gauge.builder(QUEUE_LENGTH, length, CachedQueueLength::value)
                    .description("Approximate number of messages in the queue")
                    .baseUnit("messages")
                    .tags(TAG_QUEUE, queueName)
                    .strongReference(true)
                    .register(registry);
        }
    }

    @Override
    public void onClaimed(String queueName, String requestType, Duration pickupLatency) {
        meters(queueName, requestType).pickup.record(pickupLatency);
    }

    @Override
    public void onFinished(String queueName, String requestType, Outcome.Type outcome, Duration executionTime) {
        Meters m = meters(queueName, requestType);
        m.finished.get(outcome).increment();
        m.execution.get(outcome).record(executionTime);
    }

    private Meters meters(String queueName, String requestType) {
        QueueAndType key = new QueueAndType(queueName, requestType);
        Meters m = meters.get(key);
        return m != null ? m : meters.computeIfAbsent(key, k -> new Meters(registry, k));
    }

    /**
     * Stops the thread that reads queue lengths (if one was started); the queue-length gauges
     * keep their last value. The meters stay in the registry. Idempotent.
     */
    @Override
    public void close() {
        ExecutorService reader;
        synchronized (this) {
            reader = lengthReader;
            closed = true;
        }
        if (reader != null) {
            reader.shutdownNow();
        }
    }

    private ExecutorService lengthReader() {
        ExecutorService reader = lengthReader;
        if (reader == null) {
            synchronized (this) {
                reader = lengthReader;
                if (reader == null) {
                    // One daemon thread: lengths are read one at a time, never by the scraping thread.
                    reader = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "backgroundjobs-metrics-queue-length");
                        t.setDaemon(true);
                        return t;
                    });
                    lengthReader = reader;
                }
            }
        }
        return reader;
    }

    private record QueueAndType(String queueName, String requestType) {}

    /** The meters of one queue and request type, one counter and timer per outcome made up front. */
    private static final class Meters {
        final Timer pickup;
        final Map<Outcome.Type, Counter> finished = new EnumMap<>(Outcome.Type.class);
        final Map<Outcome.Type, Timer> execution = new EnumMap<>(Outcome.Type.class);

        Meters(MeterRegistry registry, QueueAndType key) {
            Tags tags = Tags.of(TAG_QUEUE, key.queueName(), TAG_TYPE, key.requestType());
            pickup = Timer.builder(PICKUP)
                    .description("Time from a job being due to its claim")
                    .tags(tags)
                    .register(registry);
            for (Outcome.Type type : Outcome.Type.values()) {
                Tags withOutcome = tags.and(TAG_OUTCOME, type.name().toLowerCase(Locale.ROOT));
                finished.put(
                        type,
                        Counter.builder(FINISHED)
                                .description("Job deliveries decided, by outcome")
                                .tags(withOutcome)
                                .register(registry));
                execution.put(
                        type,
                        Timer.builder(EXECUTION)
                                .description("Time a job delivery took on the worker")
                                .tags(withOutcome)
                                .register(registry));
            }
        }
    }
}
