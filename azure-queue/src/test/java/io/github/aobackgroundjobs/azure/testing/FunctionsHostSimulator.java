package io.github.aobackgroundjobs.azure.testing;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the annotated functions of a Java Functions app from real Azure Storage queues the
 * way the Functions host does, so a test exercises Functions semantics instead of assuming
 * them:
 * <ul>
 *   <li>each {@code @QueueTrigger} function's queue is polled in batches of host.json's
 *       {@code batchSize}; a batch runs concurrently;</li>
 *   <li>a received message stays hidden while its function runs (lease renewed at half of
 *       {@link Builder#messageLease}, 10 minutes by default like the host's);</li>
 *   <li>the text is base64-decoded (host.json {@code messageEncoding}, default base64) before
 *       the {@code String} parameter gets it; text that does not decode fails the invocation,
 *       as on the host;</li>
 *   <li>a normal return deletes the message; a throw makes it visible again after host.json's
 *       {@code visibilityTimeout}, and once its dequeue count reaches {@code maxDequeueCount}
 *       the text is copied unchanged to {@code <queue>-poison} and the message deleted;</li>
 *   <li>{@code %setting%} in a queue name and the {@code connection} setting resolve from
 *       {@link Builder#setting}; an empty connection means {@code AzureWebJobsStorage};</li>
 *   <li>{@code @TimerTrigger} functions run on {@link #fireTimer};</li>
 *   <li>a function whose setting {@code AzureWebJobs.<name>.Disabled} is {@code true} is not
 *       run, as on the host.</li>
 * </ul>
 * Bindings supported: the trigger ({@code String}), {@link ExecutionContext}, and
 * {@code @BindingName} {@code DequeueCount}, {@code Id}, {@code PopReceipt},
 * {@code InsertionTime}. A function with any other parameter is refused when built.
 *
 * <p>Thread-safe; {@link #close()} stops its threads.
 */
public final class FunctionsHostSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionsHostSimulator.class);
    private static final String TIMER_INFO =
            "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null," + "\"IsPastDue\":false}";

    /** How a delivery ended. */
    public enum Disposition {
        /** The function returned; the message was deleted. */
        DELETED,
        /** The function threw; the message becomes visible again after the visibility timeout. */
        RELEASED,
        /** The function threw on the last allowed delivery, or the count was already past it. */
        POISONED,
        /** The queue could not be reached to settle it: it comes back when its lease ends. */
        UNSETTLED,
        /** A timer function ran (no message). */
        TIMER
    }

    /**
     * One run of a function.
     *
     * @param functionName the function
     * @param queueName the trigger's queue, null for a timer
     * @param messageText the message text as stored in the queue, null for a timer
     * @param dequeueCount the delivery's dequeue count, 0 for a timer
     * @param error what the function threw, or null
     * @param disposition what the host did with the message
     * @param logLines what the function logged through its context
     */
    public record Invocation(
            String functionName,
            String queueName,
            String messageText,
            long dequeueCount,
            Throwable error,
            Disposition disposition,
            List<String> logLines) {
        /** @return whether the function returned normally */
        public boolean succeeded() {
            return error == null;
        }
    }

    private final Class<?> functionsClass;
    private final Supplier<?> instances;
    private final HostJson host;
    private final Map<String, String> settings;
    private final Duration messageLease;
    private final Map<String, FunctionApp.QueueFunction> queueFunctions;
    private final Map<String, Method> timerFunctions;
    private final Map<String, AzureStorageJobQueue> queues = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals;

    private FunctionsHostSimulator(Builder builder) {
        this.functionsClass = builder.functionsClass;
        this.instances = builder.instances != null ? builder.instances : this::newInstance;
        this.host = builder.host;
        this.settings = Map.copyOf(builder.settings);
        this.messageLease = builder.messageLease;
        FunctionApp app = new FunctionApp(functionsClass, settings);
        this.queueFunctions = app.queueFunctions();
        this.timerFunctions = app.timerFunctions();
        this.workers = Executors.newFixedThreadPool(Math.max(1, host.batchSize()), r -> daemon(r, "functions-host"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "functions-host-lease"));
    }

    /**
     * @param functionsClass the class whose {@code @FunctionName} methods to drive
     * @return a builder
     */
    public static Builder builder(Class<?> functionsClass) {
        return new Builder(functionsClass);
    }

    /** @return the queue-triggered functions by name, with their queues */
    public Map<String, String> queueFunctions() {
        Map<String, String> out = new LinkedHashMap<>();
        queueFunctions.forEach((name, f) -> out.put(name, f.queueName()));
        return out;
    }

    /** @return the settings read from host.json (or the host's defaults) */
    public HostJson hostJson() {
        return host;
    }

    /** @return every invocation so far, in completion order */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /**
     * The job queue of a connection setting, as the simulator uses it.
     *
     * @param connectionSetting the setting's name, e.g. {@code AzureWebJobsStorage}
     * @return the queue
     */
    public AzureStorageJobQueue queue(String connectionSetting) {
        return queues.computeIfAbsent(connectionSetting, name -> {
            String connectionString = settings.get(name);
            if (connectionString == null) {
                throw new IllegalStateException("No setting '" + name + "' (the connection of a trigger).");
            }
            return QueueManager.fromConnectionString(connectionString).jobQueue();
        });
    }

    /**
     * Polls every queue function's queue once and runs what arrived; returns when every
     * delivery of the batch has finished.
     *
     * @return how many deliveries were handled
     */
    public int runOnce() {
        List<Future<?>> running = new ArrayList<>();
        for (FunctionApp.QueueFunction function : queueFunctions.values()) {
            AzureStorageJobQueue queue = queue(function.connection());
            for (QueueMessage message :
                    queue.receive(function.queueName(), Math.min(32, host.batchSize()), messageLease)) {
                running.add(workers.submit(() -> deliver(function, queue, message)));
            }
        }
        for (Future<?> future : running) {
            try {
                future.get(messageLease.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("A delivery did not finish", e);
            }
        }
        return running.size();
    }

    /**
     * Polls until every trigger queue is empty, counting hidden (delayed or failed) messages:
     * waits for them to become visible, as the host would. A storage account that cannot be
     * reached is polled again until the timeout, as the host does.
     *
     * @param timeout the longest wait
     * @throws AssertionError if a queue still holds messages after the timeout
     */
    public void runUntilIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long idlePoll = Math.min(200, Math.max(10, host.maxPollingInterval().toMillis()));
        while (true) {
            Map<String, Long> left = new HashMap<>();
            try {
                if (runOnce() > 0) {
                    continue;
                }
                for (FunctionApp.QueueFunction function : queueFunctions.values()) {
                    long length = queue(function.connection())
                            .approximateLength(function.queueName())
                            .orElse(0);
                    if (length > 0) {
                        left.put(function.queueName(), length);
                    }
                }
                if (left.isEmpty()) {
                    return;
                }
            } catch (JobQueueUnavailableException e) {
                // The host keeps polling a storage account that is away.
                left.put("(unreachable)", -1L);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Queues not drained within " + timeout + ": " + left);
            }
            sleep(idlePoll);
        }
    }

    /**
     * Runs a timer function once, as its schedule would.
     *
     * @param functionName the {@code @FunctionName} of a timer function
     * @return the invocation; its {@code error} is what the function threw, if anything
     */
    public Invocation fireTimer(String functionName) {
        Method method = timerFunctions.get(functionName);
        if (method == null) {
            throw new IllegalArgumentException(
                    "No timer function '" + functionName + "'; timer functions: " + timerFunctions.keySet());
        }
        SimulatedExecutionContext context = new SimulatedExecutionContext(functionName);
        Throwable error = FunctionApp.invoke(method, instanceFor(method), context, TIMER_INFO, null);
        Invocation invocation = new Invocation(functionName, null, null, 0, error, Disposition.TIMER, context.lines());
        invocations.add(invocation);
        return invocation;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        renewals.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(FunctionApp.QueueFunction function, AzureStorageJobQueue queue, QueueMessage received) {
        String queueName = function.queueName();
        if (received.dequeueCount() > host.maxDequeueCount()) {
            poison(queue, queueName, received);
            invocations.add(new Invocation(
                    function.name(),
                    queueName,
                    received.text(),
                    received.dequeueCount(),
                    null,
                    Disposition.POISONED,
                    List.of()));
            return;
        }
        AtomicReference<QueueMessage> current = new AtomicReference<>(received);
        long renewEvery = Math.max(500, messageLease.toMillis() / 2);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(
                () -> {
                    try {
                        current.set(queue.updateVisibility(queueName, current.get(), messageLease));
                    } catch (RuntimeException e) {
                        LOG.warn("Could not renew message {} on '{}'", received.messageId(), queueName, e);
                    }
                },
                renewEvery,
                renewEvery,
                TimeUnit.MILLISECONDS);

        SimulatedExecutionContext context = new SimulatedExecutionContext(function.name());
        Throwable error;
        String payload = null;
        try {
            payload = host.base64() ? FunctionApp.decodeBase64(received.text()) : received.text();
            error = null;
        } catch (IllegalArgumentException e) {
            error = e;
        }
        if (error == null) {
            error = FunctionApp.invoke(function.method(), instanceFor(function.method()), context, payload, received);
        }
        renewal.cancel(false);
        awaitRenewalIdle();

        Disposition disposition;
        try {
            if (error == null) {
                queue.delete(queueName, current.get());
                disposition = Disposition.DELETED;
            } else if (received.dequeueCount() >= host.maxDequeueCount()) {
                poison(queue, queueName, current.get());
                disposition = Disposition.POISONED;
            } else {
                queue.updateVisibility(queueName, current.get(), host.visibilityTimeout());
                disposition = Disposition.RELEASED;
            }
        } catch (JobQueueUnavailableException e) {
            LOG.warn("Message {} on '{}' could not be settled: {}", received.messageId(), queueName, e.getMessage());
            disposition = Disposition.UNSETTLED;
        } catch (MessageReceiptExpiredException e) {
            // The lease was lost and someone else has the message now: the host logs and moves on.
            LOG.warn(
                    "Message {} on '{}' was received elsewhere before it could be settled",
                    received.messageId(),
                    queueName);
            disposition = error == null ? Disposition.DELETED : Disposition.RELEASED;
        }
        if (error != null) {
            LOG.info(
                    "Function {} failed on message {} (delivery {}): {}",
                    function.name(),
                    received.messageId(),
                    received.dequeueCount(),
                    error.toString());
        }
        invocations.add(new Invocation(
                function.name(),
                queueName,
                received.text(),
                received.dequeueCount(),
                error,
                disposition,
                context.lines()));
    }

    private void poison(AzureStorageJobQueue queue, String queueName, QueueMessage message) {
        queue.send(queue.poisonQueueName(queueName), message.text(), Duration.ZERO);
        queue.delete(queueName, message);
    }

    private void awaitRenewalIdle() {
        // A renewal already running must finish before the receipt is used to settle the message.
        try {
            renewals.submit(() -> {}).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object instanceFor(Method method) {
        return java.lang.reflect.Modifier.isStatic(method.getModifiers()) ? null : instances.get();
    }

    private Object newInstance() {
        try {
            return functionsClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The host needs a public no-argument constructor on " + functionsClass, e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Configures a {@link FunctionsHostSimulator}. */
    public static final class Builder {
        /** The host's own lease on a message it is running. */
        public static final Duration DEFAULT_MESSAGE_LEASE = Duration.ofMinutes(10);

        private final Class<?> functionsClass;
        private Supplier<?> instances;
        private HostJson host = HostJson.DEFAULTS;
        private final Map<String, String> settings = new HashMap<>();
        private Duration messageLease = DEFAULT_MESSAGE_LEASE;

        private Builder(Class<?> functionsClass) {
            this.functionsClass = Objects.requireNonNull(functionsClass, "'functionsClass' cannot be null.");
        }

        /**
         * @param instances makes the object each invocation runs on (the host uses the no-arg
         *     constructor, the default here too)
         * @return this builder
         */
        public Builder instances(Supplier<?> instances) {
            this.instances = Objects.requireNonNull(instances, "'instances' cannot be null.");
            return this;
        }

        /**
         * @param hostJson the app's host.json
         * @return this builder
         */
        public Builder hostJson(Path hostJson) {
            this.host = HostJson.read(hostJson);
            return this;
        }

        /**
         * @param hostJson queue settings
         * @return this builder
         */
        public Builder hostJson(HostJson hostJson) {
            this.host = Objects.requireNonNull(hostJson, "'hostJson' cannot be null.");
            return this;
        }

        /**
         * @param name an app setting (connection strings, {@code %name%} expressions)
         * @param value its value
         * @return this builder
         */
        public Builder setting(String name, String value) {
            settings.put(
                    Objects.requireNonNull(name, "'name' cannot be null."),
                    Objects.requireNonNull(value, "'value' cannot be null."));
            return this;
        }

        /**
         * @param messageLease how long a running message stays hidden between renewals, at
         *     least 2 seconds
         * @return this builder
         */
        public Builder messageLease(Duration messageLease) {
            if (messageLease.compareTo(Duration.ofSeconds(2)) < 0) {
                throw new IllegalArgumentException("'messageLease' must be at least 2 seconds: " + messageLease);
            }
            this.messageLease = messageLease;
            return this;
        }

        /** @return the simulator */
        public FunctionsHostSimulator build() {
            return new FunctionsHostSimulator(this);
        }
    }
}
