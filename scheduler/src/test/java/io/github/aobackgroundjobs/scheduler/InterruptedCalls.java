package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.FirePlan;
import io.github.aobackgroundjobs.scheduler.spi.FiredJob;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A store that notes every call made while the calling thread's interrupt flag is set (on H2's
 * file store such a statement fails), and that sets the flag after its first full batch of
 * deletes, as a host stopping during the pause that follows would; everything else goes to the
 * store it wraps.
 *
 * @param <K> the key type
 */
final class InterruptedCalls<K> implements RecurringJobStore<K> {

    private final RecurringJobStore<K> store;
    private volatile boolean interruptAfterAFullBatch = true;
    final List<String> whileInterrupted = new CopyOnWriteArrayList<>();

    InterruptedCalls(RecurringJobStore<K> store) {
        this.store = store;
    }

    private void note(String call) {
        if (Thread.currentThread().isInterrupted()) {
            whileInterrupted.add(call);
        }
    }

    @Override
    public int deleteFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore, int limit) {
        note("deleteFinishedJobs");
        int deleted = store.deleteFinishedJobs(status, clearedOnly, completedBefore, limit);
        if (deleted == limit && interruptAfterAFullBatch) {
            interruptAfterAFullBatch = false;
            Thread.currentThread().interrupt();
        }
        return deleted;
    }

    @Override
    public boolean hasFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore) {
        note("hasFinishedJobs");
        return store.hasFinishedJobs(status, clearedOnly, completedBefore);
    }

    @Override
    public void recordRun(String name, String summary, Instant now) {
        note("recordRun");
        store.recordRun(name, summary, now);
    }

    @Override
    public int deleteFireRecords(Instant before) {
        note("deleteFireRecords");
        return store.deleteFireRecords(before);
    }

    @Override
    public Optional<List<FiredJob<K>>> fire(FirePlan plan, Instant now) {
        note("fire");
        return store.fire(plan, now);
    }

    @Override
    public JobRepositoryBase<K> repository() {
        return store.repository();
    }

    @Override
    public void declare(List<StoredDefinition> definitions, Function<StoredDefinition, Instant> nextFire, Instant now) {
        note("declare");
        store.declare(definitions, nextFire, now);
    }

    @Override
    public List<DefinitionState> findAll() {
        note("findAll");
        return store.findAll();
    }

    @Override
    public Optional<DefinitionState> find(String name) {
        note("find");
        return store.find(name);
    }

    @Override
    public List<DefinitionState> findDue(Instant now, int limit) {
        note("findDue");
        return store.findDue(now, limit);
    }

    @Override
    public Optional<K> queueNow(String name, Instant now) {
        note("queueNow");
        return store.queueNow(name, now);
    }

    @Override
    public boolean setPaused(String name, boolean paused, Instant nextFireAt, Instant now) {
        note("setPaused");
        return store.setPaused(name, paused, nextFireAt, now);
    }

    @Override
    public boolean delete(String name) {
        note("delete");
        return store.delete(name);
    }
}
