package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.delivery.JobMessageHandler;
import io.github.aobackgroundjobs.delivery.MessageActions;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.internal.ClaimNotice;
import io.github.aobackgroundjobs.internal.HealthProbes;
import io.github.aobackgroundjobs.internal.HeldMessage;
import io.github.aobackgroundjobs.internal.HostSignal;
import io.github.aobackgroundjobs.internal.JobBindings;
import io.github.aobackgroundjobs.internal.JobStore;
import io.github.aobackgroundjobs.internal.JobThreads;
import io.github.aobackgroundjobs.internal.RestartRecovery;
import io.github.aobackgroundjobs.internal.Scheduler;
import io.github.aobackgroundjobs.internal.Ticker;
import io.github.aobackgroundjobs.internal.Waits;
import io.github.aobackgroundjobs.internal.WakeSignal;
import io.github.aobackgroundjobs.internal.WorkerChores;
import io.github.aobackgroundjobs.internal.WorkerListeners;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs from queues: our own host for {@link BackgroundJobBase}s, doing what the Azure
 * Functions host does for a queue trigger, and more.
 *
 * <p>One poller thread receives batches from every bound queue while fewer than
 * {@code concurrency} jobs run, and hands each message to a pool of {@code concurrency}
 * threads. The jobs of a batch of two or more messages are claimed together, in one
 * {@link io.github.aobackgroundjobs.spi.JobRepositoryBase#claimAll} call made on the pool, each
 * message getting the answer a claim of its own would have given. While a job runs its message
 * stays hidden (visibility renewed every third of the timeout, the new receipt kept) and its
 * lease alive. Each outcome is applied through the
 * shared {@link JobMessageHandler}. A message received more than {@code maxDequeueCount} times,
 * or that is not a job id, goes to the poison queue unchanged.
 *
 * <p>The poller polls again at once while messages come, and backs off to
 * {@code maxPollInterval} when the queues are empty; a job queued through the same
 * {@link JobQueue} instance wakes it at once. When the repository cannot be reached the
 * worker stops receiving, probes the store with growing pauses, and resumes when it answers;
 * likewise for the queue.
 *
 * <p>Recovery needs no configuration:
 * <ul>
 *   <li>On a queue whose messages do not survive a restart ({@link JobQueue#isDurable()} false,
 *       such as the in-memory queue), the poller first sends a message for every unfinished job
 *       of the worker's queues, since none of theirs can be left: a PENDING job's is visible when
 *       the job is due, a RUNNING job's when its lease expires (the claim then takes over the
 *       dead worker's attempt, or gives the job up past its attempt limit), and a RUNNING job
 *       whose lease expired and whose cancel was requested is ended CANCELLED. It keeps trying
 *       while the store or the queue is down. Other workers starting at once send duplicates,
 *       which the claim makes harmless.</li>
 *   <li>A {@link JobSweeper} runs every {@link #DEFAULT_SWEEP_INTERVAL} for each repository the
 *       bound jobs use, with the jobs' clock: it re-sends PENDING jobs never confirmed sent after
 *       {@link JobSweeper#DEFAULT_UNSENT_GRACE}, RUNNING jobs whose lease expired more than
 *       {@link JobSweeper#DEFAULT_STALE_AFTER} ago, ends CANCELLED a RUNNING job whose cancel was
 *       requested once its lease has expired, and never touches a PENDING job that was sent and
 *       waits in a backlog ({@link JobSweeper.Builder#resendStaleSent} off). {@link Builder#sweeper}
 *       replaces it, {@link Builder#noSweeper()} turns it off.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops receiving and waits for running jobs.
 */
public final class QueueWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

    /** Default number of jobs run at once. */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** Default most messages received per call. */
    public static final int DEFAULT_BATCH_SIZE = 16;
    /** Default visibility timeout of received messages; longer than the jobs' lease. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    /** Default deliveries after which a message is poison (as the Azure Functions host). */
    public static final int DEFAULT_MAX_DEQUEUE_COUNT = 5;
    /** Default longest pause between polls of empty queues. */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default longest pause between probes of an unreachable store or queue. */
    public static final Duration DEFAULT_MAX_OUTAGE_BACKOFF = Duration.ofSeconds(5);
    /** Default time {@link #close()} waits for running jobs. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Default time between two sweeps of the worker's sweepers. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Default longest time {@link #checkHealth()} waits for the store and the queues to answer. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private static final long MIN_IDLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MIN_OUTAGE_PAUSE_MILLIS = 100;

    private enum State {
        NEW,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final JobQueue queue;
    private final List<JobMessageHandler<?>> bindings;
    private final int concurrency;
    private final int batchSize;
    private final Duration visibilityTimeout;
    private final int maxDequeueCount;
    private final Duration maxPollInterval;
    private final Duration maxOutageBackoff;
    private final Duration shutdownTimeout;
    private final List<RestartRecovery<?>> recoveries;
    private final String name;
    private final WorkerChores chores;
    private final WorkerListeners listeners;
    /** Request type names by queue, read once: {@code requestTypeName()} is overridable and may be slow. */
    private final Map<String, String> requestTypes;

    private final Semaphore permits;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;
    private final WakeSignal wake = new WakeSignal();
    private final WorkerStats stats = new WorkerStats();
    private final Ticker renewals;
    private final Object lifecycle = new Object();
    private volatile State state = State.NEW;
    // Set just before close() interrupts the jobs still running: tells their runners the interrupt is ours.
    private volatile boolean interruptingJobs;
    private final BooleanSupplier hostInterrupting = () -> interruptingJobs;
    // Counted down when the first close() has stopped everything; later and concurrent calls wait on it.
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closedClean;
    private volatile boolean storeDown;
    private volatile boolean queueDown;
    private volatile boolean recovering;
    /** Set by the poller while the queue refuses the credentials, until it answers again. */
    private boolean queueAccessDenied;

    private Thread poller;
    private Registration sendListener;

    private QueueWorker(Builder b) {
        this.queue = b.queue;
        List<JobMessageHandler<?>> handlers = new ArrayList<>();
        for (Map.Entry<String, BackgroundJobBase<?, ?, ?>> e : b.jobs) {
            handlers.add(JobMessageHandler.of(e.getValue(), e.getKey(), b.maxDequeueCount));
        }
        this.bindings = List.copyOf(handlers);
        this.concurrency = b.concurrency;
        this.batchSize = b.batchSize;
        this.visibilityTimeout = b.visibilityTimeout;
        this.maxDequeueCount = b.maxDequeueCount;
        this.maxPollInterval = b.maxPollInterval;
        this.maxOutageBackoff = b.maxOutageBackoff;
        this.shutdownTimeout = b.shutdownTimeout;
        List<List<JobMessageHandler<?>>> byRepository = byRepository(bindings);
        List<JobSweeper<?>> sweeps = new ArrayList<>();
        if (b.sweeper != null) {
            sweeps.add(b.sweeper);
        } else if (b.sweeping) {
            for (List<JobMessageHandler<?>> group : byRepository) {
                sweeps.add(defaultSweeper(group.get(0).job(), queue));
            }
        }
        List<RestartRecovery<?>> recover = new ArrayList<>();
        if (!queue.isDurable()) {
            for (List<JobMessageHandler<?>> group : byRepository) {
                Set<String> names = new LinkedHashSet<>();
                group.forEach(h -> names.add(h.queueName()));
                recover.add(recovery(group.get(0).job(), queue, names));
            }
        }
        this.recoveries = List.copyOf(recover);
        this.name = b.name;
        this.chores = new WorkerChores(name, sweeps, b.sweepInterval, b.periodicTasks, () -> state == State.RUNNING);
        this.listeners = new WorkerListeners(b.listeners);
        Map<String, String> types = new LinkedHashMap<>();
        for (JobMessageHandler<?> binding : bindings) {
            types.put(binding.queueName(), binding.job().requestTypeName());
        }
        this.requestTypes = Map.copyOf(types);
        this.permits = new Semaphore(concurrency);
        this.executor = JobThreads.lastIdleFirst(concurrency, Scheduler.daemonThreads(name + "-job"));
        this.timer = Scheduler.create(name + "-timer", 1);
        this.renewals = new Ticker(timer, Math.max(20, Math.min(1000, visibilityTimeout.toMillis() / 6)));
    }

    /**
     * @param queue the queue service to receive from
     * @return a builder
     * @throws NullPointerException if {@code queue} is null
     */
    public static Builder builder(JobQueue queue) {
        return new Builder(queue);
    }

    /** The bindings grouped by the repository their job uses (the same instance), in binding order. */
    private static List<List<JobMessageHandler<?>>> byRepository(List<JobMessageHandler<?>> bindings) {
        Map<JobRepositoryBase<?>, List<JobMessageHandler<?>>> groups = new IdentityHashMap<>();
        List<List<JobMessageHandler<?>>> ordered = new ArrayList<>();
        for (JobMessageHandler<?> binding : bindings) {
            List<JobMessageHandler<?>> group =
                    groups.computeIfAbsent(binding.job().repository(), r -> {
                        List<JobMessageHandler<?>> created = new ArrayList<>();
                        ordered.add(created);
                        return created;
                    });
            group.add(binding);
        }
        return ordered;
    }

    private static <K> JobSweeper<K> defaultSweeper(BackgroundJobBase<K, ?, ?> job, JobQueue queue) {
        return JobSweeper.builder(job.repository(), queue)
                .clock(job.options().clock())
                .serializer(job.options().serializer())
                .resendStaleSent(false)
                .build();
    }

    private static <K> RestartRecovery<K> recovery(BackgroundJobBase<K, ?, ?> job, JobQueue queue, Set<String> names) {
        JobStore<K> store = new JobStore<>(
                job.repository(), job.options().clock(), job.options().serializer());
        return new RestartRecovery<>(store, queue, names);
    }

    /**
     * Checks that the queue service accepts this process's credentials for each of the worker's
     * queues ({@link JobQueue#checkAccess}), then starts polling in the background. A service
     * that cannot be reached now does not stop the start: the worker starts and backs off until
     * it answers, as for any outage.
     *
     * @return this
     * @throws IllegalStateException if already started or closed
     * @throws JobQueueAccessDeniedException if the service refuses the credentials for one of the
     *     worker's queues (the message names the account and the queue); the worker has not
     *     started: fix the credentials and call {@code start()} again, or {@link #close()} it
     */
    public QueueWorker start() {
        synchronized (lifecycle) {
            if (state != State.NEW) {
                throw new IllegalStateException("The worker '" + name + "' is " + state + "; it can start only once.");
            }
            checkQueueAccess();
            state = State.RUNNING;
            recovering = !recoveries.isEmpty();
            sendListener = queue.addSendListener(this::onSent);
            poller = new Thread(this::pollLoop, name + "-poller");
            poller.setDaemon(true);
            poller.start();
            chores.start();
        }
        LOG.info("Worker '{}' started on {} with {} threads", name, queueNames(), concurrency);
        return this;
    }

    private void checkQueueAccess() {
        for (String queueName : queueNames()) {
            try {
                queue.checkAccess(queueName);
            } catch (JobQueueAccessDeniedException e) {
                LOG.error("Worker '{}' cannot start: {}", name, e.getMessage());
                throw e;
            } catch (JobQueueUnavailableException e) {
                LOG.warn(
                        "Worker '{}': queue '{}' cannot be reached to check access; starting anyway, backing off"
                                + " until it answers",
                        name,
                        queueName,
                        e);
                return;
            }
        }
    }

    /**
     * Receives one batch from each bound queue and processes every message on the calling
     * thread before returning: a deterministic driver for tests. Works without {@link #start()}.
     * Unlike the running worker it claims each message's job on its own, just before running it,
     * so that messages are processed exactly as if received one by one.
     *
     * @return the number of messages processed
     * @throws JobQueueUnavailableException if a queue cannot be reached
     */
    public int runOnce() {
        int processed = 0;
        for (JobMessageHandler<?> binding : bindings) {
            List<QueueMessage> messages = queue.receive(binding.queueName(), batchSize, visibilityTimeout);
            // One claim per message, each just before its job runs: processing here is sequential.
            for (QueueMessage message : messages) {
                permits.acquireUninterruptibly();
                process(binding, message, null);
                processed++;
            }
        }
        return processed;
    }

    /** @return counts of what this worker did so far */
    public WorkerStats stats() {
        return stats;
    }

    /** @return true while the store is believed unreachable and receiving is paused */
    public boolean isStoreDown() {
        return storeDown;
    }

    /** @return how many jobs are running now */
    public int runningCount() {
        return concurrency - permits.availablePermits();
    }

    /** @return true while the queue is believed unreachable and the poller backs off */
    public boolean isQueueDown() {
        return queueDown;
    }

    /** @return the worker's name, as given to {@link Builder#name} */
    public String name() {
        return name;
    }

    /** @return the queues the worker receives from, in binding order */
    public List<String> queueNames() {
        List<String> names = new ArrayList<>();
        for (JobMessageHandler<?> binding : bindings) {
            names.add(binding.queueName());
        }
        return List.copyOf(names);
    }

    /**
     * Asks the queue service for a bound queue's approximate length ({@link JobQueue#approximateLength}):
     * a round trip to the service on every call, so callers that poll (a metrics scrape) keep the
     * value for a while.
     *
     * @param queueName one of {@link #queueNames()}
     * @return the count, or empty if the queue cannot tell
     * @throws IllegalArgumentException if the worker does not receive from that queue
     * @throws JobQueueUnavailableException if the queue cannot be reached
     */
    public OptionalLong approximateQueueLength(String queueName) {
        Objects.requireNonNull(queueName, "'queueName' cannot be null.");
        if (!queueNames().contains(queueName)) {
            throw new IllegalArgumentException("Worker '" + name + "' does not receive from queue '" + queueName
                    + "'; its queues are " + queueNames() + ".");
        }
        return queue.approximateLength(queueName);
    }

    /**
     * Checks the worker's health within {@link #DEFAULT_HEALTH_TIMEOUT}; see {@link #checkHealth(Duration)}.
     *
     * @return the report
     */
    public HealthReport checkHealth() {
        return checkHealth(DEFAULT_HEALTH_TIMEOUT);
    }

    /**
     * Checks the worker's health: the checks {@code worker} (up while the worker runs; details
     * {@code name}, {@code state}, {@code runningJobs}, {@code concurrency},
     * {@code queueBackingOff}, in that order),
     * {@code store} (down while the worker backs off after a store outage; detail
     * {@code backingOff}), then one {@code repository} per repository of the bound jobs
     * (named {@code repository:<queue>} after the first queue using it when there are several;
     * {@link JobRepositoryBase#checkAvailable()}) and one {@code queue:<name>} per bound queue
     * (its approximate length read from the service). Store and queues are probed at once, each
     * on a thread of its own; whatever has not answered within {@code timeout} is reported down,
     * so a hanging store or queue never hangs the caller. A probe still hanging is shared by the
     * next calls instead of piling up threads. Callable in any state, from any thread.
     *
     * @param timeout the longest wait for the store and the queues, at least 1 ms
     * @return the report, up when every check is up
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is under 1 ms
     */
    public HealthReport checkHealth(Duration timeout) {
        Builder.atLeastMillis(timeout, "timeout");
        long deadline = System.nanoTime() + Waits.nanos(timeout);
        List<HealthProbes.Probe> probes = new ArrayList<>();
        List<List<JobMessageHandler<?>>> groups = byRepository(bindings);
        for (List<JobMessageHandler<?>> group : groups) {
            String checkName = groups.size() == 1
                    ? "repository"
                    : "repository:" + group.get(0).queueName();
            probes.add(HealthProbes.repository(checkName, group.get(0).job().repository()));
        }
        for (String queueName : queueNames()) {
            probes.add(HealthProbes.queue(queue, queueName));
        }
        State now = state;
        List<HealthReport.Check> checks = new ArrayList<>();
        // In the documented order, the same on every run (Map.of's order changes between runs).
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("name", name);
        worker.put("state", now.name());
        worker.put("runningJobs", Integer.toString(runningCount()));
        worker.put("concurrency", Integer.toString(concurrency));
        worker.put("queueBackingOff", Boolean.toString(queueDown));
        checks.add(new HealthReport.Check("worker", now == State.RUNNING, worker));
        checks.add(new HealthReport.Check("store", !storeDown, Map.of("backingOff", Boolean.toString(storeDown))));
        for (HealthProbes.Probe probe : probes) {
            checks.add(probe.await(deadline, timeout));
        }
        return HealthReport.of(checks);
    }

    /**
     * Whether the worker is still sending the messages its queue lost: true from {@link #start()}
     * until, on a queue whose messages do not survive a restart, every unfinished job of its
     * queues has a message again (or the worker gave that up, logged); receiving starts after.
     * Always false on a durable queue.
     *
     * @return true while the start-up recovery runs
     */
    public boolean isRecovering() {
        return recovering;
    }

    /** @return true between {@link #start()} and {@link #close()} */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Stops receiving and waits up to the shutdown timeout for running jobs; then interrupts them. */
    @Override
    public void close() {
        close(shutdownTimeout);
    }

    /**
     * Stops receiving and waits up to {@code timeout} for running jobs to finish; jobs still
     * running then are interrupted and are not marked failed, whatever they throw then (their
     * messages reappear and their leases expire, so they run again elsewhere). A call while
     * another is stopping the worker, or after it, waits up to its own timeout for that one and
     * answers as it did. A timeout too long to count in nanoseconds (such as
     * {@code ChronoUnit.FOREVER}'s) waits as long as it takes.
     *
     * @param timeout how long to wait; a negative one is taken as zero
     * @return true if every job finished in time (for a later call: if the first call's did, and it
     *     has finished)
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "'timeout' cannot be null.");
        long timeoutNanos = Waits.nanos(timeout);
        synchronized (lifecycle) {
            if (state == State.STOPPED || state == State.STOPPING) {
                return awaitStopped(timeoutNanos);
            }
            state = State.STOPPING;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        wake.signal();
        if (sendListener != null) {
            sendListener.close();
        }
        chores.shutdown();
        boolean clean = true;
        try {
            if (poller != null) {
                poller.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            executor.shutdown();
            clean = executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!clean) {
                LOG.warn(
                        "Worker '{}': {} jobs still running after {}; interrupting them",
                        name,
                        runningCount(),
                        timeout);
                interruptingJobs = true;
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interruptingJobs = true;
            executor.shutdownNow();
            clean = false;
        } finally {
            timer.shutdownNow();
            closedClean = clean;
            state = State.STOPPED;
            stopped.countDown();
        }
        LOG.info("Worker '{}' stopped", name);
        return clean;
    }

    /** A later or concurrent close(): waits for the first to finish and answers as it did. */
    private boolean awaitStopped(long timeoutNanos) {
        try {
            return stopped.await(timeoutNanos, TimeUnit.NANOSECONDS) && closedClean;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void onSent(String queueName) {
        for (JobMessageHandler<?> binding : bindings) {
            if (binding.queueName().equals(queueName)) {
                wake.signal();
                return;
            }
        }
    }

    /**
     * Shows an outage the start-up recovery waits out in {@link #isStoreDown()},
     * {@link #isQueueDown()} and the health checks; nothing else sets those flags before the first
     * receive, so the end of the recovery clears them.
     */
    private final RestartRecovery.OutageWatch recoveryOutages = new RestartRecovery.OutageWatch() {
        @Override
        public void waiting(RuntimeException outage) {
            if (outage instanceof JobQueueUnavailableException) {
                queueDown = true;
            } else {
                storeDown = true;
            }
        }

        @Override
        public void over() {
            queueDown = false;
            storeDown = false;
        }
    };

    /**
     * Sends the messages a queue that keeps none across restarts has lost, before the first
     * receive; tries again while the store or the queue is down, for as long as the worker runs.
     */
    private void recoverLostMessages() {
        try {
            for (RestartRecovery<?> recovery : recoveries) {
                stats.recoveredMessages.add(
                        recovery.runPatiently(name, () -> state == State.RUNNING, maxOutageBackoff, recoveryOutages));
            }
        } finally {
            recovering = false;
        }
    }

    private void pollLoop() {
        recoverLostMessages();
        long idlePause = MIN_IDLE_PAUSE_NANOS;
        long outagePause = MIN_OUTAGE_PAUSE_MILLIS;
        int next = 0;
        while (state == State.RUNNING) {
            try {
                if (storeDown) {
                    sleepMillis(outagePause);
                    outagePause = Math.min(outagePause * 2, maxOutageBackoff.toMillis());
                    if (probeStores()) {
                        storeDown = false;
                        outagePause = MIN_OUTAGE_PAUSE_MILLIS;
                        LOG.info("Worker '{}': the job store answers again; receiving resumes", name);
                    }
                    continue;
                }
                if (permits.availablePermits() == 0) {
                    if (permits.tryAcquire(maxPollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                        permits.release();
                    }
                    continue;
                }
                int received = 0;
                for (int i = 0; i < bindings.size() && state == State.RUNNING && !storeDown; i++) {
                    JobMessageHandler<?> binding = bindings.get((next + i) % bindings.size());
                    int free = Math.min(batchSize, permits.availablePermits());
                    if (free == 0) {
                        break;
                    }
                    List<QueueMessage> messages = queue.receive(binding.queueName(), free, visibilityTimeout);
                    if (messages.size() > 1) {
                        // Claimed together off this thread, so that receiving goes on meanwhile.
                        permits.acquireUninterruptibly(messages.size());
                        executor.execute(() -> runBatch(binding, messages));
                    } else {
                        for (QueueMessage message : messages) {
                            permits.acquireUninterruptibly();
                            executor.execute(() -> process(binding, message, null));
                        }
                    }
                    received += messages.size();
                }
                next = (next + 1) % bindings.size();
                if (queueDown) {
                    queueDown = false;
                    queueAccessDenied = false;
                    outagePause = MIN_OUTAGE_PAUSE_MILLIS;
                    LOG.info("Worker '{}': the queue answers again", name);
                }
                if (received == 0) {
                    wake.await(idlePause);
                    idlePause = Math.min(idlePause * 2, maxPollInterval.toNanos());
                } else {
                    idlePause = MIN_IDLE_PAUSE_NANOS;
                }
            } catch (JobQueueAccessDeniedException e) {
                // Once per back-off (until the queue answers again), not once per poll.
                if (!queueAccessDenied) {
                    LOG.error(
                            "Worker '{}': the queue service refuses this process's credentials, backing off until"
                                    + " it accepts them: {}",
                            name,
                            e.getMessage(),
                            e);
                }
                queueAccessDenied = true;
                queueDown = true;
                sleepMillis(outagePause);
                outagePause = Math.min(outagePause * 2, maxOutageBackoff.toMillis());
            } catch (JobQueueUnavailableException e) {
                if (!queueDown) {
                    LOG.warn("Worker '{}': queue unreachable; backing off", name, e);
                }
                queueDown = true;
                sleepMillis(outagePause);
                outagePause = Math.min(outagePause * 2, maxOutageBackoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // An Error too (a custom queue's NoClassDefFoundError, even an OutOfMemoryError):
                // thrown on, it would end the poller, and the worker would look alive but take nothing.
                LOG.error("Worker '{}': unexpected error while polling; backing off", name, e);
                sleepMillis(outagePause);
                outagePause = Math.min(outagePause * 2, maxOutageBackoff.toMillis());
            }
        }
    }

    private boolean probeStores() {
        Map<JobRepositoryBase<?>, Boolean> seen = new IdentityHashMap<>();
        for (JobMessageHandler<?> binding : bindings) {
            if (seen.put(binding.job().repository(), Boolean.TRUE) == null) {
                try {
                    binding.checkStore();
                } catch (RuntimeException e) {
                    LOG.debug("Worker '{}': job store still unreachable", name, e);
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Runs a received batch: claims its jobs in one repository call, hands all messages but the
     * first to the pool (their permits are taken) and processes the first on this thread.
     */
    private void runBatch(JobMessageHandler<?> binding, List<QueueMessage> messages) {
        List<? extends JobMessageHandler<?>.Delivery> deliveries = claimAhead(binding, messages);
        List<Runnable> leftToThisThread = new ArrayList<>();
        for (int m = 1; m < messages.size(); m++) {
            QueueMessage message = messages.get(m);
            JobMessageHandler<?>.Delivery delivery = deliveries == null ? null : deliveries.get(m);
            Runnable work = () -> process(binding, message, delivery);
            try {
                executor.execute(work);
            } catch (RejectedExecutionException e) {
                // close() shut the pool while this batch was being claimed: its jobs are claimed, so
                // they run here as the jobs already running finish, instead of waiting out their leases.
                leftToThisThread.add(work);
            }
        }
        process(binding, messages.get(0), deliveries == null ? null : deliveries.get(0));
        for (Runnable work : leftToThisThread) {
            if (Thread.currentThread().isInterrupted()) {
                // close() stopped waiting: the rest stay under their leases, as interrupted jobs do.
                break;
            }
            work.run();
        }
    }

    /**
     * Claims the jobs of a received batch (two or more messages) in one repository call; null
     * (each message then claims its own job, and meets the failure itself) if that failed.
     */
    private List<? extends JobMessageHandler<?>.Delivery> claimAhead(
            JobMessageHandler<?> binding, List<QueueMessage> messages) {
        try {
            return binding.claimAll(messages);
        } catch (RuntimeException e) {
            LOG.debug("Worker '{}': claiming a batch of {} jobs at once failed", name, messages.size(), e);
            return null;
        } catch (Throwable e) {
            // An Error too (a custom repository's AssertionError, even an OutOfMemoryError): thrown
            // on, it would end the batch before any message was processed, and the batch's permits
            // would never be given back, shrinking the worker for good.
            LOG.error("Worker '{}': claiming a batch of {} jobs at once failed", name, messages.size(), e);
            return null;
        }
    }

    private void process(JobMessageHandler<?> binding, QueueMessage message, JobMessageHandler<?>.Delivery delivery) {
        HostSignal.during(hostInterrupting, () -> processSignalled(binding, message, delivery));
    }

    private void processSignalled(
            JobMessageHandler<?> binding, QueueMessage message, JobMessageHandler<?>.Delivery delivery) {
        HeldMessage held = new HeldMessage(queue, binding.queueName(), message);
        LongConsumer renewal = now -> held.renewIfDue(now, visibilityTimeout);
        renewals.add(renewal);
        long start = listeners.isEmpty() ? 0 : System.nanoTime();
        try (ClaimNotice notice =
                listeners.isEmpty() ? null : ClaimNotice.open(job -> listeners.claimed(binding.queueName(), job))) {
            Outcome outcome = delivery != null
                    ? delivery.handle(new HeldActions(held))
                    : binding.handle(message.text(), message.dequeueCount(), new HeldActions(held));
            stats.record(outcome.type());
            if (!listeners.isEmpty()) {
                listeners.finished(
                        binding.queueName(),
                        requestTypes.get(binding.queueName()),
                        outcome.type(),
                        System.nanoTime() - start);
            }
        } catch (JobStoreUnavailableException e) {
            stats.storeErrors.increment();
            if (!storeDown) {
                LOG.warn("Worker '{}': job store unreachable; pausing receives until it answers", name, e);
            }
            storeDown = true;
            showSoon(held);
        } catch (JobQueueUnavailableException e) {
            stats.queueErrors.increment();
            queueDown = true;
            LOG.warn(
                    "Worker '{}': queue unreachable while settling message {}; it will be delivered again",
                    name,
                    message.messageId(),
                    e);
        } catch (MessageReceiptExpiredException e) {
            LOG.info("Worker '{}': message {} was received elsewhere meanwhile", name, message.messageId());
        } catch (RuntimeException | Error e) {
            // An Error too (one the runner does not take as the job's failure, such as
            // OutOfMemoryError): thrown on, it would end this thread, the poller's among them, unseen.
            stats.unexpectedErrors.increment();
            LOG.error(
                    "Worker '{}': message {} failed unexpectedly; it will be delivered again",
                    name,
                    message.messageId(),
                    e);
        } finally {
            renewals.remove(renewal);
            held.release();
            permits.release();
        }
    }

    private void showSoon(HeldMessage held) {
        // Make the message visible shortly after the store is back instead of a full visibility timeout later.
        try {
            held.hideFor(maxOutageBackoff);
        } catch (RuntimeException e) {
            LOG.debug("Worker '{}': could not shorten the visibility of a message", name, e);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker's message actions on a held message: delete, fresh send, visibility update, poison. */
    private final class HeldActions implements MessageActions {
        private final HeldMessage held;

        HeldActions(HeldMessage held) {
            this.held = held;
        }

        @Override
        public void delete() {
            held.delete();
        }

        @Override
        public void sendFresh(String jobIdJson, Duration delay) {
            queue.send(held.queueName(), JobMessageCodec.encodeJson(jobIdJson), delay);
        }

        @Override
        public void deferFor(String jobIdJson, Duration delay) {
            held.hideFor(delay);
        }

        @Override
        public void deadLetter(String reason) {
            LOG.warn(
                    "Queue '{}': message {} moved to '{}': {}",
                    held.queueName(),
                    held.current().messageId(),
                    queue.poisonQueueName(held.queueName()),
                    reason);
            held.deadLetter();
            stats.deadLettered.increment();
        }
    }

    /** Builds a {@link QueueWorker}. Not thread-safe. */
    public static final class Builder {
        private final JobQueue queue;
        private final List<Map.Entry<String, BackgroundJobBase<?, ?, ?>>> jobs = new ArrayList<>();
        private int concurrency = DEFAULT_CONCURRENCY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
        private int maxDequeueCount = DEFAULT_MAX_DEQUEUE_COUNT;
        private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
        private Duration maxOutageBackoff = DEFAULT_MAX_OUTAGE_BACKOFF;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private JobSweeper<?> sweeper;
        private boolean sweeping = true;
        private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        private String name = "backgroundjobs-worker";
        private final List<WorkerChores.PeriodicTask> periodicTasks = new ArrayList<>();
        private final List<WorkerListener> listeners = new ArrayList<>();

        private Builder(JobQueue queue) {
            this.queue = Objects.requireNonNull(queue, "'queue' cannot be null.");
        }

        /**
         * Binds a queue to the job that runs its messages.
         *
         * @param queueName the queue
         * @param job the job
         * @return this
         * @throws IllegalArgumentException if the queue name is invalid
         */
        public Builder job(String queueName, BackgroundJobBase<?, ?, ?> job) {
            JobValidation.requireQueueName(queueName);
            Objects.requireNonNull(job, "'job' cannot be null.");
            jobs.add(Map.entry(queueName, job));
            return this;
        }

        /**
         * The number of job threads. The thread idle most recently takes the next job, so a
         * light load keeps to one thread (and, with pools such as HikariCP, to the database
         * connection that thread used last, still warm).
         *
         * @param concurrency jobs run at once, 1..1024 (default {@value #DEFAULT_CONCURRENCY})
         * @return this
         * @throws IllegalArgumentException if out of that range
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 1024) {
                throw new IllegalArgumentException(
                        "'concurrency' must be between 1 and 1024, not " + concurrency + ".");
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * @param batchSize most messages per receive, 1..32 (default {@value #DEFAULT_BATCH_SIZE})
         * @return this
         * @throws IllegalArgumentException if out of that range
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > JobQueue.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException(
                        "'batchSize' must be between 1 and " + JobQueue.MAX_BATCH_SIZE + ", not " + batchSize + ".");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param visibilityTimeout how long a received message stays hidden, renewed while its job
         *     runs; longer than every bound job's lease (default 60 s), 1 s to 7 days
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if out of that range
         */
        public Builder visibilityTimeout(Duration visibilityTimeout) {
            Objects.requireNonNull(visibilityTimeout, "'visibilityTimeout' cannot be null.");
            if (visibilityTimeout.compareTo(Duration.ofSeconds(1)) < 0
                    || visibilityTimeout.compareTo(JobQueue.MAX_VISIBILITY_TIMEOUT) > 0) {
                throw new IllegalArgumentException(
                        "'visibilityTimeout' must be between 1 s and 7 days, not " + visibilityTimeout + ".");
            }
            this.visibilityTimeout = visibilityTimeout;
            return this;
        }

        /**
         * @param maxDequeueCount deliveries after which a message is poison (default {@value #DEFAULT_MAX_DEQUEUE_COUNT}),
         *     at least 1
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxDequeueCount(int maxDequeueCount) {
            if (maxDequeueCount < 1) {
                throw new IllegalArgumentException("'maxDequeueCount' must be at least 1.");
            }
            this.maxDequeueCount = maxDequeueCount;
            return this;
        }

        /**
         * @param maxPollInterval longest pause between polls of empty queues (default 1 s), at least 1 ms
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if under 1 ms
         */
        public Builder maxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = atLeastMillis(maxPollInterval, "maxPollInterval");
            return this;
        }

        /**
         * @param maxOutageBackoff longest pause between probes of an unreachable store or queue (default 5 s), at
         *     least 1 ms
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if under 1 ms
         */
        public Builder maxOutageBackoff(Duration maxOutageBackoff) {
            this.maxOutageBackoff = atLeastMillis(maxOutageBackoff, "maxOutageBackoff");
            return this;
        }

        /**
         * @param shutdownTimeout how long {@link QueueWorker#close()} waits for running jobs (default 30 s), zero
         *     or more
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if negative
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            Objects.requireNonNull(shutdownTimeout, "'shutdownTimeout' cannot be null.");
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("'shutdownTimeout' cannot be negative.");
            }
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Runs this sweeper on a timer while the worker runs, instead of the default one: one
         * {@link JobSweeper} per repository of the bound jobs, every {@link #DEFAULT_SWEEP_INTERVAL},
         * with the jobs' clock and serializer, the default thresholds, and
         * {@link JobSweeper.Builder#resendStaleSent} off (see {@link QueueWorker}).
         *
         * @param sweeper the sweeper
         * @param interval time between sweeps, at least 1 ms
         * @return this
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the interval is under 1 ms
         */
        public Builder sweeper(JobSweeper<?> sweeper, Duration interval) {
            this.sweeper = Objects.requireNonNull(sweeper, "'sweeper' cannot be null.");
            this.sweepInterval = atLeastMillis(interval, "interval");
            this.sweeping = true;
            return this;
        }

        /**
         * Sets the time between sweeps of the default sweepers (default
         * {@link #DEFAULT_SWEEP_INTERVAL}).
         *
         * @param interval time between sweeps, at least 1 ms
         * @return this
         * @throws NullPointerException if the interval is null
         * @throws IllegalArgumentException if the interval is under 1 ms
         */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = atLeastMillis(interval, "sweepInterval");
            return this;
        }

        /**
         * Runs no sweeper in this worker: for a deployment whose sweeping runs elsewhere (another
         * worker, an Azure Functions timer) or is not wanted. Undoes an earlier {@link #sweeper}.
         * The recovery at start on a queue that keeps no messages still runs.
         *
         * @return this
         */
        public Builder noSweeper() {
            this.sweeper = null;
            this.sweeping = false;
            return this;
        }

        /**
         * Runs a task on a timer while the worker runs: first at {@link QueueWorker#start()},
         * then {@code interval} after each run ends (runs of one task never overlap). Each task
         * has a thread of its own, apart from the jobs and the lease renewals. A task that
         * throws anything (an {@link Error} such as an {@code AssertionError} or an
         * {@code OutOfMemoryError} included: it has no caller to tell, and thrown on it would
         * never run again) is logged and runs again at its next turn; it never stops the worker.
         * {@link QueueWorker#close()} lets a run in progress finish but starts no other. This
         * is the hook through which add-ons such as recurring schedules run inside the worker.
         *
         * @param name the task's name, for logs
         * @param interval the pause between the end of one run and the start of the next, at least 1 ms
         * @param task the task; called from one thread at a time
         * @return this
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the name is blank or the interval under 1 ms
         */
        public Builder periodicTask(String name, Duration interval, Runnable task) {
            Objects.requireNonNull(name, "'name' cannot be null.");
            if (name.isBlank()) {
                throw new IllegalArgumentException("'name' cannot be blank.");
            }
            Objects.requireNonNull(task, "'task' cannot be null.");
            periodicTasks.add(new WorkerChores.PeriodicTask(name, atLeastMillis(interval, "interval"), task));
            return this;
        }

        /**
         * Adds a listener told of each claim and each settled delivery, for metrics. May be called
         * more than once; listeners are called in the order added. See {@link WorkerListener}.
         *
         * @param listener the listener
         * @return this
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(WorkerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "'listener' cannot be null."));
            return this;
        }

        /**
         * @param name the worker's name, used for its threads and logs
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "'name' cannot be null.");
            if (name.isBlank()) {
                throw new IllegalArgumentException("'name' cannot be blank.");
            }
            this.name = name;
            return this;
        }

        /**
         * @return the worker, not started
         * @throws IllegalStateException if no job is bound, a job's
         *     {@link BackgroundJobBase#requestTypeName()} is not a valid request type name (the
         *     message names the job's class and {@code 'requestType'}), a queue or a request type
         *     name is bound twice, or a job's lease is not shorter than the visibility timeout
         */
        public QueueWorker build() {
            if (jobs.isEmpty()) {
                throw new IllegalStateException("No job is bound: call job(queueName, job) at least once.");
            }
            Map<String, BackgroundJobBase<?, ?, ?>> byQueue = new LinkedHashMap<>();
            Map<String, BackgroundJobBase<?, ?, ?>> byType = new LinkedHashMap<>();
            for (Map.Entry<String, BackgroundJobBase<?, ?, ?>> binding : jobs) {
                BackgroundJobBase<?, ?, ?> job = binding.getValue();
                BackgroundJobBase<?, ?, ?> other = byQueue.put(binding.getKey(), job);
                if (other != null) {
                    throw new IllegalStateException("Queue '" + binding.getKey() + "' is bound to two jobs: "
                            + other.getClass().getName() + " and "
                            + job.getClass().getName() + ".");
                }
                String type = JobBindings.requireRequestTypeName(job);
                other = byType.put(type, job);
                if (other != null) {
                    throw new IllegalStateException("Request type name '" + type + "' is used by two jobs: "
                            + other.getClass().getName() + " and "
                            + job.getClass().getName()
                            + "; give one a distinct name (@JobRequestType or requestTypeName()).");
                }
                Duration lease = job.options().leaseDuration();
                if (lease.compareTo(visibilityTimeout) >= 0) {
                    throw new IllegalStateException(
                            "The lease of " + job.getClass().getName() + " (" + lease
                                    + ") must be shorter than the visibility timeout (" + visibilityTimeout + ").");
                }
            }
            return new QueueWorker(this);
        }

        private static Duration atLeastMillis(Duration d, String field) {
            Objects.requireNonNull(d, "'" + field + "' cannot be null.");
            if (d.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("'" + field + "' must be at least 1 ms.");
            }
            // Longer ones (ChronoUnit.FOREVER's) would overflow when counted in ms or ns.
            return Waits.capped(d);
        }
    }
}
