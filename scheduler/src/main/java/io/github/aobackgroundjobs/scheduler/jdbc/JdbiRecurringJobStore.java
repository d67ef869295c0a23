package io.github.aobackgroundjobs.scheduler.jdbc;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.JobTableMissingException;
import io.github.aobackgroundjobs.scheduler.RecurringTablesMissingException;
import io.github.aobackgroundjobs.scheduler.internal.RuleStates;
import io.github.aobackgroundjobs.scheduler.jdbc.internal.DefinitionRows;
import io.github.aobackgroundjobs.scheduler.jdbc.internal.RecurringSchema;
import io.github.aobackgroundjobs.scheduler.jdbc.internal.RecurringTables;
import io.github.aobackgroundjobs.scheduler.jdbc.internal.StoreFailures;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.FirePlan;
import io.github.aobackgroundjobs.scheduler.spi.FiredJob;
import io.github.aobackgroundjobs.scheduler.spi.JobRecords;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Recurring definitions and fire records in the jobs' own database (H2 or PostgreSQL),
 * beside the {@link JdbiJobRepository}'s table: {@code <jobs>_recurring} (definitions),
 * {@code <jobs>_recurring_fires} (one row per fire time, primary key (definition, fire time)) and
 * {@code <jobs>_recurring_version}.
 *
 * <p>A fire is one transaction: it locks the definition's row ({@code SELECT ... FOR UPDATE}),
 * checks that its next fire time is still the one the plan was made from, inserts the fire
 * records and the job records, and moves the definition on. Processes that race for a fire
 * wait on the row lock and then find the definition moved, so each fire time is queued once;
 * a process killed before the commit leaves nothing, after it leaves the whole fire. The
 * job records are written with this store's own connection, in the jobs table the repository
 * uses, with the fields {@code QueueJobClient} writes.
 *
 * <p>Immutable and thread-safe; the data source must be the repository's database.
 *
 * @param <K> the key type
 */
public final class JdbiRecurringJobStore<K> implements RecurringJobStore<K> {

    private static final int DECLARE_ATTEMPTS = 3;
    /** H2 counts a statement's timeout in int milliseconds: a longer one wraps and is refused. */
    private static final long MAX_TIMEOUT_SECONDS = Integer.MAX_VALUE / 1000;

    private final Jdbi jdbi;
    private final JdbiJobRepository<K> repository;
    private final RecurringTables tables;
    private final JobKeyType<K> keyType;

    private JdbiRecurringJobStore(Builder<K> b) {
        this.jdbi = b.jdbi;
        this.repository = b.repository;
        this.tables = new RecurringTables(repository.tableName(), "PostgreSQL".equals(repository.databaseProduct()));
        this.keyType = repository.keyType();
        jdbi.getConfig(SqlStatements.class)
                .setQueryTimeout((int) Math.min(MAX_TIMEOUT_SECONDS, b.queryTimeout.toSeconds()));
    }

    /**
     * @param dataSource the jobs' database
     * @param repository the repository whose table the fired jobs go to
     * @param <K> the key type
     * @return a builder
     */
    public static <K> Builder<K> builder(DataSource dataSource, JdbiJobRepository<K> repository) {
        return new Builder<>(
                Jdbi.create(Objects.requireNonNull(dataSource, "'dataSource' cannot be null.")), repository);
    }

    /** @return the schema-qualified definitions table */
    public String definitionsTable() {
        return tables.definitions();
    }

    /** @return the schema-qualified fire records table */
    public String firesTable() {
        return tables.fires();
    }

    @Override
    public JdbiJobRepository<K> repository() {
        return repository;
    }

    @Override
    public void declare(List<StoredDefinition> definitions, Function<StoredDefinition, Instant> nextFire, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                StoreFailures.call(
                        "declare",
                        () -> transaction(h -> {
                            declare(h, definitions, nextFire, now);
                            return null;
                        }));
                return;
            } catch (RuntimeException e) {
                // Two processes inserting the same new name: the loser finds the row on the next attempt.
                if (attempt >= DECLARE_ATTEMPTS || !StoreFailures.uniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private void declare(
            Handle h, List<StoredDefinition> definitions, Function<StoredDefinition, Instant> nextFire, Instant now) {
        List<String> names = new ArrayList<>();
        for (StoredDefinition d : definitions) {
            names.add(d.name());
            Optional<DefinitionState> old = lock(h, d.name());
            if (old.isEmpty()) {
                DefinitionRows.bindDefinition(
                                h.createUpdate("INSERT INTO " + tables.definitions() + " (" + DefinitionRows.COLUMNS
                                        + ", declared, paused, next_fire_at, updated_at) VALUES ("
                                        + DefinitionRows.PARAMETERS + ", TRUE, FALSE, :next, :now)"),
                                d)
                        .bind("next", DefinitionRows.utc(nextFire.apply(d)))
                        .bind("now", DefinitionRows.utc(now))
                        .execute();
            } else {
                Instant next = d.firesDifferentlyFrom(old.get().definition())
                        ? nextFire.apply(d)
                        : old.get().nextFireAt();
                DefinitionRows.bindDefinition(
                                h.createUpdate(
                                        "UPDATE " + tables.definitions() + " SET kind = :kind, schedule = :schedule, "
                                                + "zone = :zone, queue_name = :queueName, user_name = :userName, "
                                                + "request_type = :requestType, request_data = :requestData, "
                                                + "missed_fire_policy = :policy, lateness_ms = :latenessMs, declared = TRUE, "
                                                + "next_fire_at = :next, updated_at = :now WHERE name = :name"),
                                d)
                        .bind("next", DefinitionRows.utc(next))
                        .bind("now", DefinitionRows.utc(now))
                        .execute();
            }
        }
        String undeclare = "UPDATE " + tables.definitions() + " SET declared = FALSE, updated_at = :now WHERE declared";
        if (names.isEmpty()) {
            h.createUpdate(undeclare).bind("now", DefinitionRows.utc(now)).execute();
        } else {
            h.createUpdate(undeclare + " AND name NOT IN (<names>)")
                    .bind("now", DefinitionRows.utc(now))
                    .bindList("names", names)
                    .execute();
        }
    }

    @Override
    public List<DefinitionState> findAll() {
        return StoreFailures.call(
                "findAll",
                () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM " + tables.definitions() + " ORDER BY name")
                        .map(new DefinitionRows())
                        .list()));
    }

    @Override
    public Optional<DefinitionState> find(String name) {
        return StoreFailures.call(
                "find",
                () -> jdbi.withHandle(
                        h -> h.createQuery("SELECT * FROM " + tables.definitions() + " WHERE name = :name")
                                .bind("name", name)
                                .map(new DefinitionRows())
                                .findOne()));
    }

    @Override
    public List<DefinitionState> findDue(Instant now, int limit) {
        return StoreFailures.call(
                "findDue",
                () -> jdbi.withHandle(h -> h.createQuery(
                                "SELECT * FROM "
                                        + tables.definitions()
                                        + " WHERE declared AND NOT paused AND next_fire_at <= :now ORDER BY next_fire_at LIMIT :limit")
                        .bind("now", DefinitionRows.utc(now))
                        .bind("limit", limit)
                        .map(new DefinitionRows())
                        .list()));
    }

    @Override
    public Optional<List<FiredJob<K>>> fire(FirePlan plan, Instant now) {
        return callWritingJobs("fire", () -> transaction(h -> fire(h, plan, now)));
    }

    private Optional<List<FiredJob<K>>> fire(Handle h, FirePlan plan, Instant now) {
        Optional<DefinitionState> locked = lock(h, plan.name());
        if (locked.isEmpty()
                || !locked.get().declared()
                || locked.get().paused()
                || !plan.expectedNextFireAt().equals(locked.get().nextFireAt())) {
            return Optional.empty();
        }
        StoredDefinition definition = locked.get().definition();
        if (plan.skippedFrom() != null) {
            insertFire(h, plan.name(), plan.skippedFrom(), "SKIPPED", null, plan.skippedThrough(), now);
        }
        List<FiredJob<K>> fired = new ArrayList<>();
        String lastJobId = null;
        for (Instant t : plan.fireTimes()) {
            K id = null;
            if (definition.kind() == StoredDefinition.Kind.JOB) {
                id = insertJob(h, definition, now);
                lastJobId = keyType.format(id);
            }
            insertFire(h, plan.name(), t, id == null ? "RAN" : "QUEUED", lastJobId, null, now);
            fired.add(new FiredJob<>(t, id));
        }
        Instant lastFire = plan.fireTimes().isEmpty()
                ? null
                : plan.fireTimes().get(plan.fireTimes().size() - 1);
        h.createUpdate("UPDATE " + tables.definitions() + " SET next_fire_at = :next, "
                        + "last_fire_at = COALESCE(:lastFire, last_fire_at), "
                        + "last_job_id = COALESCE(:lastJob, last_job_id), updated_at = :now WHERE name = :name")
                .bind("next", DefinitionRows.utc(plan.nextFireAt()))
                .bind("lastFire", DefinitionRows.utc(lastFire))
                .bind("lastJob", lastJobId)
                .bind("now", DefinitionRows.utc(now))
                .bind("name", plan.name())
                .execute();
        return Optional.of(fired);
    }

    private void insertFire(
            Handle h, String name, Instant fireTime, String outcome, String jobId, Instant through, Instant now) {
        h.createUpdate("INSERT INTO " + tables.fires()
                        + " (definition_name, fire_time, outcome, job_id, skipped_through, recorded_at)"
                        + " VALUES (:name, :t, :outcome, :job, :through, :now)")
                .bind("name", name)
                .bind("t", DefinitionRows.utc(fireTime))
                .bind("outcome", outcome)
                .bind("job", jobId)
                .bind("through", DefinitionRows.utc(through))
                .bind("now", DefinitionRows.utc(now))
                .execute();
    }

    private K insertJob(Handle h, StoredDefinition definition, Instant now) {
        BackgroundJobInfo<K> job = JobRecords.newRecord(definition, now);
        String columns =
                "user_name, request_type, request_data, queue_name, status, created, updated_at, next_attempt_at";
        String values = ":userName, :requestType, :requestData, :queueName, :status, :now, :now, :now";
        if (keyType == JobKeyType.LONG) {
            Long id = h.createUpdate("INSERT INTO " + tables.jobs() + " (" + columns + ") VALUES (" + values + ")")
                    .bind("userName", job.getUserName())
                    .bind("requestType", job.getRequestType())
                    .bind("requestData", job.getRequestData())
                    .bind("queueName", job.getQueueName())
                    .bind("status", (short) JobStatus.PENDING.code())
                    .bind("now", DefinitionRows.utc(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return keyType.cast(id);
        }
        UUID id = UUID.randomUUID();
        h.createUpdate("INSERT INTO " + tables.jobs() + " (id, " + columns + ") VALUES (:id, " + values + ")")
                .bind("id", id)
                .bind("userName", job.getUserName())
                .bind("requestType", job.getRequestType())
                .bind("requestData", job.getRequestData())
                .bind("queueName", job.getQueueName())
                .bind("status", (short) JobStatus.PENDING.code())
                .bind("now", DefinitionRows.utc(now))
                .execute();
        return keyType.cast(id);
    }

    @Override
    public Optional<K> queueNow(String name, Instant now) {
        return callWritingJobs(
                "queueNow",
                () -> transaction(h -> {
                    Optional<DefinitionState> locked = lock(h, name);
                    if (locked.isEmpty() || locked.get().definition().kind() != StoredDefinition.Kind.JOB) {
                        return Optional.<K>empty();
                    }
                    K id = insertJob(h, locked.get().definition(), now);
                    h.createUpdate("UPDATE " + tables.definitions()
                                    + " SET last_job_id = :job, updated_at = :now WHERE name = :name")
                            .bind("job", keyType.format(id))
                            .bind("now", DefinitionRows.utc(now))
                            .bind("name", name)
                            .execute();
                    return Optional.of(id);
                }));
    }

    @Override
    public boolean setPaused(String name, boolean paused, Instant nextFireAt, Instant now) {
        return StoreFailures.call(
                "setPaused",
                () -> jdbi.withHandle(h -> h.createUpdate("UPDATE "
                                        + tables.definitions()
                                        + " SET paused = :paused, next_fire_at = COALESCE(:next, next_fire_at), updated_at = :now"
                                        + " WHERE name = :name")
                                .bind("paused", paused)
                                .bind("next", DefinitionRows.utc(nextFireAt))
                                .bind("now", DefinitionRows.utc(now))
                                .bind("name", name)
                                .execute()
                        == 1));
    }

    @Override
    public boolean delete(String name) {
        return StoreFailures.call(
                "delete",
                () -> transaction(h -> {
                    h.createUpdate("DELETE FROM " + tables.fires() + " WHERE definition_name = :name")
                            .bind("name", name)
                            .execute();
                    return h.createUpdate("DELETE FROM " + tables.definitions() + " WHERE name = :name")
                                    .bind("name", name)
                                    .execute()
                            == 1;
                }));
    }

    @Override
    public void recordRun(String name, String summary, Instant now) {
        String text = summary.length() > 1000 ? summary.substring(0, 1000) : summary;
        StoreFailures.call(
                "recordRun",
                () -> jdbi.withHandle(h -> h.createUpdate("UPDATE " + tables.definitions()
                                + " SET last_run_summary = :summary, updated_at = :now WHERE name = :name")
                        .bind("summary", text)
                        .bind("now", DefinitionRows.utc(now))
                        .bind("name", name)
                        .execute()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>By state alone, the repository's bounded {@code purge(completedBefore, statuses, limit)}
     * (one statement along its completed index); the cleared ones, which that method cannot
     * select, one statement of this store: {@code DELETE ... WHERE id IN (SELECT id ... AND
     * cleared = TRUE ORDER BY completed LIMIT n)}. Both oldest first, in auto-commit.
     */
    @Override
    public int deleteFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore, int limit) {
        if (status != null && !status.isTerminal()) {
            throw new IllegalArgumentException("'status' must be a finished state, not " + status + ".");
        }
        if (!clearedOnly) {
            return purge(RuleStates.of(status), completedBefore, limit);
        }
        String sql = "DELETE FROM " + tables.jobs() + " WHERE id IN (SELECT id FROM " + tables.jobs() + " WHERE "
                + finished(status, true) + " ORDER BY completed LIMIT :limit)";
        return callWritingJobs(
                "deleteFinishedJobs",
                () -> jdbi.withHandle(h -> h.createUpdate(sql)
                        .bind("before", DefinitionRows.utc(completedBefore))
                        .bind("limit", limit)
                        .execute()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Exact: {@code SELECT 1 ... LIMIT 1} along the repository's completed index.
     */
    @Override
    public boolean hasFinishedJobs(JobStatus status, boolean clearedOnly, Instant completedBefore) {
        if (status != null && !status.isTerminal()) {
            throw new IllegalArgumentException("'status' must be a finished state, not " + status + ".");
        }
        String sql = "SELECT 1 FROM " + tables.jobs() + " WHERE " + finished(status, clearedOnly) + " LIMIT 1";
        return callWritingJobs(
                "hasFinishedJobs",
                () -> jdbi.withHandle(h -> h.createQuery(sql)
                        .bind("before", DefinitionRows.utc(completedBefore))
                        .mapTo(Integer.class)
                        .findOne()
                        .isPresent()));
    }

    /** The records of a retention rule: finished (in one state, or any), completed before {@code :before}. */
    private static String finished(JobStatus status, boolean clearedOnly) {
        StringBuilder where = new StringBuilder("completed < :before AND status ");
        if (status != null) {
            where.append("= ").append(status.code());
        } else {
            where.append("IN (").append(terminalCodes()).append(")");
        }
        if (clearedOnly) {
            where.append(" AND cleared = TRUE");
        }
        return where.toString();
    }

    /**
     * As {@link StoreFailures#call}, for work that also reads or writes the jobs table: when that
     * table is the one missing, the repository's {@link JobTableMissingException} says so (and how
     * to create it), not a message about the scheduler's tables.
     */
    private <T> T callWritingJobs(String operation, Supplier<T> work) {
        try {
            return StoreFailures.call(operation, work);
        } catch (RecurringTablesMissingException missing) {
            try {
                repository.checkAvailable();
            } catch (JobTableMissingException jobsTable) {
                JobTableMissingException named = new JobTableMissingException(
                        "Recurring-job store, " + operation + ": " + jobsTable.getMessage(), jobsTable);
                named.addSuppressed(missing);
                throw named;
            } catch (RuntimeException probe) {
                missing.addSuppressed(probe);
            }
            throw missing;
        }
    }

    private int purge(Set<JobStatus> statuses, Instant completedBefore, int limit) {
        try {
            return repository.purge(completedBefore, statuses, limit);
        } catch (JobTableMissingException jobsTable) {
            // As callWritingJobs names it: the operation of this store, then how to create the table.
            throw new JobTableMissingException(
                    "Recurring-job store, deleteFinishedJobs: " + jobsTable.getMessage(), jobsTable);
        }
    }

    private static String terminalCodes() {
        StringBuilder codes = new StringBuilder();
        for (JobStatus s : JobStatus.values()) {
            if (s.isTerminal()) {
                codes.append(codes.length() == 0 ? "" : ", ").append(s.code());
            }
        }
        return codes.toString();
    }

    @Override
    public int deleteFireRecords(Instant before) {
        return StoreFailures.call(
                "deleteFireRecords",
                () -> jdbi.withHandle(
                        h -> h.createUpdate("DELETE FROM " + tables.fires() + " WHERE fire_time < :before")
                                .bind("before", DefinitionRows.utc(before))
                                .execute()));
    }

    private Optional<DefinitionState> lock(Handle h, String name) {
        return h.createQuery("SELECT * FROM " + tables.definitions() + " WHERE name = :name FOR UPDATE")
                .bind("name", name)
                .map(new DefinitionRows())
                .findOne();
    }

    private <T> T transaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
    }

    /**
     * Configures a {@link JdbiRecurringJobStore}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final Jdbi jdbi;
        private final JdbiJobRepository<K> repository;
        private boolean migrate;
        private Duration queryTimeout = JdbiJobRepository.DEFAULT_QUERY_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder(Jdbi jdbi, JdbiJobRepository<K> repository) {
            this.jdbi = jdbi;
            this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        }

        /**
         * @param migrate whether {@link #build()} creates or upgrades the tables (default false)
         * @return this
         */
        public Builder<K> createOrMigrateSchema(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * @param queryTimeout the JDBC query timeout of every statement, whole seconds (a fraction is
         *     dropped), at least 1 s (default 10 s); one beyond 24 days counts as 24 days
         * @return this
         * @throws IllegalArgumentException naming {@code 'queryTimeout'} if under one second
         */
        public Builder<K> queryTimeout(Duration queryTimeout) {
            Objects.requireNonNull(queryTimeout, "'queryTimeout' cannot be null.");
            if (queryTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("'queryTimeout' must be at least 1 s, not " + queryTimeout + ".");
            }
            this.queryTimeout = queryTimeout;
            return this;
        }

        /**
         * @param clock the clock the migration records its time with (default: system UTC)
         * @return this
         */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @return the store
         * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the migration cannot reach the database
         * @throws IllegalStateException if the tables are newer than this library
         */
        public JdbiRecurringJobStore<K> build() {
            JdbiRecurringJobStore<K> store = new JdbiRecurringJobStore<>(this);
            if (migrate) {
                StoreFailures.call("migrate", () -> RecurringSchema.migrate(jdbi, store.tables, clock.instant()));
            }
            return store;
        }
    }
}
