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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A store whose fires of the definitions named with a prefix always fail (as a constraint or a bad
 * stored value would), counting the attempts; everything else goes to the store it wraps.
 *
 * @param <K> the key type
 */
final class FailingFires<K> implements RecurringJobStore<K> {

    private final RecurringJobStore<K> store;
    private final String prefix;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Function<String, Throwable> failure;

    FailingFires(RecurringJobStore<K> store, String prefix) {
        this(store, prefix, name -> new IllegalStateException("'" + name + "' cannot be fired."));
    }

    /** @param failure what a fire of a named definition throws, by name: an Error of a custom store, say */
    FailingFires(RecurringJobStore<K> store, String prefix, Function<String, Throwable> failure) {
        this.store = store;
        this.prefix = prefix;
        this.failure = failure;
    }

    /** @return the failed attempts by definition name */
    Map<String, Integer> attempts() {
        return Map.copyOf(attempts);
    }

    @Override
    public Optional<List<FiredJob<K>>> fire(FirePlan plan, Instant now) {
        if (plan.name().startsWith(prefix)) {
            attempts.merge(plan.name(), 1, Integer::sum);
            throw FailingFires.<RuntimeException>sneaky(failure.apply(plan.name()));
        }
        return store.fire(plan, now);
    }

    @Override
    public JobRepositoryBase<K> repository() {
        return store.repository();
    }

    @Override
    public void declare(List<StoredDefinition> definitions, Function<StoredDefinition, Instant> nextFire, Instant now) {
        store.declare(definitions, nextFire, now);
    }

    @Override
    public List<DefinitionState> findAll() {
        return store.findAll();
    }

    @Override
    public Optional<DefinitionState> find(String name) {
        return store.find(name);
    }

    @Override
    public List<DefinitionState> findDue(Instant now, int limit) {
        return store.findDue(now, limit);
    }

    @Override
    public Optional<K> queueNow(String name, Instant now) {
        return store.queueNow(name, now);
    }

    @Override
    public boolean setPaused(String name, boolean paused, Instant nextFireAt, Instant now) {
        return store.setPaused(name, paused, nextFireAt, now);
    }

    @Override
    public boolean delete(String name) {
        return store.delete(name);
    }

    @Override
    public void recordRun(String name, String summary, Instant now) {
        store.recordRun(name, summary, now);
    }

    @Override
    public int deleteFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore, int limit) {
        return store.deleteFinishedJobs(status, clearedOnly, completedBefore, limit);
    }

    @Override
    public int deleteFireRecords(Instant before) {
        return store.deleteFireRecords(before);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
