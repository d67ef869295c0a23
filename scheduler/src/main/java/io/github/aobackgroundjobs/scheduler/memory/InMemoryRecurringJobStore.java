package io.github.aobackgroundjobs.scheduler.memory;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.internal.RuleStates;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.FirePlan;
import io.github.aobackgroundjobs.scheduler.spi.FiredJob;
import io.github.aobackgroundjobs.scheduler.spi.JobRecords;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Recurring definitions kept in memory, for one process (with an in-memory or any other job
 * repository) and for tests. Every method holds one lock, so fires of concurrent callers in
 * this process are atomic; nothing survives the process.
 *
 * <p>Retention deletes through the repository's {@link JobQueryRepository#purge(Instant, Set, int)}
 * when the repository offers it, one state at a time, at most the policy's batch size a batch,
 * the earliest completed first, so a run stops after {@code maxBatchesPerRun} batches as on the
 * JDBC store; records whose notification was cleared are deleted by the age of their state only
 * (the cleared age needs the JDBC store). A repository that keeps that method's default cannot
 * bound a batch: its one batch per state deletes every matching record. Whether records are left
 * after a run cut short by its batch limit ({@link #hasFinishedJobs}) is known exactly over an
 * {@link InMemoryJobRepository} only.
 *
 * @param <K> the key type
 */
public final class InMemoryRecurringJobStore<K> implements RecurringJobStore<K> {

    private final JobRepositoryBase<K> repository;
    private final Map<String, DefinitionState> definitions = new TreeMap<>();
    private final Map<String, NavigableMap<Instant, K>> fires = new TreeMap<>();

    /**
     * @param repository the repository the fired jobs' records go to
     */
    public InMemoryRecurringJobStore(JobRepositoryBase<K> repository) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
    }

    @Override
    public JobRepositoryBase<K> repository() {
        return repository;
    }

    @Override
    public synchronized void declare(
            List<StoredDefinition> declared, Function<StoredDefinition, Instant> nextFire, Instant now) {
        Set<String> names = new HashSet<>();
        for (StoredDefinition d : declared) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("'name' " + d.name() + " is declared twice.");
            }
        }
        for (StoredDefinition d : declared) {
            DefinitionState old = definitions.get(d.name());
            Instant next =
                    old == null || d.firesDifferentlyFrom(old.definition()) ? nextFire.apply(d) : old.nextFireAt();
            definitions.put(
                    d.name(),
                    old == null
                            ? new DefinitionState(d, true, false, next, null, null, null, now)
                            : new DefinitionState(
                                    d,
                                    true,
                                    old.paused(),
                                    next,
                                    old.lastFireAt(),
                                    old.lastJobId(),
                                    old.lastRunSummary(),
                                    now));
        }
        for (Map.Entry<String, DefinitionState> e : definitions.entrySet()) {
            DefinitionState s = e.getValue();
            if (!names.contains(e.getKey()) && s.declared()) {
                e.setValue(new DefinitionState(
                        s.definition(),
                        false,
                        s.paused(),
                        s.nextFireAt(),
                        s.lastFireAt(),
                        s.lastJobId(),
                        s.lastRunSummary(),
                        now));
            }
        }
    }

    @Override
    public synchronized List<DefinitionState> findAll() {
        return new ArrayList<>(definitions.values());
    }

    @Override
    public synchronized Optional<DefinitionState> find(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    @Override
    public synchronized List<DefinitionState> findDue(Instant now, int limit) {
        return definitions.values().stream()
                .filter(s -> s.declared()
                        && !s.paused()
                        && s.nextFireAt() != null
                        && !s.nextFireAt().isAfter(now))
                .sorted(Comparator.comparing(DefinitionState::nextFireAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<List<FiredJob<K>>> fire(FirePlan plan, Instant now) {
        DefinitionState s = definitions.get(plan.name());
        if (s == null
                || !s.declared()
                || s.paused()
                || !plan.expectedNextFireAt().equals(s.nextFireAt())) {
            return Optional.empty();
        }
        NavigableMap<Instant, K> record = fires.computeIfAbsent(plan.name(), n -> new TreeMap<>());
        List<FiredJob<K>> fired = new ArrayList<>();
        String lastJobId = s.lastJobId();
        Instant lastFireAt = s.lastFireAt();
        for (Instant t : plan.fireTimes()) {
            if (record.containsKey(t)) {
                throw new IllegalStateException("Fire time " + t + " of '" + plan.name() + "' was queued already.");
            }
            K id = null;
            if (s.definition().kind() == StoredDefinition.Kind.JOB) {
                BackgroundJobInfo<K> job = repository.insert(JobRecords.newRecord(s.definition(), now));
                id = job.getId();
                lastJobId = repository.keyType().format(id);
            }
            record.put(t, id == null ? placeholder() : id);
            fired.add(new FiredJob<>(t, id));
            lastFireAt = t;
        }
        definitions.put(
                plan.name(),
                new DefinitionState(
                        s.definition(),
                        true,
                        false,
                        plan.nextFireAt(),
                        lastFireAt,
                        lastJobId,
                        s.lastRunSummary(),
                        now));
        return Optional.of(fired);
    }

    @SuppressWarnings("unchecked")
    private K placeholder() {
        // A task's fire has no job; the map needs a value.
        return (K) Boolean.TRUE;
    }

    @Override
    public synchronized Optional<K> queueNow(String name, Instant now) {
        DefinitionState s = definitions.get(name);
        if (s == null || s.definition().kind() != StoredDefinition.Kind.JOB) {
            return Optional.empty();
        }
        K id = repository.insert(JobRecords.<K>newRecord(s.definition(), now)).getId();
        definitions.put(
                name,
                new DefinitionState(
                        s.definition(),
                        s.declared(),
                        s.paused(),
                        s.nextFireAt(),
                        s.lastFireAt(),
                        repository.keyType().format(id),
                        s.lastRunSummary(),
                        now));
        return Optional.of(id);
    }

    @Override
    public synchronized boolean setPaused(String name, boolean paused, Instant nextFireAt, Instant now) {
        DefinitionState s = definitions.get(name);
        if (s == null) {
            return false;
        }
        definitions.put(
                name,
                new DefinitionState(
                        s.definition(),
                        s.declared(),
                        paused,
                        nextFireAt == null ? s.nextFireAt() : nextFireAt,
                        s.lastFireAt(),
                        s.lastJobId(),
                        s.lastRunSummary(),
                        now));
        return true;
    }

    @Override
    public synchronized boolean delete(String name) {
        fires.remove(name);
        return definitions.remove(name) != null;
    }

    @Override
    public synchronized void recordRun(String name, String summary, Instant now) {
        DefinitionState s = definitions.get(name);
        if (s != null) {
            definitions.put(
                    name,
                    new DefinitionState(
                            s.definition(),
                            s.declared(),
                            s.paused(),
                            s.nextFireAt(),
                            s.lastFireAt(),
                            s.lastJobId(),
                            summary,
                            now));
        }
    }

    @Override
    public int deleteFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore, int limit) {
        if (status != null && !status.isTerminal()) {
            throw new IllegalArgumentException("'status' must be a finished state, not " + status + ".");
        }
        if (clearedOnly || !(repository instanceof JobQueryRepository<?> query)) {
            return 0;
        }
        Set<JobStatus> statuses = RuleStates.of(status);
        return query.purge(completedBefore, statuses, limit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Exact over an {@link InMemoryJobRepository}; false for the cleared records (this store
     * deletes none by that rule) and over a repository that is no {@link JobQueryRepository}
     * (nothing is deleted); true for a state over another repository, which cannot tell cheaply.
     */
    @Override
    public boolean hasFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore) {
        if (status != null && !status.isTerminal()) {
            throw new IllegalArgumentException("'status' must be a finished state, not " + status + ".");
        }
        if (clearedOnly || !(repository instanceof JobQueryRepository<?>)) {
            return false;
        }
        if (repository instanceof InMemoryJobRepository<?> memory) {
            return memory.hasPurgeable(completedBefore, RuleStates.of(status));
        }
        return true;
    }

    @Override
    public synchronized int deleteFireRecords(Instant before) {
        int deleted = 0;
        for (NavigableMap<Instant, K> record : fires.values()) {
            Map<Instant, K> old = record.headMap(before, false);
            deleted += old.size();
            old.clear();
        }
        return deleted;
    }

    /**
     * @param name a definition
     * @return its recorded fire times and jobs (tasks map to no job), oldest first: for tests and diagnostics
     */
    public synchronized List<FiredJob<K>> fireRecords(String name) {
        List<FiredJob<K>> list = new ArrayList<>();
        fires.getOrDefault(name, new TreeMap<>())
                .forEach((t, id) -> list.add(new FiredJob<>(t, id instanceof Boolean ? null : id)));
        return list;
    }
}
