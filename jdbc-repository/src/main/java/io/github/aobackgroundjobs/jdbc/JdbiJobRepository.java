package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.jdbc.internal.Arguments;
import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.H2Durability;
import io.github.aobackgroundjobs.jdbc.internal.Identifiers;
import io.github.aobackgroundjobs.jdbc.internal.JobQueries;
import io.github.aobackgroundjobs.jdbc.internal.JobRowMapper;
import io.github.aobackgroundjobs.jdbc.internal.JobSql;
import io.github.aobackgroundjobs.jdbc.internal.JobWrites;
import io.github.aobackgroundjobs.jdbc.internal.OwnConnections;
import io.github.aobackgroundjobs.jdbc.internal.SqlValues;
import io.github.aobackgroundjobs.jdbc.internal.StoreAccess;
import io.github.aobackgroundjobs.jdbc.internal.StoreErrors;
import io.github.aobackgroundjobs.jdbc.internal.TableNames;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.LeaseState;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job repository on a relational database through Jdbi: H2 (the embedded default) and
 * PostgreSQL (production). The library never owns the connection pool: give it any
 * {@link DataSource} (HikariCP in production) or a configured {@link Jdbi}.
 *
 * <p>Every state change is one conditional statement, never a read followed by a write: a
 * claim is {@code UPDATE ... WHERE <claimable> RETURNING *}, so of two workers racing for a job
 * exactly one gets it. Queueing a job costs two statements (insert, mark sent), running it two
 * more (claim, complete), plus lease heartbeats and throttled progress writes. On PostgreSQL
 * those four run as plain JDBC, and can be grouped across threads ({@link Builder#groupWrites}).
 * Times are the
 * caller's (from its injected {@link java.time.Clock}), bound as UTC instants into
 * {@code TIMESTAMP WITH TIME ZONE} columns at microsecond precision, so neither the JVM's nor
 * the session's time zone can shift them.
 *
 * <p>A database that cannot be reached, or does not answer within the query timeout, raises
 * {@link JobStoreUnavailableException}; connect timeouts are the data source's (set them on the
 * pool and the driver, see {@code docs/jdbc-repository.md}). A jobs table that does not exist
 * raises its subclass {@link JobTableMissingException}, which hosts wait out in the same way.
 *
 * <p>Connections are used in auto-commit even if the pool lends them otherwise (and handed back
 * as lent).
 *
 * <p>Immutable and thread-safe.
 *
 * @param <K> the key type ({@link Long} or {@link java.util.UUID})
 */
public final class JdbiJobRepository<K> extends JobRepositoryBase<K> implements JobQueryRepository<K> {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiJobRepository.class);

    /** Default table name. */
    public static final String DEFAULT_TABLE_NAME = "background_jobs";
    /** Default longest time a statement may run before it counts as an outage. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
    /** Timeout of {@link #checkAvailable()}'s probe. */
    public static final Duration AVAILABILITY_TIMEOUT = Duration.ofSeconds(2);
    /** Whether concurrent writes are grouped on PostgreSQL by default (see {@link Builder#groupWrites}). */
    public static final boolean DEFAULT_GROUP_WRITES = false;
    /** Largest {@code limit} accepted by the list methods. */
    public static final int MAX_LIMIT = 10_000;
    /**
     * Longest window one statistics query may ask for, in bucket units (a week of minutes); see
     * {@link #statistics}.
     */
    public static final int MAX_BUCKETS = 7 * 24 * 60;

    private final JobKeyType<K> keyType;
    private final Dialect dialect;
    private final TableNames names;
    private final JobWrites<K> writes;
    private final JobQueries<K> queries;
    private final JobSql sql;
    private final StoreAccess probe;

    private JdbiJobRepository(Builder<K> b, Dialect dialect) {
        this.keyType = b.keyType;
        this.dialect = dialect;
        this.names = new TableNames(b.schema, b.tableName);
        this.sql = new JobSql(dialect, names.qualifiedTable());
        StoreAccess store = new StoreAccess(b.jdbi, b.dataSource, b.queryTimeout);
        JobRowMapper<K> mapper = new JobRowMapper<>(keyType);
        this.writes = new JobWrites<>(store, sql, mapper, keyType, dialect, b.groupWrites);
        this.queries = new JobQueries<>(store, dialect, names.qualifiedTable(), mapper);
        this.probe = new StoreAccess(b.jdbi, AVAILABILITY_TIMEOUT);
    }

    /**
     * Starts configuring a repository on a data source. The repository borrows a connection per
     * operation and never closes the data source. Its writes always run on connections it owns,
     * in auto-commit: given Spring's {@code TransactionAwareDataSourceProxy}, it takes its
     * connections from the data source behind the proxy, so that none of its writes joins (or
     * commits) an application's transaction. To save a job inside the application's
     * transaction, use {@code QueueJobClient.queueJobInTransaction}.
     *
     * @param dataSource the database (a pool in production)
     * @return a builder for {@link Long} keys; call {@link Builder#keyType} for {@link java.util.UUID} keys
     */
    public static Builder<Long> builder(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "'dataSource' cannot be null.");
        DataSource own = OwnConnections.of(dataSource);
        return new Builder<>(Jdbi.create(own), own, JobKeyType.LONG);
    }

    /**
     * Starts configuring a repository on the user's Jdbi instance (its configuration is used,
     * never changed).
     *
     * @param jdbi the database
     * @return a builder for {@link Long} keys; call {@link Builder#keyType} for {@link java.util.UUID} keys
     */
    public static Builder<Long> builder(Jdbi jdbi) {
        return new Builder<>(Objects.requireNonNull(jdbi, "'jdbi' cannot be null."), null, JobKeyType.LONG);
    }

    @Override
    public JobKeyType<K> keyType() {
        return keyType;
    }

    /** @return the database product the repository detected */
    public String databaseProduct() {
        return dialect == Dialect.H2 ? "H2" : "PostgreSQL";
    }

    /** @return the jobs table, schema-qualified if a schema was configured */
    public String tableName() {
        return names.qualifiedTable();
    }

    @Override
    public Optional<BackgroundJobInfo<K>> findJob(K id) {
        return writes.find(Objects.requireNonNull(id, "'id' cannot be null."));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the record's UUID is already another record's (the
     *     message names {@code 'id'}); nothing is written
     */
    @Override
    protected BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job) {
        try {
            return writes.insert(job);
        } catch (RuntimeException e) {
            if (job.getId() != null && keyType() == JobKeyType.UUID && StoreErrors.isUniqueViolation(e)) {
                throw new IllegalArgumentException("'id' " + job.getId() + " is already taken by another job.", e);
            }
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>All or none, in one transaction: on PostgreSQL one JDBC batch (pipelined by the driver),
     * on H2 one statement per record.
     *
     * @throws IllegalArgumentException if a record's UUID is already another record's (the message
     *     names the first such record's index and {@code 'id'}); nothing is written
     */
    @Override
    protected List<BackgroundJobInfo<K>> insertAllValidated(List<BackgroundJobInfo<K>> jobs) {
        try {
            return writes.insertAll(jobs);
        } catch (RuntimeException e) {
            if (keyType() == JobKeyType.UUID && StoreErrors.isUniqueViolation(e)) {
                throw idTaken(jobs, e);
            }
            throw e;
        }
    }

    /** Names the record whose given id was taken; the transaction was rolled back, so nothing is written. */
    private IllegalArgumentException idTaken(List<BackgroundJobInfo<K>> jobs, RuntimeException cause) {
        for (int i = 0; i < jobs.size(); i++) {
            K id = jobs.get(i).getId();
            if (id != null && writes.find(id).isPresent()) {
                return new IllegalArgumentException(
                        "'jobs[" + i + "]': 'id' " + id + " is already taken by another job.", cause);
            }
        }
        // The record that held the id was deleted since the insert failed.
        return new IllegalArgumentException("'jobs': an 'id' was taken by another job when they were inserted.", cause);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL one statement for all ids, which skips rows another transaction holds (a
     * job being claimed, mostly) instead of waiting for them: such a job is neither marked nor
     * counted, and the sweeper may re-send its message, which the claim makes harmless. On H2,
     * and for a list with a repeated id, one transaction with the updates sent as one JDBC batch.
     */
    @Override
    public int markAllSent(List<K> ids, Instant now) {
        Objects.requireNonNull(ids, "'ids' cannot be null.");
        requireNow(now);
        for (K id : ids) {
            requireId(id);
        }
        return writes.markAllSent(ids, now);
    }

    /**
     * @return true on PostgreSQL, where each write is a network round trip and a commit, so
     *     clients mark jobs sent behind their callers; false on H2, which runs in-process and
     *     where a synchronous mark costs next to nothing
     */
    @Override
    public boolean sentMarksBehindByDefault() {
        return dialect == Dialect.POSTGRESQL;
    }

    /**
     * {@inheritDoc}
     *
     * <p>True: the record is inserted with one statement on the application's connection, which
     * must reach the database (and schema) this repository's table is in.
     */
    @Override
    public boolean supportsApplicationTransactions() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the record's UUID is already another record's (the
     *     message names {@code 'id'}); on PostgreSQL the application's transaction is then
     *     aborted and must be rolled back
     * @throws IllegalStateException if the database refused the insert, e.g. because the jobs
     *     table is not in the connection's database
     */
    @Override
    protected BackgroundJobInfo<K> insertValidated(Connection connection, BackgroundJobInfo<K> job) {
        return writes.insert(connection, job);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One UPDATE in the common case; only when it changes nothing is the row read to tell
     * why (and, for a cancelled or exhausted job, ended by a version-checked UPDATE).
     *
     * @throws IllegalArgumentException if the owner is longer than {@value BackgroundJobInfo#MAX_LEASE_OWNER_LENGTH}
     */
    @Override
    public ClaimResult<K> claim(ClaimRequest<K> request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        Arguments.requireOwner(request.owner());
        return writes.claim(request);
    }

    @Override
    public LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Arguments.requireOwner(owner);
        Objects.requireNonNull(now, "'now' cannot be null.");
        Objects.requireNonNull(leaseExpiresAt, "'leaseExpiresAt' cannot be null.");
        return writes.renewLease(id, owner, now, leaseExpiresAt);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code percent} is outside 0..100
     */
    @Override
    public LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Arguments.requireOwner(owner);
        Objects.requireNonNull(now, "'now' cannot be null.");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("'percent' must be between 0 and 100, not " + percent + ".");
        }
        return writes.saveProgress(id, owner, percent, JobValidation.storableProgressMessage(message), now);
    }

    /**
     * Claims several jobs; on PostgreSQL, one worker's batch in one statement over the array of
     * ids, in auto-commit, skipping rows other transactions hold; each job it did not claim then
     * takes the single claim, which waits for the row and answers why. See
     * {@link JobRepositoryBase#claimAll}.
     */
    @Override
    public List<ClaimResult<K>> claimAll(List<ClaimRequest<K>> requests) {
        Objects.requireNonNull(requests, "'requests' cannot be null.");
        for (ClaimRequest<K> request : requests) {
            Objects.requireNonNull(request, "'requests' cannot contain null.");
            Arguments.requireOwner(request.owner());
        }
        if (requests.isEmpty()) {
            return List.of();
        }
        return writes.claimAll(requests);
    }

    @Override
    public boolean complete(JobCompletion<K> completion) {
        Objects.requireNonNull(completion, "'completion' cannot be null.");
        return writes.complete(completion);
    }

    @Override
    public boolean markSent(K id, Instant now) {
        return writes.markSent(requireId(id), requireNow(now));
    }

    @Override
    public boolean markAborted(K id, String exceptionData, Instant now) {
        return writes.update(
                "markAborted",
                sql.markAborted,
                requireId(id),
                requireNow(now),
                u -> u.bind("exceptionData", exceptionData));
    }

    @Override
    public CancelResult requestCancel(K id, Instant now) {
        return writes.requestCancel(requireId(id), requireNow(now));
    }

    @Override
    public boolean requeue(K id, Instant now, Instant nextAttemptAt) {
        Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' cannot be null.");
        return writes.update(
                "requeue",
                sql.requeue,
                requireId(id),
                requireNow(now),
                u -> u.bind("nextAttemptAt", SqlValues.instant(nextAttemptAt)));
    }

    @Override
    public boolean requeueIfUnchanged(
            K id, long expectedVersion, Instant now, Instant nextAttemptAt, Instant heldUntil) {
        Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' cannot be null.");
        Objects.requireNonNull(heldUntil, "'heldUntil' cannot be null.");
        return writes.update(
                "requeueIfUnchanged",
                sql.requeueIfUnchanged,
                requireId(id),
                requireNow(now),
                u -> u.bind("expectedVersion", expectedVersion)
                        .bind("nextAttemptAt", SqlValues.instant(nextAttemptAt))
                        .bind("heldUntil", SqlValues.instant(heldUntil)));
    }

    /** @return true: {@link #requeueIfUnchanged} is one conditional UPDATE */
    @Override
    public boolean requeuesAtomically() {
        return true;
    }

    @Override
    public boolean markCleared(K id, Instant now) {
        return writes.update("markCleared", sql.markCleared, requireId(id), requireNow(now), null);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the user name is invalid or {@code limit} is outside 1..{@value #MAX_LIMIT}
     */
    @Override
    public List<BackgroundJobInfo<K>> findActiveJobs(String userName, int limit) {
        JobValidation.requireUserNameFilter(userName);
        int max = Arguments.requireLimit(limit, MAX_LIMIT);
        if (unstorable(userName)) {
            return List.of();
        }
        return writes.findActive(userName, max);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code limit} is outside 1..{@value #MAX_LIMIT}
     */
    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(Instant unsentBefore, Instant staleBefore, int limit) {
        Objects.requireNonNull(unsentBefore, "'unsentBefore' cannot be null.");
        Objects.requireNonNull(staleBefore, "'staleBefore' cannot be null.");
        return writes.findSweepCandidates(unsentBefore, staleBefore, Arguments.requireLimit(limit, MAX_LIMIT));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: a part per kind, each on its own index.
     *
     * @throws IllegalArgumentException if {@code limit} is outside 1..{@value #MAX_LIMIT}
     */
    @Override
    public List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore, int limit) {
        Objects.requireNonNull(unsentBefore, "'unsentBefore' cannot be null.");
        Objects.requireNonNull(leaseExpiredBefore, "'leaseExpiredBefore' cannot be null.");
        return writes.findSweepCandidates(
                unsentBefore, sentBefore, leaseExpiredBefore, Arguments.requireLimit(limit, MAX_LIMIT));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement, a part per status on that status's index.
     *
     * @throws IllegalArgumentException if {@code queueNames} is empty or holds more than 100 names, or
     *     {@code limit} is outside 1..{@value #MAX_LIMIT}
     */
    @Override
    public List<BackgroundJobInfo<K>> findUnfinishedJobs(Set<String> queueNames, K after, int limit) {
        Objects.requireNonNull(queueNames, "'queueNames' cannot be null.");
        if (queueNames.isEmpty() || queueNames.size() > 100) {
            throw new IllegalArgumentException(
                    "'queueNames' must name 1 to 100 queues, not " + queueNames.size() + ".");
        }
        List<String> names = new ArrayList<>();
        for (String name : queueNames) {
            names.add(Objects.requireNonNull(name, "'queueNames' cannot contain null."));
        }
        return writes.findUnfinished(names, after, Arguments.requireLimit(limit, MAX_LIMIT));
    }

    /**
     * Runs a query that reads no row of the jobs table ({@code SELECT 1 FROM <table> WHERE 1 = 0})
     * with a {@link #AVAILABILITY_TIMEOUT} timeout: the database answers, and the table is there.
     *
     * @throws JobTableMissingException if the jobs table does not exist
     * @throws JobStoreUnavailableException if the database does not answer
     */
    @Override
    public void checkAvailable() {
        probe.withHandle(
                "checkAvailable",
                h -> probe.query(h, "SELECT 1 FROM " + names.qualifiedTable() + " WHERE 1 = 0")
                        .mapTo(Integer.class)
                        .list());
    }

    @Override
    public JobPage<K> findJobs(JobQuery query) {
        Objects.requireNonNull(query, "'query' cannot be null.");
        if (unstorable(query.userName()) || unstorable(query.requestType())) {
            return new JobPage<>(List.of(), query.page(), query.pageSize(), 0, false);
        }
        return queries.findJobs(query);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A blank user name matches no job, as no job has one: only null selects everyone's.
     *
     * @throws IllegalArgumentException if the user name is too long or {@code limit} is outside 1..{@value #MAX_LIMIT}
     */
    @Override
    public List<BackgroundJobInfo<K>> findUpdatedSince(Instant since, String userName, int limit) {
        Objects.requireNonNull(since, "'since' cannot be null.");
        int max = Arguments.requireLimit(limit, MAX_LIMIT);
        if (userName != null && userName.isBlank()) {
            // Taking it for null would hand one user's caller every user's jobs.
            return List.of();
        }
        String user = userName == null ? null : JobValidation.requireUserNameFilter(userName);
        if (unstorable(user)) {
            return List.of();
        }
        return queries.findUpdatedSince(since, user, max, sql);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming {@code 'query'} if the window is longer than
     *     {@value #MAX_BUCKETS} bucket units (a week of minutes, 420 days of hours). A window that
     *     long is answered with a bucket for each unit it touches: one or two more than
     *     {@value #MAX_BUCKETS} where {@code from} or {@code to} is not on a bucket boundary
     */
    @Override
    public JobStatistics<K> statistics(StatisticsQuery query) {
        Objects.requireNonNull(query, "'query' cannot be null.");
        long buckets = Duration.between(query.from(), query.to()).toSeconds()
                / query.bucket().getDuration().toSeconds();
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("'query' spans " + buckets + " " + query.bucket() + " buckets; at most "
                    + MAX_BUCKETS + " are allowed.");
        }
        return queries.statistics(query);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes in batches of ten thousand rows, each its own transaction.
     *
     * @throws IllegalArgumentException if {@code statuses} is empty or holds PENDING or RUNNING
     */
    @Override
    public int purge(Instant completedBefore, Set<JobStatus> statuses) {
        requirePurgeable(completedBefore, statuses);
        return queries.purge(completedBefore, statuses, Integer.MAX_VALUE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Bounded: one statement of at most {@code limit} rows, the earliest completed first, along
     * the {@code completed} index, in auto-commit; a limit above ten thousand is deleted in
     * statements of ten thousand, each its own transaction.
     *
     * @throws IllegalArgumentException if {@code statuses} is empty or holds PENDING or RUNNING, or
     *     {@code limit} is below 1
     */
    @Override
    public int purge(Instant completedBefore, Set<JobStatus> statuses, int limit) {
        requirePurgeable(completedBefore, statuses);
        if (limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1, not " + limit + ".");
        }
        return queries.purge(completedBefore, statuses, limit);
    }

    private static void requirePurgeable(Instant completedBefore, Set<JobStatus> statuses) {
        Objects.requireNonNull(completedBefore, "'completedBefore' cannot be null.");
        Objects.requireNonNull(statuses, "'statuses' cannot be null.");
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("'statuses' cannot be empty.");
        }
        for (JobStatus status : statuses) {
            if (!Objects.requireNonNull(status, "'statuses' cannot contain null.")
                    .isTerminal()) {
                throw new IllegalArgumentException("'statuses' may hold only finished states, not " + status + ".");
            }
        }
    }

    /**
     * PostgreSQL text cannot hold NUL, so no stored value contains one; binding one as a filter
     * would fail the statement. Such a filter matches nothing.
     */
    private boolean unstorable(String filterValue) {
        return dialect == Dialect.POSTGRESQL && filterValue != null && filterValue.indexOf('\u0000') >= 0;
    }

    private static <T> T requireId(T id) {
        return Objects.requireNonNull(id, "'id' cannot be null.");
    }

    private static Instant requireNow(Instant now) {
        return Objects.requireNonNull(now, "'now' cannot be null.");
    }

    /**
     * Configures a {@link JdbiJobRepository}. Not thread-safe; {@link #build()} may be called
     * more than once.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final Jdbi jdbi;
        private final DataSource dataSource;
        private JobKeyType<K> keyType;
        private String schema;
        private String tableName = DEFAULT_TABLE_NAME;
        private boolean createOrMigrateSchema;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private boolean groupWrites = DEFAULT_GROUP_WRITES;

        private Builder(Jdbi jdbi, DataSource dataSource, JobKeyType<K> keyType) {
            this.jdbi = jdbi;
            this.dataSource = dataSource;
            this.keyType = keyType;
        }

        /**
         * Sets the key type (default {@link JobKeyType#LONG}: a database identity).
         *
         * @param keyType {@link JobKeyType#LONG} or {@link JobKeyType#UUID}
         * @param <T> the new key type
         * @return this builder, typed for the key
         */
        @SuppressWarnings("unchecked")
        public <T> Builder<T> keyType(JobKeyType<T> keyType) {
            Builder<T> self = (Builder<T>) this;
            self.keyType = Objects.requireNonNull(keyType, "'keyType' cannot be null.");
            return self;
        }

        /**
         * @param schema the schema of the table, or null for the connection's default
         * @return this
         * @throws IllegalArgumentException naming {@code 'schema'} if not a plain SQL identifier, or a
         *     reserved word of H2 or PostgreSQL ({@code user}, {@code order})
         */
        public Builder<K> schema(String schema) {
            this.schema =
                    schema == null ? null : Identifiers.require("schema", schema, Identifiers.MAX_SCHEMA_NAME_LENGTH);
            return this;
        }

        /**
         * @param tableName the jobs table (default {@value #DEFAULT_TABLE_NAME})
         * @return this
         * @throws IllegalArgumentException naming {@code 'tableName'} if not a plain SQL identifier of at
         *     most 40 characters, or a reserved word of H2 or PostgreSQL ({@code user}, {@code order})
         */
        public Builder<K> tableName(String tableName) {
            this.tableName = Identifiers.require("tableName", tableName, Identifiers.MAX_TABLE_NAME_LENGTH);
            return this;
        }

        /**
         * @param migrate true to create or migrate the schema in {@link #build()} (default false:
         *     the schema is managed by the team, from {@code docs/jdbc-schema.md})
         * @return this
         */
        public Builder<K> createOrMigrateSchema(boolean migrate) {
            this.createOrMigrateSchema = migrate;
            return this;
        }

        /**
         * @param queryTimeout the longest a statement may run before the repository reports the
         *     database unavailable (default 10 s, at least 1 s), in whole seconds (a fraction is
         *     dropped); one beyond 24 days counts as 24 days
         * @return this
         * @throws IllegalArgumentException if shorter than one second
         */
        public Builder<K> queryTimeout(Duration queryTimeout) {
            Objects.requireNonNull(queryTimeout, "'queryTimeout' cannot be null.");
            if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(
                        "'queryTimeout' must be at least 1 second, not " + queryTimeout + ".");
            }
            this.queryTimeout = queryTimeout;
            return this;
        }

        /**
         * Whether, on PostgreSQL, concurrent calls of the same write (insert, mark sent, claim,
         * complete) share one round trip and one commit; each caller still gets its own answer,
         * and a lone caller writes at once. Grouping cuts the database's CPU per job by about a
         * quarter when many threads write at once, at the price of hand-offs between threads in
         * this JVM: worth it when many workers write at once (up to 1.45 times the throughput in
         * the peer workloads of {@code docs/performance.md}) or when the database is a busy
         * shared server. Off (the default), every call writes its own statement at once, in
         * parallel with the others: as fast as hand-written JDBC, where grouping loses a
         * quarter when writes of one kind rarely meet. H2 always writes one statement per call.
         *
         * @param groupWrites true to group (default {@value JdbiJobRepository#DEFAULT_GROUP_WRITES})
         * @return this
         */
        public Builder<K> groupWrites(boolean groupWrites) {
            this.groupWrites = groupWrites;
            return this;
        }

        /**
         * Connects once to detect the database (H2 or PostgreSQL), migrates the schema if asked
         * (otherwise logs a warning if the migrator's version table shows an older schema, or if
         * the jobs table does not exist: the build still succeeds, so that a schema tool can
         * create it later, and every call throws {@link JobTableMissingException} until then), and
         * builds the repository. On an H2 file database it also logs a warning for each setting
         * that can lose committed jobs (see {@link H2FileDatabase}): H2's unpooled data source on a
         * database closed with its last connection, and commits written to the file after they
         * return.
         *
         * @return the repository
         * @throws IllegalStateException if the database is neither H2 nor PostgreSQL, or the schema
         *     does not fit (see {@link SchemaMigrator#migrate()})
         * @throws JobStoreUnavailableException if the database cannot be reached
         */
        public JdbiJobRepository<K> build() {
            Dialect dialect =
                    new StoreAccess(jdbi, queryTimeout).withHandle("detecting the database", h -> Dialect.detect(h));
            SchemaMigrator.Builder migratorBuilder =
                    SchemaMigrator.builder(jdbi).tableName(tableName).keyType(keyType);
            if (schema != null) {
                migratorBuilder.schema(schema);
            }
            SchemaMigrator migrator = migratorBuilder.build();
            if (createOrMigrateSchema) {
                migrator.migrate();
            } else {
                // Teams running their own migrations have no version table (version 0): nothing to say.
                int version = migrator.currentVersion();
                if (version > 0 && version < SchemaMigrator.LATEST_VERSION) {
                    LOG.warn(
                            "Table {} is at schema version {}, this library expects {}: run SchemaMigrator.migrate()"
                                    + " or apply docs/jdbc-schema.md",
                            tableName,
                            version,
                            SchemaMigrator.LATEST_VERSION);
                }
            }
            if (dialect == Dialect.H2) {
                warnOfH2Risks();
            }
            JdbiJobRepository<K> repository = new JdbiJobRepository<>(this, dialect);
            if (!createOrMigrateSchema) {
                warnIfTableMissing(repository);
            }
            return repository;
        }

        /**
         * A warning, not a failure: a schema tool may create the table after this (a Spring
         * context can build the repository before Flyway runs), and until then every call
         * throws {@link JobTableMissingException}, which workers wait out.
         */
        private static void warnIfTableMissing(JdbiJobRepository<?> repository) {
            try {
                repository.checkAvailable();
            } catch (JobTableMissingException e) {
                LOG.warn("{}", e.getMessage());
            } catch (JobStoreUnavailableException e) {
                LOG.debug("Could not check that the jobs table exists", e);
            }
        }

        private void warnOfH2Risks() {
            List<String> risks = new StoreAccess(jdbi, queryTimeout).withHandle("reading the H2 settings", h -> {
                try {
                    return H2Durability.risks(h.getConnection(), dataSource);
                } catch (SQLException e) {
                    throw new UnableToExecuteStatementException(e, null);
                }
            });
            for (String risk : risks) {
                LOG.warn(
                        "{}. Committed jobs can be lost: use a connection pool and the settings of"
                                + " H2FileDatabase.durableUrl (docs/jdbc-repository.md)",
                        risk);
            }
        }
    }
}
