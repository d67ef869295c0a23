package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.internal.CalledBack;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a change of a job record is published in this process: the original's
 * {@code Updated} event. Every write a watcher cares about (a status change, progress, cleared,
 * cancel requested; not lease renewals or sent marks) made through this library's client,
 * worker, sweeper or Functions adapter is published here exactly once, after it is saved.
 * Listeners are the dashboard's live stream, a {@link io.github.aobackgroundjobs.webhook.WebhookNotifier},
 * or an application's own.
 *
 * <p>There is one instance per repository: {@link JobRepositoryBase#updates()}. A custom
 * repository implements persistence only and never publishes.
 *
 * <p>Thread-safe. Listeners are called on the thread that made the change and must be quick;
 * an exception thrown by one is logged and the others are still told.
 *
 * @param <K> the key type
 */
public final class JobUpdates<K> {

    private static final Logger LOG = LoggerFactory.getLogger(JobUpdates.class);

    private final JobRepositoryBase<K> repository;
    private final CopyOnWriteArrayList<JobUpdateListener<K>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<K, CopyOnWriteArrayList<JobUpdateListener<K>>> watchers = new ConcurrentHashMap<>();

    /**
     * Made by {@link JobRepositoryBase} for itself; applications take {@link JobRepositoryBase#updates()}.
     *
     * @param repository the repository whose records {@link #onUpdated} reads
     */
    public JobUpdates(JobRepositoryBase<K> repository) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
    }

    /**
     * Registers a listener told of every published change.
     *
     * @param listener the listener; one added twice is told twice, and each registration
     *     removes one of them
     * @return a handle that removes it
     * @throws NullPointerException if {@code listener} is null
     */
    public Registration addListener(JobUpdateListener<K> listener) {
        Objects.requireNonNull(listener, "'listener' cannot be null.");
        listeners.add(listener);
        // Once only: a second close would remove another registration of the same listener.
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                listeners.remove(listener);
            }
        };
    }

    /**
     * Registers a listener told of the published changes of one job only, e.g. a running job
     * that stops as soon as a cancel is requested in this process.
     *
     * @param id the job
     * @param listener the listener
     * @return a handle that removes it
     * @throws NullPointerException if an argument is null
     */
    public Registration watch(K id, JobUpdateListener<K> listener) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(listener, "'listener' cannot be null.");
        watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                watchers.computeIfPresent(id, (k, list) -> {
                    list.remove(listener);
                    return list.isEmpty() ? null : list;
                });
            }
        };
    }

    /** @return true if at least one listener of every change is registered */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * @param id a job
     * @return true if a change of this job would reach anyone: callers skip building a copy
     *     of a record nobody reads
     */
    public boolean isObserved(K id) {
        return !listeners.isEmpty() || (!watchers.isEmpty() && watchers.containsKey(id));
    }

    /**
     * Reads a job's record and tells the listeners: the original's {@code OnUpdatedAsync}. Call
     * it for a change made elsewhere (a webhook receiver does, for a worker in another process).
     * Reads nothing when nobody listens for this job; does nothing for an unknown id.
     *
     * @param id the job that changed
     * @throws NullPointerException if {@code id} is null
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the store cannot be reached
     */
    public void onUpdated(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        if (!isObserved(id)) {
            return;
        }
        Optional<BackgroundJobInfo<K>> job = repository.findJob(id);
        job.ifPresent(this::publish);
    }

    /**
     * Tells the listeners of a record the caller already holds, as it is after the change.
     * Each listener gets its own copy. A record without id is told to the listeners of every
     * change only.
     *
     * @param job the record
     * @throws NullPointerException if {@code job} is null
     */
    public void publish(BackgroundJobInfo<K> job) {
        Objects.requireNonNull(job, "'job' cannot be null.");
        for (JobUpdateListener<K> listener : listeners) {
            tell(listener, job);
        }
        // A record without id (not saved yet) is nobody's watched job.
        if (!watchers.isEmpty() && job.getId() != null) {
            CopyOnWriteArrayList<JobUpdateListener<K>> forJob = watchers.get(job.getId());
            if (forJob != null) {
                for (JobUpdateListener<K> listener : forJob) {
                    tell(listener, job);
                }
            }
        }
    }

    private static <K> void tell(JobUpdateListener<K> listener, BackgroundJobInfo<K> job) {
        try {
            listener.onJobUpdated(job.copy());
        } catch (Throwable e) {
            CalledBack.rethrowIfFatal(e);
            LOG.warn("Job update listener {} failed for job {}", listener, job.getId(), e);
        }
    }
}
