package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Health checks of a repository and of queues, each bounded in time. A probe runs on a daemon
 * thread of its own, so that the probes of one report run at once; a caller waits until its
 * deadline and reports a target that has not answered by then as down. A probe still hanging is joined by the next caller instead of a new one being
 * started, so a hung store ties up one thread per target, not one per probe.
 */
public final class HealthProbes {

    private static final ExecutorService PROBES =
            Executors.newCachedThreadPool(Scheduler.daemonThreads("backgroundjobs-health"));

    /** In-flight probes by target; weak keys, so that a dropped repository or queue is forgotten. */
    private static final Map<Object, Map<String, CompletableFuture<Map<String, String>>>> IN_FLIGHT =
            new WeakHashMap<>();

    private HealthProbes() {}

    /**
     * Probes a repository with {@link JobRepositoryBase#checkAvailable()}.
     *
     * @param name the check's name
     * @param repository the repository
     * @return the running probe
     */
    public static Probe repository(String name, JobRepositoryBase<?> repository) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("repository", repository.getClass().getName());
        return new Probe(name, details, inFlight(repository, "", () -> {
            repository.checkAvailable();
            return Map.of();
        }));
    }

    /**
     * Probes a queue by reading its approximate length ({@link JobQueue#approximateLength}), a
     * read the service answers only when it is reachable and accepts the credentials.
     *
     * @param queue the queue service
     * @param queueName the queue
     * @return the running probe, named {@code queue:<queueName>}
     */
    public static Probe queue(JobQueue queue, String queueName) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("queue", queueName);
        return new Probe("queue:" + queueName, details, inFlight(queue, queueName, () -> {
            OptionalLong length = queue.approximateLength(queueName);
            return length.isPresent() ? Map.of("approximateLength", Long.toString(length.getAsLong())) : Map.of();
        }));
    }

    /**
     * Probes a repository and queues at once and waits for them.
     *
     * @param repository the repository, checked as {@code repository}
     * @param queue the queue service
     * @param queueNames the queues, each checked as {@code queue:<name>}
     * @param timeout the longest wait
     * @return the report
     */
    public static HealthReport report(
            JobRepositoryBase<?> repository, JobQueue queue, List<String> queueNames, Duration timeout) {
        long deadline = System.nanoTime() + Waits.nanos(timeout);
        List<Probe> probes = new ArrayList<>();
        probes.add(repository("repository", repository));
        for (String queueName : queueNames) {
            probes.add(queue(queue, queueName));
        }
        List<HealthReport.Check> checks = new ArrayList<>();
        for (Probe probe : probes) {
            checks.add(probe.await(deadline, timeout));
        }
        return HealthReport.of(checks);
    }

    /** A probe under way. */
    public static final class Probe {
        private final String name;
        private final Map<String, String> details;
        private final CompletableFuture<Map<String, String>> future;
        private final long start = System.nanoTime();

        private Probe(String name, Map<String, String> details, CompletableFuture<Map<String, String>> future) {
            this.name = name;
            this.details = details;
            this.future = future;
        }

        /**
         * @param deadlineNanos the {@link System#nanoTime()} by which it must have answered
         * @param timeout the whole timeout, for the message
         * @return the check: down with an {@code error} detail if it failed or did not answer in time
         */
        public HealthReport.Check await(long deadlineNanos, Duration timeout) {
            try {
                details.putAll(future.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
                details.put("tookMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                return new HealthReport.Check(name, true, details);
            } catch (TimeoutException e) {
                details.put("error", "no answer within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                details.put("error", cause.getClass().getName() + ": " + cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                details.put("error", "interrupted while waiting for the probe");
            }
            return new HealthReport.Check(name, false, details);
        }
    }

    private static CompletableFuture<Map<String, String>> inFlight(
            Object target, String key, Supplier<Map<String, String>> check) {
        synchronized (IN_FLIGHT) {
            Map<String, CompletableFuture<Map<String, String>>> byKey =
                    IN_FLIGHT.computeIfAbsent(target, t -> new LinkedHashMap<>());
            CompletableFuture<Map<String, String>> running = byKey.get(key);
            if (running != null && !running.isDone()) {
                return running;
            }
            CompletableFuture<Map<String, String>> started = CompletableFuture.supplyAsync(check, PROBES);
            byKey.put(key, started);
            return started;
        }
    }
}
