package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.scheduler.internal.FirePlanner;
import io.github.aobackgroundjobs.scheduler.internal.RetentionPolicyJson;
import io.github.aobackgroundjobs.scheduler.internal.RetentionRunner;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.FirePlan;
import io.github.aobackgroundjobs.scheduler.spi.FiredJob;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires recurring jobs: each fire time of each stored definition queues exactly one ordinary
 * job (record + message), however many processes call {@link #fireDue()} at once, because the
 * {@link RecurringJobStore} claims a fire time and creates its record in one transaction. Also
 * runs the built-in retention schedule, which deletes old finished records (see
 * {@link RetentionPolicy}).
 *
 * <p>Hosts: {@link #registerWith(QueueWorker.Builder)} makes a {@code QueueWorker} call it on
 * its own timer; under Azure Functions one timer trigger calls {@link FunctionsRecurringTimer}.
 * The message of a fired job is sent after the transaction commits; if the process dies in
 * between, or the send fails, the record stays PENDING and unsent, and the {@code JobSweeper}
 * sends it.
 *
 * <p>Thread-safe. Its settings are fixed by {@link Builder#build()}; the one state it keeps is
 * which definitions' fires failed in this process, to retry them after the others (see
 * {@link #fireDueJobs()}).
 *
 * @param <K> the key type of the job records
 */
public final class RecurringScheduler<K> {

    private static final Logger LOG = LoggerFactory.getLogger(RecurringScheduler.class);

    /** Default time between two looks for due fire times under {@code QueueWorker}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default most fire times of one definition queued per round. */
    public static final int DEFAULT_MAX_FIRES_PER_ROUND = 100;
    /**
     * Default most due definitions handled per round; definitions whose fire fails do not count,
     * so the round goes on past them.
     */
    public static final int DEFAULT_MAX_DEFINITIONS_PER_ROUND = 100;

    private final RecurringJobStore<K> store;
    private final JobRepositoryBase<K> repository;
    private final JobQueue queue;
    private final Clock clock;
    private final JobMessageCodec<K> codec;
    private final RetentionPolicy retention;
    private final Duration pollInterval;
    private final int maxFiresPerRound;
    private final List<RecurringJob> declared;
    private final Map<String, FailedFire> failedFires = new ConcurrentHashMap<>();
    private final AtomicLong failedAttempts = new AtomicLong();

    private RecurringScheduler(Builder<K> b) {
        this.store = b.store;
        this.repository = b.store.repository();
        this.queue = b.queue;
        this.clock = b.clock;
        this.codec = new JobMessageCodec<>(repository.keyType());
        this.retention = b.retention;
        this.pollInterval = b.pollInterval;
        this.maxFiresPerRound = b.maxFiresPerRound;
        this.declared = List.copyOf(b.definitions.values());
    }

    /**
     * @param store where definitions and fire records are kept
     * @param queue where fired jobs' messages are sent
     * @param <K> the key type
     * @return a builder
     */
    public static <K> Builder<K> builder(RecurringJobStore<K> store, JobQueue queue) {
        return new Builder<>(store, queue);
    }

    /**
     * Queues every due fire time of every declared, unpaused job definition, and runs every
     * due maintenance task. Safe to call from any number of processes at once.
     *
     * @return what was done
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public FireReport fireDue() {
        FireReport jobs = fireDueJobs();
        FireReport tasks = runDueTasks();
        return new FireReport(
                jobs.queued() + tasks.queued(),
                jobs.skippedRanges() + tasks.skippedRanges(),
                jobs.tasksRun() + tasks.tasksRun(),
                jobs.lostRaces() + tasks.lostRaces(),
                jobs.sendFailures() + tasks.sendFailures(),
                jobs.failedDefinitions() + tasks.failedDefinitions());
    }

    /**
     * Queues every due fire time of every declared, unpaused job definition: in one call at most
     * {@link #DEFAULT_MAX_DEFINITIONS_PER_ROUND} definitions, earliest due first, the rest in
     * the next calls. A definition whose fire fails with an error other than an outage (an
     * {@link Error} of a custom store, such as an {@code AssertionError}, included; not a
     * {@link VirtualMachineError} other than {@code StackOverflowError}, which ends the call) is
     * logged and counted in {@link FireReport#failedDefinitions()}; it does not count toward that
     * limit.
     * The next calls of this scheduler try it again after the other due definitions (at most
     * {@link #DEFAULT_MAX_DEFINITIONS_PER_ROUND} such retries per call, the least recently tried
     * first; retries do not count either), so failing definitions, however many, never hold back
     * the others.
     *
     * @return what was done
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public FireReport fireDueJobs() {
        Instant now = clock.instant();
        int[] queued = {0};
        int[] skipped = {0};
        int[] lost = {0};
        int[] failures = {0};
        int[] failed = {0};
        forEachDue(now, StoredDefinition.Kind.JOB, true, state -> {
            StoredDefinition definition = state.definition();
            Optional<List<FiredJob<K>>> fired;
            FirePlan plan;
            try {
                plan = FirePlanner.plan(state, now, maxFiresPerRound);
                if (plan.isEmpty()) {
                    return true;
                }
                fired = store.fire(plan, now);
            } catch (JobStoreUnavailableException e) {
                throw e;
            } catch (Throwable e) {
                // One definition that cannot fire (a constraint, a bad stored value, a custom store's
                // AssertionError or missing class) must not stop the others: thrown on, it would end
                // every round at this definition, the earliest due. Out of memory ends the round.
                if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                    throw fatal;
                }
                LOG.error(
                        "Recurring job '{}': fire failed; nothing was written, the next round tries again after"
                                + " the other definitions",
                        definition.name(),
                        e);
                failedFires.put(
                        definition.name(), new FailedFire(state.nextFireAt(), failedAttempts.incrementAndGet()));
                failed[0]++;
                return false;
            }
            failedFires.remove(definition.name());
            if (fired.isEmpty()) {
                lost[0]++;
                return true;
            }
            if (plan.skippedFrom() != null) {
                skipped[0]++;
                LOG.info(
                        "Recurring job '{}': fire times {} through {} missed and skipped",
                        definition.name(),
                        plan.skippedFrom(),
                        plan.skippedThrough());
            }
            for (FiredJob<K> job : fired.get()) {
                if (send(job.jobId(), definition)) {
                    queued[0]++;
                } else {
                    failures[0]++;
                }
            }
            return true;
        });
        return new FireReport(queued[0], skipped[0], 0, lost[0], failures[0], failed[0]);
    }

    /**
     * Hands the due definitions of one kind to {@code handler}, earliest first, until it has
     * handled {@link #DEFAULT_MAX_DEFINITIONS_PER_ROUND} or none is left; then retries the
     * definitions whose fire failed in an earlier round. A failing definition stays due at the
     * head of the store's list: counting it toward the limit would let enough of them starve the
     * others for good, so neither a failure (the handler returns false) nor a retry counts.
     *
     * @param readOn whether to read past the first rows when they hold too few of this kind; without
     *     it, one read has room for the round's limit twice over and the known failures, enough to
     *     reach a task behind failing job definitions without reading a whole backlog of due ones
     */
    private void forEachDue(
            Instant now, StoredDefinition.Kind kind, boolean readOn, Predicate<DefinitionState> handler) {
        Set<String> seen = new HashSet<>();
        List<DefinitionState> retries = new ArrayList<>();
        Map<String, Long> retryOrder = new HashMap<>();
        int handled = 0;
        // Room for the definitions that failed before, so that one read usually suffices.
        int limit = (readOn ? 1 : 2) * DEFAULT_MAX_DEFINITIONS_PER_ROUND + failedFires.size();
        boolean readAll = false;
        read:
        while (true) {
            List<DefinitionState> due = store.findDue(now, limit);
            for (DefinitionState state : due) {
                if (!seen.add(state.name()) || state.definition().kind() != kind) {
                    continue;
                }
                FailedFire failure = failedFires.get(state.name());
                // One fired or changed since its failure (by another process, a new declaration) is not failing.
                if (failure != null && failure.nextFireAt().equals(state.nextFireAt())) {
                    retries.add(state);
                    retryOrder.put(state.name(), failure.attempt());
                    continue;
                }
                if (handler.test(state) && ++handled >= DEFAULT_MAX_DEFINITIONS_PER_ROUND) {
                    break read;
                }
            }
            if (due.size() < limit) {
                readAll = true;
                break;
            }
            if (!readOn) {
                break;
            }
            // The round is short of its limit: read further, twice as many, so that a round reads few times.
            limit = limit > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : limit * 2;
        }
        // The least recently tried first, and a bounded number per round, so each is retried in turn.
        retries.sort(Comparator.comparing(state -> retryOrder.get(state.name())));
        for (DefinitionState state : retries.subList(0, Math.min(retries.size(), DEFAULT_MAX_DEFINITIONS_PER_ROUND))) {
            handler.test(state);
        }
        if (readAll) {
            // A failed definition no longer due (fired elsewhere, paused, deleted) is forgotten.
            failedFires.keySet().retainAll(seen);
        }
    }

    /** The next fire time whose fire failed in this scheduler, and the order of that attempt. */
    private record FailedFire(Instant nextFireAt, long attempt) {}

    /**
     * Runs every due maintenance task (the retention schedule) in this process; a task's fire
     * runs in exactly one process. The retention task is read by its name, apart from the due job
     * definitions, so however many of them are due before it, it runs when it is due.
     *
     * @return what was done
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public FireReport runDueTasks() {
        if (!retention.enabled()) {
            // Leave the fire to a process that runs retention, rather than consuming it here.
            return new FireReport(0, 0, 0, 0, 0, 0);
        }
        Instant now = clock.instant();
        int[] run = {0};
        int[] lost = {0};
        Predicate<DefinitionState> fireTask = state -> {
            StoredDefinition definition = state.definition();
            Schedule schedule = Schedule.parse(definition.schedule());
            // A task runs once however many of its fire times passed: the latest one counts, the rest are skipped.
            Instant latest = schedule.lastBefore(now.plusNanos(1), definition.zone())
                    .filter(t -> !t.isBefore(state.nextFireAt()))
                    .orElse(state.nextFireAt());
            Instant previous = latest.isAfter(state.nextFireAt())
                    ? schedule.lastBefore(latest, definition.zone()).orElse(null)
                    : null;
            FirePlan plan = new FirePlan(
                    definition.name(),
                    state.nextFireAt(),
                    List.of(latest),
                    previous == null ? null : state.nextFireAt(),
                    previous,
                    schedule.nextAfter(now, definition.zone()).orElse(null));
            if (store.fire(plan, now).isEmpty()) {
                lost[0]++;
                return true;
            }
            runTask(definition.name());
            run[0]++;
            return true;
        };
        // Read apart from the page of due rows: job definitions due before it, however many, never hold it back.
        Optional<DefinitionState> retentionTask = store.find(RetentionPolicy.DEFINITION_NAME)
                .filter(state -> state.definition().kind() == StoredDefinition.Kind.TASK && isDue(state, now));
        retentionTask.ifPresent(fireTask::test);
        // Tasks of a later version, whose fires this version records without running anything.
        forEachDue(
                now,
                StoredDefinition.Kind.TASK,
                false,
                state -> RetentionPolicy.DEFINITION_NAME.equals(state.name()) || fireTask.test(state));
        return new FireReport(0, 0, run[0], lost[0], 0, 0);
    }

    /** The rule of {@link RecurringJobStore#findDue}, for a definition read by its name. */
    private static boolean isDue(DefinitionState state, Instant now) {
        return state.declared()
                && !state.paused()
                && state.nextFireAt() != null
                && !state.nextFireAt().isAfter(now);
    }

    private void runTask(String name) {
        if (!RetentionPolicy.DEFINITION_NAME.equals(name)) {
            LOG.warn("Task '{}' is not known to this version; its fire is recorded and nothing runs", name);
            return;
        }
        if (!retention.enabled()) {
            return;
        }
        RetentionReport report = RetentionRunner.run(store, retention, clock.instant());
        LOG.info("Retention: {}", report.summary());
        recordRun(name, report);
    }

    /**
     * Stores a retention run's summary. A run interrupted in its pause (its host stopping) keeps
     * the interrupt; the summary is written without it, since a statement run with the flag set
     * fails (on H2's file store it closes the database), and the flag is set again after.
     */
    private void recordRun(String name, RetentionReport report) {
        boolean interrupted = Thread.interrupted();
        try {
            store.recordRun(name, report.summary(), clock.instant());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the retention policy once, now, outside its schedule, in this process.
     *
     * @return what was deleted
     * @throws IllegalStateException if retention is disabled
     * @throws RecurringTablesMissingException if the store's tables do not exist; nothing is
     *     deleted
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public RetentionReport runRetentionNow() {
        if (!retention.enabled()) {
            throw new IllegalStateException("Retention is disabled.");
        }
        // Read before deleting: without the scheduler's tables this fails before any job record is gone.
        Optional<DefinitionState> task = store.find(RetentionPolicy.DEFINITION_NAME);
        RetentionReport report = RetentionRunner.run(store, retention, clock.instant());
        task.ifPresent(s -> recordRun(s.name(), report));
        return report;
    }

    /**
     * Queues a job of a definition now, outside its schedule; the schedule is unchanged. A paused
     * definition's job is queued too, and the definition stays paused.
     *
     * @param name the definition
     * @return the new job's id
     * @throws RecurringJobNotFoundException if no job definition of that name is stored
     * @throws IllegalStateException if {@code name} is the retention task
     *     ({@link RetentionPolicy#DEFINITION_NAME}), which queues no job: {@link #runRetentionNow()}
     *     runs it
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public K runNow(String name) {
        if (RetentionPolicy.DEFINITION_NAME.equals(name)) {
            throw new IllegalStateException(
                    "'" + name + "' is the retention task, not a job definition: runRetentionNow() runs it once.");
        }
        DefinitionState state = get(name);
        K id = store.queueNow(name, clock.instant()).orElseThrow(() -> new RecurringJobNotFoundException(name));
        send(id, state.definition());
        return id;
    }

    /**
     * Stops firing a definition until {@link #resume}; fire times meanwhile are not queued.
     *
     * @param name the definition
     * @throws RecurringJobNotFoundException if none of that name is stored
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void pause(String name) {
        if (!store.setPaused(requireName(name), true, null, clock.instant())) {
            throw new RecurringJobNotFoundException(name);
        }
    }

    /**
     * Fires a paused definition again, from its first fire time after now. A definition that is
     * not paused is left as it is: its fire times already due are still queued.
     *
     * @param name the definition
     * @throws RecurringJobNotFoundException if none of that name is stored
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void resume(String name) {
        DefinitionState state = get(name);
        if (!state.paused()) {
            // Moving its next fire time past now would drop the fire times that are due but not yet queued.
            return;
        }
        Instant now = clock.instant();
        Instant next = Schedule.parse(state.definition().schedule())
                .nextAfter(now, state.definition().zone())
                .orElse(null);
        if (!store.setPaused(name, false, next, now)) {
            throw new RecurringJobNotFoundException(name);
        }
    }

    /**
     * Deletes a definition the application no longer declares, with its fire records; the jobs
     * it queued stay.
     *
     * @param name the definition
     * @throws RecurringJobNotFoundException if none of that name is stored
     * @throws IllegalStateException if it is still declared (remove it from the code first)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void delete(String name) {
        DefinitionState state = get(name);
        if (state.declared()) {
            throw new IllegalStateException("Recurring job '" + name
                    + "' is declared by the application; remove it from the declaration before deleting it.");
        }
        if (!store.delete(name)) {
            throw new RecurringJobNotFoundException(name);
        }
    }

    /**
     * @return every stored definition with its state, by name: the job definitions and, once a
     *     declaring builder stored it, the retention task {@link RetentionPolicy#DEFINITION_NAME}
     *     (its {@code definition().kind()} is {@code TASK})
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public List<DefinitionState> list() {
        return store.findAll();
    }

    /**
     * @param name the definition
     * @return its state, if stored
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public Optional<DefinitionState> find(String name) {
        return store.find(requireName(name));
    }

    /**
     * @param name the definition
     * @return its state
     * @throws RecurringJobNotFoundException if none of that name is stored
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public DefinitionState get(String name) {
        return find(name).orElseThrow(() -> new RecurringJobNotFoundException(name));
    }

    /** @return the definitions this scheduler declared */
    public List<RecurringJob> declared() {
        return declared;
    }

    /** @return the retention policy this scheduler runs when it fires the retention task */
    public RetentionPolicy retention() {
        return retention;
    }

    /**
     * The retention policy the last declaring process stored with the retention definition: what
     * the workers run, also where this scheduler declares nothing (a web front end whose own
     * {@link #retention()} may differ). Reads the store.
     *
     * @return the stored policy; {@link RetentionPolicy#disabled()} if the last declaring process
     *     had retention disabled (the retention task is then not declared, and no process runs
     *     it); empty if no process stored one (nothing declared yet, or a definition stored by a
     *     version that did not store it)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public Optional<RetentionPolicy> storedRetention() {
        return find(RetentionPolicy.DEFINITION_NAME)
                .flatMap(state -> state.declared()
                        // The policy stored before retention was disabled is not what the workers run.
                        ? RetentionPolicyJson.read(state.definition().requestJson())
                        : Optional.of(RetentionPolicy.disabled()));
    }

    /** @return the time between two looks for due fire times under a worker */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * Makes a worker fire due schedules on its own timer: job definitions every
     * {@link #pollInterval()}, and, while retention is enabled, maintenance tasks (retention) on a
     * second timer thread, so a long purge never delays a fire.
     *
     * @param worker the worker's builder
     * @return the builder
     */
    public QueueWorker.Builder registerWith(QueueWorker.Builder worker) {
        Objects.requireNonNull(worker, "'worker' cannot be null.");
        worker.periodicTask("recurring-jobs", pollInterval, this::fireDueJobs);
        if (retention.enabled()) {
            worker.periodicTask("recurring-tasks", pollInterval, this::runDueTasks);
        }
        return worker;
    }

    private boolean send(K id, StoredDefinition definition) {
        String queueName = definition.queueName();
        // The fire's transaction inserted the record: publish it once, as QueueJobClient publishes an insert.
        try {
            repository.onUpdated(id);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Recurring job '{}': job {} saved, but the update listeners could not be told",
                    definition.name(),
                    id,
                    e);
        }
        try {
            queue.send(queueName, codec.encode(id), Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Recurring job '{}': job {} saved but its message to '{}' failed; the sweeper will send it",
                    definition.name(),
                    id,
                    queueName,
                    e);
            return false;
        }
        try {
            // A sent mark is not published (nobody watches it), as in QueueJobClient.
            repository.markSent(id, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Recurring job '{}': job {} sent but not recorded as sent", definition.name(), id, e);
        }
        return true;
    }

    private static String requireName(String name) {
        return Objects.requireNonNull(name, "'name' cannot be null.");
    }

    /**
     * Builds a {@link RecurringScheduler}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final RecurringJobStore<K> store;
        private final JobQueue queue;
        private final Map<String, RecurringJob> definitions = new LinkedHashMap<>();
        private boolean declaring;
        private boolean declaredNone;
        private Clock clock = Clock.systemUTC();
        private RetentionPolicy retention = RetentionPolicy.defaults();
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int maxFiresPerRound = DEFAULT_MAX_FIRES_PER_ROUND;

        private Builder(RecurringJobStore<K> store, JobQueue queue) {
            this.store = Objects.requireNonNull(store, "'store' cannot be null.");
            this.queue = Objects.requireNonNull(queue, "'queue' cannot be null.");
        }

        /**
         * Adds a definition to this application's declaration, stored by {@link #build()}.
         *
         * @param job the definition
         * @return this
         * @throws IllegalArgumentException naming {@code 'name'} if another definition of this
         *     declaration has the same name, or the name is {@link RetentionPolicy#DEFINITION_NAME}
         *     (reserved for the retention task)
         * @throws IllegalStateException if {@link #declareNone()} was called on this builder
         */
        public Builder<K> declare(RecurringJob job) {
            Objects.requireNonNull(job, "'job' cannot be null.");
            if (declaredNone) {
                throw new IllegalStateException("declare(" + job.name() + ") after declareNone(): a declaration is"
                        + " either its definitions or none.");
            }
            if (RetentionPolicy.DEFINITION_NAME.equals(job.name())) {
                throw new IllegalArgumentException("'name' " + job.name() + " is reserved for retention.");
            }
            if (definitions.putIfAbsent(job.name(), job) != null) {
                throw new IllegalArgumentException(
                        "'name' " + job.name() + " is declared twice; recurring job names must be unique.");
            }
            declaring = true;
            return this;
        }

        /**
         * Declares that this application has no recurring jobs: {@link #build()} then marks every
         * stored one as not declared. Without this or a {@link #declare} call, {@code build()}
         * declares nothing and changes no definition (a dashboard-only process).
         *
         * @return this
         * @throws IllegalStateException if {@link #declare} was called on this builder
         */
        public Builder<K> declareNone() {
            if (!definitions.isEmpty()) {
                throw new IllegalStateException("declareNone() after declare(...) of " + definitions.keySet()
                        + ": a declaration is either its definitions or none.");
            }
            declaredNone = true;
            declaring = true;
            return this;
        }

        /**
         * @param clock the clock (default: system UTC)
         * @return this
         */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @param retention the retention policy (default {@link RetentionPolicy#defaults()}, enabled)
         * @return this
         */
        public Builder<K> retention(RetentionPolicy retention) {
            this.retention = Objects.requireNonNull(retention, "'retention' cannot be null.");
            return this;
        }

        /**
         * @param pollInterval time between two looks for due fire times under a worker (default 1 s), 10 ms..1 h
         * @return this
         * @throws IllegalArgumentException naming {@code 'pollInterval'} if outside 10 ms..1 h
         */
        public Builder<K> pollInterval(Duration pollInterval) {
            Objects.requireNonNull(pollInterval, "'pollInterval' cannot be null.");
            if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "'pollInterval' must be between 10 ms and 1 h, not " + pollInterval + ".");
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * @param maxFiresPerRound most fire times of one definition queued per round, 1..10,000 (default 100)
         * @return this
         * @throws IllegalArgumentException naming {@code 'maxFiresPerRound'} if outside 1..10,000
         */
        public Builder<K> maxFiresPerRound(int maxFiresPerRound) {
            if (maxFiresPerRound < 1 || maxFiresPerRound > 10_000) {
                throw new IllegalArgumentException(
                        "'maxFiresPerRound' must be between 1 and 10000, not " + maxFiresPerRound + ".");
            }
            this.maxFiresPerRound = maxFiresPerRound;
            return this;
        }

        /**
         * Builds the scheduler and, if this builder declared, stores the declaration in one
         * write: the definitions replace stored ones of the same names, others are marked not
         * declared, and the retention definition is stored (or marked not declared when
         * retention is disabled).
         *
         * @return the scheduler
         * @throws JobStoreUnavailableException if the declaration cannot be stored (nothing is)
         */
        public RecurringScheduler<K> build() {
            RecurringScheduler<K> scheduler = new RecurringScheduler<>(this);
            if (declaring) {
                List<StoredDefinition> stored = new ArrayList<>();
                for (RecurringJob job : definitions.values()) {
                    stored.add(StoredDefinition.of(job));
                }
                if (retention.enabled()) {
                    stored.add(retentionDefinition(retention));
                }
                store.declare(
                        stored,
                        d -> Schedule.parse(d.schedule())
                                .nextAfter(clock.instant(), d.zone())
                                .orElse(null),
                        clock.instant());
            }
            return scheduler;
        }

        private static StoredDefinition retentionDefinition(RetentionPolicy policy) {
            return new StoredDefinition(
                    RetentionPolicy.DEFINITION_NAME,
                    StoredDefinition.Kind.TASK,
                    Schedule.every(policy.interval()).text(),
                    ZoneOffset.UTC,
                    "",
                    "",
                    "",
                    RetentionPolicyJson.write(policy),
                    MissedFirePolicy.RUN_ONCE,
                    policy.interval());
        }
    }
}
