package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does when it starts on a queue whose messages did not survive the restart (an
 * in-memory queue): sends a message for every unfinished job of its queues, since none of theirs
 * can still be there. A PENDING job's message is visible when the job is due; a RUNNING job's
 * when its lease expires, so that the claim then takes it over as it would take over a dead
 * worker's job (one more attempt, or ABORTED past the attempt limit); a RUNNING job whose lease
 * has expired and whose cancel was requested is ended CANCELLED at once.
 *
 * <p>On an {@link InMemoryJobQueue} a job whose message the queue still holds (queued in this
 * process before the worker started, or held by another worker on the same queue) is skipped.
 * On other queues every message sent may duplicate one still queued: the claim makes that
 * harmless. Immutable and thread-safe; one pass per call.
 *
 * @param <K> the key type
 */
public final class RestartRecovery<K> {

    private static final Logger LOG = LoggerFactory.getLogger(RestartRecovery.class);

    /** Jobs read per query. */
    public static final int PAGE_SIZE = 500;

    private static final long FIRST_RETRY_PAUSE_MILLIS = 100;

    private static final Duration MAX_DELAY = JobQueue.MAX_VISIBILITY_TIMEOUT.minusMinutes(1);

    private final JobRepositoryBase<K> repository;
    private final JobQueue queue;
    private final Set<String> queueNames;
    private final JobStore<K> store;
    private final Clock clock;
    private final JobMessageCodec<K> codec;

    /**
     * @param store where the jobs are kept, with the clock and serializer of their jobs
     * @param queue where their messages go
     * @param queueNames the worker's queues that use this store
     */
    public RestartRecovery(JobStore<K> store, JobQueue queue, Set<String> queueNames) {
        this.store = store;
        this.repository = store.repository();
        this.queue = queue;
        this.queueNames = Set.copyOf(queueNames);
        this.clock = store.clock();
        this.codec = new JobMessageCodec<>(repository.keyType());
    }

    /** @return the worker's queues this recovery covers */
    public Set<String> queueNames() {
        return queueNames;
    }

    /**
     * Sends a message for every unfinished job of the queues, a page at a time.
     *
     * @param carryOn asked before each page; false stops the pass (the worker is closing)
     * @return what was sent and ended
     * @throws UnsupportedOperationException if the repository cannot list unfinished jobs
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be reached
     * @throws io.github.aobackgroundjobs.JobQueueUnavailableException if the queue cannot be reached
     */
    public Report run(BooleanSupplier carryOn) {
        int pending = 0;
        int running = 0;
        int cancelled = 0;
        K after = null;
        Map<String, Set<String>> held = heldMessages();
        while (carryOn.getAsBoolean()) {
            List<BackgroundJobInfo<K>> page = repository.findUnfinishedJobs(queueNames, after, PAGE_SIZE);
            for (BackgroundJobInfo<K> job : page) {
                if (held.getOrDefault(job.getQueueName(), Set.of()).contains(codec.encode(job.getId()))) {
                    continue;
                }
                switch (recover(job)) {
                    case PENDING_SENT -> pending++;
                    case RUNNING_SENT -> running++;
                    case CANCELLED -> cancelled++;
                    case NONE -> {}
                }
            }
            if (page.size() < PAGE_SIZE) {
                return new Report(pending, running, cancelled);
            }
            after = page.get(page.size() - 1).getId();
        }
        return new Report(pending, running, cancelled);
    }

    /**
     * Runs {@link #run} until it completes, trying again with pauses doubling from 100 ms up to
     * {@code maxPause} while the store or the queue cannot be reached (each attempt starts over;
     * the messages already sent are duplicates the claim makes harmless). Gives up, logged, on a
     * repository that cannot list unfinished jobs or on any other failure: the sweeper then
     * recovers the jobs.
     *
     * @param workerName named in the log
     * @param carryOn false stops the attempts (the worker is closing)
     * @param maxPause the longest pause between two attempts
     * @param outages told of each outage waited out, and when the attempts end
     * @return the messages sent again
     */
    public int runPatiently(String workerName, BooleanSupplier carryOn, Duration maxPause, OutageWatch outages) {
        try {
            return attempt(workerName, carryOn, maxPause, outages);
        } finally {
            outages.over();
        }
    }

    private int attempt(String workerName, BooleanSupplier carryOn, Duration maxPause, OutageWatch outages) {
        long pause = FIRST_RETRY_PAUSE_MILLIS;
        while (carryOn.getAsBoolean()) {
            try {
                Report report = run(carryOn);
                LOG.info(
                        "Worker '{}': the queue keeps no messages across restarts; sent the messages of {} PENDING"
                                + " and {} RUNNING jobs of {} again, and ended {} cancelled ones",
                        workerName,
                        report.pending(),
                        report.running(),
                        queueNames,
                        report.cancelled());
                return report.pending() + report.running();
            } catch (UnsupportedOperationException e) {
                LOG.warn(
                        "Worker '{}': the queue keeps no messages across restarts, and the repository cannot list"
                                + " the unfinished jobs of {} to send theirs again; only the sweeper recovers them",
                        workerName,
                        queueNames,
                        e);
                return 0;
            } catch (JobStoreUnavailableException | JobQueueUnavailableException e) {
                outages.waiting(e);
                LOG.warn(
                        "Worker '{}': cannot send the lost messages of {} yet ({}); trying again in {} ms",
                        workerName,
                        queueNames,
                        e.toString(),
                        pause);
                if (!pause(pause)) {
                    return 0;
                }
                pause = Math.min(pause * 2, maxPause.toMillis());
            } catch (Throwable e) {
                // An Error too (a custom repository's NoClassDefFoundError, even running out of
                // memory): this runs on the poller before its first receive, and thrown on it would
                // end the poller, so that the worker would look alive but take nothing.
                LOG.error(
                        "Worker '{}': sending the lost messages of {} failed; only the sweeper recovers them",
                        workerName,
                        queueNames,
                        e);
                return 0;
            }
        }
        return 0;
    }

    /** @return false if interrupted (the interrupt is kept) */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The messages an in-memory queue of this process still holds, by queue; none for other queues. */
    private Map<String, Set<String>> heldMessages() {
        Map<String, Set<String>> held = new HashMap<>();
        if (queue instanceof InMemoryJobQueue memory) {
            for (String name : queueNames) {
                held.put(name, memory.messageTexts(name));
            }
        }
        return held;
    }

    private enum Action {
        PENDING_SENT,
        RUNNING_SENT,
        CANCELLED,
        NONE
    }

    private Action recover(BackgroundJobInfo<K> job) {
        Instant now = clock.instant();
        if (job.getStatus() == JobStatus.PENDING) {
            send(job, until(now, job.getNextAttemptAt()));
            store.markSent(job.getId(), job.getQueueName());
            return Action.PENDING_SENT;
        }
        if (job.getStatus() != JobStatus.RUNNING) {
            return Action.NONE;
        }
        boolean expired =
                job.getLeaseExpiresAt() == null || !job.getLeaseExpiresAt().isAfter(now);
        if (expired && job.isCancelRequested()) {
            CancelResult result = store.requestCancel(job.getId());
            if (result == CancelResult.CANCELLED) {
                LOG.info("Job {}: its cancel was requested and its worker is gone: CANCELLED", job.getId());
                return Action.CANCELLED;
            }
            if (result != CancelResult.REQUESTED) {
                return Action.NONE;
            }
            // The store keeps it RUNNING: the claim of this message cancels it.
        }
        // Visible when the lease ends: the claim then takes the job over (BUSY if its owner still renews it).
        send(job, until(now, job.getLeaseExpiresAt()));
        return Action.RUNNING_SENT;
    }

    private void send(BackgroundJobInfo<K> job, Duration delay) {
        queue.send(job.getQueueName(), codec.encode(job.getId()), delay);
    }

    private static Duration until(Instant now, Instant at) {
        if (at == null || !at.isAfter(now)) {
            return Duration.ZERO;
        }
        Duration delay = Duration.between(now, at);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /**
     * What one recovery did.
     *
     * @param pending PENDING jobs whose message was sent again
     * @param running RUNNING jobs whose message was sent again, visible when their lease ends
     * @param cancelled RUNNING jobs whose cancel was requested and whose lease had expired, now CANCELLED
     */
    public record Report(int pending, int running, int cancelled) {}

    /**
     * What the recovery tells its worker while it waits out an outage, so the worker's health
     * shows the store or the queue down during recovery as it does while receiving.
     */
    public interface OutageWatch {

        /** @param outage the store's or the queue's failure the recovery waits out */
        void waiting(RuntimeException outage);

        /** The attempts ended: recovered, given up, or the worker is closing. */
        void over();
    }
}
