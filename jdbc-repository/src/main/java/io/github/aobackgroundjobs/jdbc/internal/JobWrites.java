package io.github.aobackgroundjobs.jdbc.internal;

import static io.github.aobackgroundjobs.jdbc.internal.SqlValues.instant;
import static io.github.aobackgroundjobs.jdbc.internal.SqlValues.micros;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/**
 * The worker-side reads and writes of the jobs table. Every write is one conditional statement;
 * the few paths that read first (telling why a claim changed nothing) write only with the
 * version they read, so a concurrent change makes them try again instead of overwriting it.
 * Thread-safe.
 *
 * @param <K> the key type
 */
public final class JobWrites<K> {

    /** How often a claim re-reads and retries after losing a race, before answering BUSY. */
    private static final int CLAIM_ROUNDS = 3;

    private final StoreAccess store;
    private final JobSql sql;
    private final JobRowMapper<K> mapper;
    private final JobKeyType<K> keyType;
    private final BatchedWrites<K> batched;
    private final NamedSql applicationInsertReturningId;
    private final NamedSql applicationInsertWithId;
    private final NamedSql markSentSql;
    private final NamedSql markAllSentSql;
    private final NamedSql claimAllSql;

    /**
     * @param store database access
     * @param sql the statements
     * @param mapper the row mapper
     * @param keyType the key type
     * @param dialect the database: on PostgreSQL the writes every job makes run as plain JDBC
     *     (see {@link BatchedWrites}); H2 runs in-process, where a round trip costs next to nothing
     * @param groupWrites on PostgreSQL, whether concurrent writes of the same kind are grouped
     */
    public JobWrites(
            StoreAccess store,
            JobSql sql,
            JobRowMapper<K> mapper,
            JobKeyType<K> keyType,
            Dialect dialect,
            boolean groupWrites) {
        this.store = store;
        this.sql = sql;
        this.mapper = mapper;
        this.keyType = keyType;
        this.applicationInsertReturningId = new NamedSql(sql.insertReturningId);
        this.applicationInsertWithId = new NamedSql(sql.insertWithId);
        this.markSentSql = new NamedSql(sql.markSent);
        this.markAllSentSql = new NamedSql(sql.markAllSent);
        this.claimAllSql = new NamedSql(sql.claimAll);
        this.batched =
                dialect == Dialect.POSTGRESQL ? new BatchedWrites<>(store, sql, mapper, keyType, groupWrites) : null;
    }

    /**
     * @param id the job
     * @return the record, if any
     */
    public Optional<BackgroundJobInfo<K>> find(K id) {
        return store.withHandle("findJob", h -> find(h, id));
    }

    private Optional<BackgroundJobInfo<K>> find(Handle h, K id) {
        return store.query(h, sql.find).bind("id", id).map(mapper).findOne();
    }

    /**
     * Inserts a validated record in one statement.
     *
     * @param job the record
     * @return a copy as stored, with its id
     */
    public BackgroundJobInfo<K> insert(BackgroundJobInfo<K> job) {
        BackgroundJobInfo<K> row = job.copy();
        normalize(row);
        if (keyType == JobKeyType.UUID && row.getId() == null) {
            row.setId(keyType.cast(UUID.randomUUID()));
        }
        if (batched != null) {
            return batched.insert(row);
        }
        return store.withHandle("insert", h -> {
            if (keyType == JobKeyType.LONG) {
                Long id = bindRow(store.query(h, sql.insertReturningId), row)
                        .mapTo(Long.class)
                        .one();
                row.setId(keyType.cast(id));
            } else {
                bindRow(store.update(h, sql.insertWithId), row)
                        .bind("id", row.getId())
                        .execute();
            }
            return row;
        });
    }

    /**
     * Inserts a validated record through the application's connection, inside its transaction:
     * one statement on that connection, which is neither committed, rolled back, closed nor
     * switched in or out of auto-commit here.
     *
     * @param connection the application's connection
     * @param job the record
     * @return a copy as written, with its id
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database could not be reached
     * @throws IllegalArgumentException if the record's UUID is another record's
     * @throws IllegalStateException if the database refused the statement
     */
    public BackgroundJobInfo<K> insert(Connection connection, BackgroundJobInfo<K> job) {
        BackgroundJobInfo<K> row = prepareRow(job);
        try {
            writeRows(connection, List.of(row));
            return row;
        } catch (SQLException e) {
            RuntimeException translated = StoreErrors.translate(
                    "insert in the application's transaction", new UnableToExecuteStatementException(e, null));
            if (translated instanceof io.github.aobackgroundjobs.JobStoreUnavailableException) {
                throw translated;
            }
            if (keyType == JobKeyType.UUID && StoreErrors.isUniqueViolation(e)) {
                throw new IllegalArgumentException(
                        "'id' " + row.getId() + " is already taken by another job (roll back the application's"
                                + " transaction: on PostgreSQL the failed insert has aborted it).",
                        e);
            }
            if (isClosed(connection)) {
                throw new IllegalStateException(
                        "The job record could not be inserted: the application's connection is closed (keep it open,"
                                + " in its transaction, until the commit): " + e.getMessage(),
                        e);
            }
            throw new IllegalStateException(
                    "The job record could not be inserted through the application's connection (is the jobs table "
                            + sql.table() + " in that connection's database?): " + e.getMessage(),
                    e);
        }
    }

    /**
     * Inserts validated records in one transaction: all or none.
     *
     * @param jobs the records, in order
     * @return copies as stored, with their ids, in the same order
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database could not be reached
     */
    public List<BackgroundJobInfo<K>> insertAll(List<BackgroundJobInfo<K>> jobs) {
        List<BackgroundJobInfo<K>> rows = new ArrayList<>(jobs.size());
        for (BackgroundJobInfo<K> job : jobs) {
            rows.add(prepareRow(job));
        }
        return store.withConnection(
                "insertAll",
                c -> StoreAccess.inTransaction(c, tx -> {
                    writeRows(tx, rows);
                    return rows;
                }));
    }

    /**
     * Marks PENDING jobs sent. On PostgreSQL one statement for all ids (each looked up by the
     * key, see {@link JobSql#markAllSent}): the marks are written behind the callers, by when a worker has claimed most of
     * those jobs, so most ids match no row, and one statement probing them all costs PostgreSQL
     * a fraction of one statement per id. It skips rows another transaction holds (a job being
     * claimed right now, mostly) instead of waiting: waiting could deadlock with a batch of claims
     * locking the same rows in another order, and a mark left out costs only a re-send by the
     * sweeper, which the claim makes harmless. Elsewhere, and when an id repeats (each occurrence
     * counts a send, as {@link #markSent} called once per occurrence would), one transaction with
     * the single-row statements sent as one JDBC batch.
     *
     * @param ids the jobs
     * @param now the time
     * @return how many were saved
     */
    public int markAllSent(List<K> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        // Ascending ids, the order batched claims and completions lock rows in: no deadlock between them.
        List<K> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        if (batched != null && !hasRepeats(sorted)) {
            return store.withConnection("markAllSent", c -> {
                try (PreparedStatement ps = c.prepareStatement(markAllSentSql.jdbcSql())) {
                    ps.setQueryTimeout(store.queryTimeoutSeconds());
                    Map<String, Object> values = new HashMap<>(4);
                    values.put("now", now);
                    values.put("ids", idArray(c, sorted));
                    markAllSentSql.bind(ps, values);
                    return ps.executeUpdate();
                }
            });
        }
        return store.withConnection(
                "markAllSent",
                c -> StoreAccess.inTransaction(c, tx -> {
                    try (PreparedStatement ps = tx.prepareStatement(markSentSql.jdbcSql())) {
                        ps.setQueryTimeout(store.queryTimeoutSeconds());
                        Map<String, Object> values = new HashMap<>(4);
                        values.put("now", now);
                        for (K id : sorted) {
                            values.put("id", id);
                            markSentSql.bind(ps, values);
                            ps.addBatch();
                        }
                        int saved = 0;
                        for (int count : ps.executeBatch()) {
                            // Drivers may answer SUCCESS_NO_INFO (-2); the statement touches one row by key.
                            saved += count == Statement.SUCCESS_NO_INFO ? 1 : count;
                        }
                        return saved;
                    }
                }));
    }

    private static boolean hasRepeats(List<?> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).equals(sorted.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private BackgroundJobInfo<K> prepareRow(BackgroundJobInfo<K> job) {
        BackgroundJobInfo<K> row = job.copy();
        normalize(row);
        if (keyType != JobKeyType.LONG && row.getId() == null) {
            row.setId(keyType.cast(UUID.randomUUID()));
        }
        return row;
    }

    /** Whether the application's connection is closed; a driver that cannot tell counts as open. */
    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Inserts rows on a connection and sets the ids the database assigned. On PostgreSQL the
     * rows go as one JDBC batch (the driver pipelines it); on H2, which runs in-process, one
     * statement each.
     */
    private void writeRows(Connection connection, List<BackgroundJobInfo<K>> rows) throws SQLException {
        boolean generated = keyType == JobKeyType.LONG;
        NamedSql statement = generated ? applicationInsertReturningId : applicationInsertWithId;
        if (batched != null && rows.size() > 1) {
            try (PreparedStatement ps = generated
                    ? connection.prepareStatement(statement.jdbcSql(), Statement.RETURN_GENERATED_KEYS)
                    : connection.prepareStatement(statement.jdbcSql())) {
                ps.setQueryTimeout(store.queryTimeoutSeconds());
                for (BackgroundJobInfo<K> row : rows) {
                    statement.bind(ps, BatchedWrites.rowValues(row));
                    ps.addBatch();
                }
                ps.executeBatch();
                if (generated) {
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        for (BackgroundJobInfo<K> row : rows) {
                            if (!keys.next()) {
                                throw new IllegalStateException(
                                        "The batch insert of jobs returned fewer ids than rows.");
                            }
                            row.setId(keyType.cast(keys.getLong(1)));
                        }
                    }
                }
            }
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(statement.jdbcSql())) {
            ps.setQueryTimeout(store.queryTimeoutSeconds());
            for (BackgroundJobInfo<K> row : rows) {
                statement.bind(ps, BatchedWrites.rowValues(row));
                if (generated) {
                    try (ResultSet keys = ps.executeQuery()) {
                        if (!keys.next()) {
                            throw new IllegalStateException("The insert of a job returned no id.");
                        }
                        row.setId(keyType.cast(keys.getLong(1)));
                    }
                } else {
                    ps.executeUpdate();
                }
            }
        }
    }

    /**
     * Claims several jobs. On PostgreSQL one statement per group of requests that differ only in
     * their id ({@code UPDATE ... WHERE id IN (<each id of :ids looked up by the key, if
     * claimable, FOR UPDATE SKIP LOCKED>) RETURNING *}, see {@link JobSql#claimAll}), in auto-commit: one round trip and no transaction
     * around it. It skips rows another transaction holds instead of waiting, so no order of
     * locks can deadlock with other writers. Each request it did not claim (not claimable, held
     * by another writer, or its id repeated) then takes the single path below, which waits for
     * the row and tells why. On H2, one claim after the other.
     *
     * @param requests the claims
     * @return per request, in order, what was found and done
     */
    public List<ClaimResult<K>> claimAll(List<ClaimRequest<K>> requests) {
        List<ClaimResult<K>> results = new ArrayList<>(requests.size());
        Map<K, BackgroundJobInfo<K>> claimed =
                batched != null && requests.size() > 1 ? claimInOneStatement(requests) : Map.of();
        for (ClaimRequest<K> request : requests) {
            // remove: a repeated id gets the single path, which answers BUSY under the first one's lease.
            BackgroundJobInfo<K> row = claimed.isEmpty() ? null : claimed.remove(request.id());
            results.add(row != null ? ClaimResult.claimed(row) : claim(request));
        }
        return results;
    }

    /**
     * Claims on PostgreSQL: one statement per group of requests that differ only in their id (a
     * worker's batch is one group), binding the ids as an array.
     */
    private Map<K, BackgroundJobInfo<K>> claimInOneStatement(List<ClaimRequest<K>> requests) {
        Map<ClaimTerms, List<K>> groups = new LinkedHashMap<>(2);
        for (ClaimRequest<K> request : requests) {
            groups.computeIfAbsent(ClaimTerms.of(request), t -> new ArrayList<>())
                    .add(request.id());
        }
        Map<K, BackgroundJobInfo<K>> rows = new HashMap<>(requests.size() * 2);
        for (Map.Entry<ClaimTerms, List<K>> group : groups.entrySet()) {
            if (group.getValue().size() > 1) {
                try {
                    store.withConnection("claimAll", c -> {
                        claimGroup(c, group.getKey(), group.getValue(), rows);
                        return null;
                    });
                } catch (RuntimeException e) {
                    if (StoreErrors.isUnavailable(e)) {
                        throw e;
                    }
                    // Anything else (a lock timeout, say): the group's jobs take the single path, one by one.
                }
            }
        }
        return rows;
    }

    private void claimGroup(Connection c, ClaimTerms terms, List<K> ids, Map<K, BackgroundJobInfo<K>> rows)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(claimAllSql.jdbcSql())) {
            ps.setQueryTimeout(store.queryTimeoutSeconds());
            Map<String, Object> values = new HashMap<>(8);
            values.put("ids", idArray(c, ids));
            values.put("owner", terms.owner());
            values.put("now", terms.now());
            values.put("leaseExpiresAt", terms.leaseExpiresAt());
            values.put("maxAttempts", terms.maxAttempts());
            values.put("requestType", terms.requestType());
            claimAllSql.bind(ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BackgroundJobInfo<K> row = mapper.map(rs, null);
                    rows.put(row.getId(), row);
                }
            }
        }
    }

    /** The ids as a PostgreSQL array of the key's type, for the statements over {@code :ids}. */
    private java.sql.Array idArray(Connection c, List<K> ids) throws SQLException {
        return c.createArrayOf(keyType == JobKeyType.LONG ? "bigint" : "uuid", ids.toArray());
    }

    /** What a claim binds besides its id. */
    private record ClaimTerms(String owner, Instant now, Instant leaseExpiresAt, int maxAttempts, String requestType) {
        static ClaimTerms of(ClaimRequest<?> r) {
            return new ClaimTerms(r.owner(), r.now(), r.leaseExpiresAt(), r.maxAttempts(), r.requestType());
        }
    }

    /**
     * @param request the claim
     * @return what was found and done
     */
    public ClaimResult<K> claim(ClaimRequest<K> request) {
        if (batched != null) {
            BackgroundJobInfo<K> claimed = batched.claim(request);
            if (claimed != null) {
                return ClaimResult.claimed(claimed);
            }
            // Nothing changed: the single-statement path below finds out why.
        }
        return store.withHandle("claim", h -> {
            BackgroundJobInfo<K> current = null;
            Instant now = request.now();
            for (int round = 0; round < CLAIM_ROUNDS; round++) {
                Optional<BackgroundJobInfo<K>> claimed = store.query(h, sql.claim)
                        .bind("id", request.id())
                        .bind("owner", request.owner())
                        .bind("now", instant(now))
                        .bind("leaseExpiresAt", instant(request.leaseExpiresAt()))
                        .bind("maxAttempts", request.maxAttempts())
                        .bind("requestType", request.requestType())
                        .map(mapper)
                        .findOne();
                if (claimed.isPresent()) {
                    return ClaimResult.claimed(claimed.get());
                }
                Optional<BackgroundJobInfo<K>> found = find(h, request.id());
                if (found.isEmpty()) {
                    return ClaimResult.notFound();
                }
                current = found.get();
                ClaimResult<K> why = explain(h, current, request);
                if (why != null) {
                    return why;
                }
            }
            // Claimable on every read yet lost every write: others are busy with it right now.
            return ClaimResult.busy(current, now);
        });
    }

    /** Why a claim changed nothing, ending the job where the contract says so; null to try again. */
    private ClaimResult<K> explain(Handle h, BackgroundJobInfo<K> job, ClaimRequest<K> request) {
        Instant now = request.now();
        if (!request.acceptsType(job.getRequestType())) {
            return ClaimResult.otherType(job);
        }
        if (job.getStatus().isTerminal()) {
            return ClaimResult.alreadyDone(job);
        }
        if (job.getStatus() == JobStatus.PENDING
                && job.getNextAttemptAt() != null
                && job.getNextAttemptAt().isAfter(now)) {
            return ClaimResult.busy(job, job.getNextAttemptAt());
        }
        if (job.getStatus() == JobStatus.RUNNING
                && job.getLeaseExpiresAt() != null
                && job.getLeaseExpiresAt().isAfter(now)) {
            return ClaimResult.busy(job, job.getLeaseExpiresAt());
        }
        if (job.isCancelRequested()) {
            return store.query(h, sql.cancelAtClaim)
                    .bind("id", job.getId())
                    .bind("version", job.getVersion())
                    .bind("now", instant(now))
                    .map(mapper)
                    .findOne()
                    .map(ClaimResult::cancelled)
                    .orElse(null);
        }
        if (job.getAttempts() >= request.maxAttempts()) {
            return store.query(h, sql.giveUpAtClaim)
                    .bind("id", job.getId())
                    .bind("version", job.getVersion())
                    .bind("now", instant(now))
                    .bind("exceptionData", request.gaveUpErrorData())
                    .map(mapper)
                    .findOne()
                    .map(ClaimResult::gaveUp)
                    .orElse(null);
        }
        return null;
    }

    /**
     * @param id the job
     * @param owner the lease holder
     * @param now the time
     * @param leaseExpiresAt the new lease end
     * @return the lease state
     */
    public LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt) {
        return store.withHandle(
                "renewLease",
                h -> leaseState(store.query(h, sql.renewLease)
                        .bind("id", id)
                        .bind("owner", owner)
                        .bind("now", instant(now))
                        .bind("leaseExpiresAt", instant(leaseExpiresAt))
                        .mapTo(Boolean.class)
                        .findOne()));
    }

    /**
     * @param id the job
     * @param owner the lease holder
     * @param percent 0..100
     * @param message the message, already cut
     * @param now the time
     * @return the lease state
     */
    public LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
        return store.withHandle(
                "saveProgress",
                h -> leaseState(store.query(h, sql.saveProgress)
                        .bind("id", id)
                        .bind("owner", owner)
                        .bind("now", instant(now))
                        .bind("percent", percent)
                        .bind("message", message)
                        .mapTo(Boolean.class)
                        .findOne()));
    }

    private static LeaseState leaseState(Optional<Boolean> cancelRequested) {
        return cancelRequested
                .map(c -> c ? LeaseState.CANCEL_REQUESTED : LeaseState.HELD)
                .orElse(LeaseState.LOST);
    }

    /**
     * @param c how the attempt ended
     * @return true if the caller held the lease and the row was written
     */
    public boolean complete(JobCompletion<K> c) {
        if (batched != null) {
            return batched.complete(c);
        }
        boolean retry = c.status() == JobStatus.PENDING;
        return store.withHandle("complete", h -> {
            Update u = store.update(h, retry ? sql.completeRetry : sql.completeFinal)
                    .bind("id", c.id())
                    .bind("owner", c.owner())
                    .bind("status", c.status().code())
                    .bind("now", instant(c.now()))
                    .bind("durationMillis", c.durationMillis())
                    .bind("resultData", c.resultData())
                    .bind("exceptionData", c.exceptionData());
            if (retry) {
                u.bind("nextAttemptAt", instant(c.nextAttemptAt()));
            }
            return u.execute() == 1;
        });
    }

    /**
     * @param id the job
     * @param now the time
     * @return true if the job was PENDING and is now marked sent
     */
    public boolean markSent(K id, Instant now) {
        if (batched != null) {
            return batched.markSent(id, now);
        }
        return update("markSent", sql.markSent, id, now, null);
    }

    /**
     * Runs one of the simple conditional updates bound by id and now.
     *
     * @param operation its name
     * @param statement the SQL
     * @param id the job
     * @param now the time
     * @param extra further bindings, or null
     * @return true if a row was written
     */
    public boolean update(String operation, String statement, K id, Instant now, Consumer<Update> extra) {
        return store.withHandle(operation, h -> {
            Update u = store.update(h, statement).bind("id", id).bind("now", instant(now));
            if (extra != null) {
                extra.accept(u);
            }
            return u.execute() == 1;
        });
    }

    /**
     * @param id the job
     * @param now the time
     * @return what the cancel did
     */
    public CancelResult requestCancel(K id, Instant now) {
        return store.withHandle("requestCancel", h -> {
            Optional<Integer> status = store.query(h, sql.requestCancel)
                    .bind("id", id)
                    .bind("now", instant(now))
                    .mapTo(Integer.class)
                    .findOne();
            if (status.isPresent()) {
                return status.get() == JobStatus.CANCELLED.code() ? CancelResult.CANCELLED : CancelResult.REQUESTED;
            }
            return store.query(h, sql.findStatus)
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .findOne()
                    .map(s -> CancelResult.ALREADY_DONE)
                    .orElse(CancelResult.NOT_FOUND);
        });
    }

    /**
     * @param userName the user
     * @param limit at most this many
     * @return the user's uncleared jobs, newest first
     */
    public List<BackgroundJobInfo<K>> findActive(String userName, int limit) {
        return store.withHandle(
                "findActiveJobs",
                h -> store.query(h, sql.findActive)
                        .bind("userName", userName)
                        .bind("limit", limit)
                        .map(mapper)
                        .list());
    }

    /**
     * @param unsentBefore cut-off for unsent jobs
     * @param staleBefore cut-off for stale jobs
     * @param limit at most this many
     * @return the candidates, oldest due first
     */
    public List<BackgroundJobInfo<K>> findSweepCandidates(Instant unsentBefore, Instant staleBefore, int limit) {
        return findSweepCandidates(unsentBefore, staleBefore, staleBefore, limit);
    }

    /**
     * @param unsentBefore cut-off for unsent jobs
     * @param sentBefore cut-off for sent, overdue jobs, or null for none
     * @param leaseExpiredBefore cut-off for expired leases
     * @param limit at most this many
     * @return the candidates, oldest due first
     */
    public List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore, int limit) {
        return store.withHandle("findSweepCandidates", h -> {
            var q = store.query(h, sentBefore == null ? sql.findSweepCandidatesNoSent : sql.findSweepCandidates)
                    .bind("unsentBefore", instant(unsentBefore))
                    .bind("leaseExpiredBefore", instant(leaseExpiredBefore))
                    .bind("limit", limit);
            if (sentBefore != null) {
                q.bind("sentBefore", instant(sentBefore));
            }
            return q.map(mapper).list();
        });
    }

    /**
     * @param queueNames the queues
     * @param after the last id of the previous page, or null
     * @param limit at most this many
     * @return PENDING and RUNNING jobs of those queues, by id
     */
    public List<BackgroundJobInfo<K>> findUnfinished(List<String> queueNames, K after, int limit) {
        return store.withHandle("findUnfinishedJobs", h -> {
            var q = store.query(h, sql.findUnfinished(queueNames.size(), after != null))
                    .bind("limit", limit);
            for (int i = 0; i < queueNames.size(); i++) {
                q.bind("queue" + i, queueNames.get(i));
            }
            if (after != null) {
                q.bind("after", after);
            }
            return q.map(mapper).list();
        });
    }

    private static <K> void normalize(BackgroundJobInfo<K> row) {
        row.setCreated(micros(row.getCreated()));
        row.setUpdatedAt(micros(row.getUpdatedAt() != null ? row.getUpdatedAt() : row.getCreated()));
        row.setSentAt(micros(row.getSentAt()));
        row.setNextAttemptAt(micros(row.getNextAttemptAt()));
        row.setStarted(micros(row.getStarted()));
        row.setCompleted(micros(row.getCompleted()));
        row.setLeaseExpiresAt(micros(row.getLeaseExpiresAt()));
        row.setProgressMessage(JobValidation.storableProgressMessage(row.getProgressMessage()));
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindRow(S s, BackgroundJobInfo<?> row) {
        return s.bind("userName", row.getUserName())
                .bind("requestType", row.getRequestType())
                .bind("requestData", row.getRequestData())
                .bind("queueName", row.getQueueName())
                .bind("status", row.getStatus().code())
                .bind("created", instant(row.getCreated()))
                .bind("updatedAt", instant(row.getUpdatedAt()))
                .bind("sentAt", instant(row.getSentAt()))
                .bind("sendCount", row.getSendCount())
                .bind("nextAttemptAt", instant(row.getNextAttemptAt()))
                .bind("started", instant(row.getStarted()))
                .bind("completed", instant(row.getCompleted()))
                .bind("queueLatencyMillis", row.getQueueLatencyMillis())
                .bind("durationMillis", row.getDurationMillis())
                .bind("cleared", row.isCleared())
                .bind("resultData", row.getResultData())
                .bind("exceptionData", row.getExceptionData())
                .bind("attempts", row.getAttempts())
                .bind("leaseOwner", row.getLeaseOwner())
                .bind("leaseExpiresAt", instant(row.getLeaseExpiresAt()))
                .bind("version", row.getVersion())
                .bind("progressPercent", row.getProgressPercent())
                .bind("progressMessage", row.getProgressMessage())
                .bind("cancelRequested", row.isCancelRequested());
    }
}
