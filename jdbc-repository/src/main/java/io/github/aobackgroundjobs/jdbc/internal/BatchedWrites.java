package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The four writes every job makes (insert, mark sent, claim, complete) on PostgreSQL, in plain
 * JDBC: the repository's own SQL text, without a mapping layer in between. Optionally grouped
 * across concurrent callers: each batch is the same single-row statements, sent in one round
 * trip and committed once; a batch of one is exactly the single statement, in auto-commit.
 *
 * <p>Rows are written in ascending id order within a batch, so two batches never wait on each
 * other's rows in opposite orders. If a batch fails for any reason but an outage (a lock
 * conflict, one bad row), its items are written again one by one, so each caller gets its own
 * answer. Thread-safe.
 *
 * @param <K> the key type
 */
public final class BatchedWrites<K> {

    /** Most statements in one batch: large enough to absorb any worker pool, small enough to keep locks short. */
    static final int MAX_BATCH = 64;

    private final StoreAccess store;
    private final JobRowMapper<K> mapper;
    private final JobKeyType<K> keyType;
    private final NamedSql insert;
    private final NamedSql markSent;
    private final NamedSql claim;
    private final NamedSql completeFinal;
    private final NamedSql completeRetry;
    private final Coalescer<BackgroundJobInfo<K>, BackgroundJobInfo<K>> inserts;
    private final Coalescer<Map<String, Object>, Boolean> markSents;
    private final Coalescer<ClaimRequest<K>, BackgroundJobInfo<K>> claims;
    private final Coalescer<JobCompletion<K>, Boolean> completions;

    /**
     * @param store database access
     * @param sql the PostgreSQL statements
     * @param mapper the row mapper
     * @param keyType the key type
     * @param grouped true to group concurrent writes; false to write each on its own, still as
     *     plain JDBC
     */
    public BatchedWrites(
            StoreAccess store, JobSql sql, JobRowMapper<K> mapper, JobKeyType<K> keyType, boolean grouped) {
        this.store = store;
        this.mapper = mapper;
        this.keyType = keyType;
        this.insert = new NamedSql(keyType == JobKeyType.LONG ? sql.insertReturningId : sql.insertWithId);
        this.markSent = new NamedSql(sql.markSent);
        this.claim = new NamedSql(sql.claim);
        this.completeFinal = new NamedSql(sql.completeFinal);
        this.completeRetry = new NamedSql(sql.completeRetry);
        // Ungrouped, every caller writes its own statement at once, in parallel with the others.
        int maxBatch = grouped ? MAX_BATCH : 1;
        int inFlight = grouped ? 1 : Integer.MAX_VALUE;
        this.inserts = new Coalescer<>(this::writeInserts, maxBatch, inFlight);
        this.markSents = new Coalescer<>(items -> writeCounts("markSent", items, i -> markSent), maxBatch, inFlight);
        this.claims = new Coalescer<>(this::writeClaims, maxBatch, inFlight);
        this.completions = new Coalescer<>(this::writeCompletions, maxBatch, inFlight);
    }

    /** @return the row as stored, with its id; the row must be normalized and, for UUID keys, have its id */
    BackgroundJobInfo<K> insert(BackgroundJobInfo<K> row) {
        return inserts.submit(row);
    }

    boolean markSent(K id, Instant now) {
        Map<String, Object> values = new HashMap<>(4);
        values.put("id", id);
        values.put("now", now);
        return markSents.submit(values);
    }

    /** @return the claimed row, or null if the claim changed nothing (the caller finds out why) */
    BackgroundJobInfo<K> claim(ClaimRequest<K> request) {
        return claims.submit(request);
    }

    boolean complete(JobCompletion<K> completion) {
        return completions.submit(completion);
    }

    /**
     * Writes inserts as one batch now, without waiting for other callers.
     *
     * @param rows normalized rows (with their ids, for UUID keys)
     * @return per row: the row with its id, or {@link Coalescer#failed} if it could not be written
     */
    public List<Object> writeInserts(List<BackgroundJobInfo<K>> rows) {
        boolean generated = keyType == JobKeyType.LONG;
        return run("insert", rows, BatchedWrites::rowValues, r -> insert, generated, (row, count, keys) -> {
            if (count != 1) {
                throw new IllegalStateException("The insert of a job wrote " + count + " rows.");
            }
            if (generated) {
                keys.next();
                row.setId(keyType.cast(keys.getLong(1)));
            }
            return row;
        });
    }

    /**
     * Writes claims as one batch now, without waiting for other callers.
     *
     * @param requests the claims
     * @return per claim: the claimed row, null if nothing changed, or {@link Coalescer#failed}
     */
    public List<Object> writeClaims(List<ClaimRequest<K>> requests) {
        return run(
                "claim",
                requests,
                r -> {
                    Map<String, Object> values = new HashMap<>(8);
                    values.put("id", r.id());
                    values.put("owner", r.owner());
                    values.put("now", r.now());
                    values.put("leaseExpiresAt", r.leaseExpiresAt());
                    values.put("maxAttempts", r.maxAttempts());
                    values.put("requestType", r.requestType());
                    return values;
                },
                r -> claim,
                true,
                (request, count, rows) -> {
                    if (count == 0) {
                        return null;
                    }
                    rows.next();
                    return mapper.map(rows, null);
                });
    }

    /**
     * Writes completions as one batch now, without waiting for other callers.
     *
     * @param completions the completions
     * @return per completion: true if written, false if the lease was not held, or {@link Coalescer#failed}
     */
    public List<Object> writeCompletions(List<JobCompletion<K>> completions) {
        return run(
                "complete",
                completions,
                c -> {
                    Map<String, Object> values = new HashMap<>(12);
                    values.put("id", c.id());
                    values.put("owner", c.owner());
                    values.put("status", c.status().code());
                    values.put("now", c.now());
                    values.put("durationMillis", c.durationMillis());
                    values.put("resultData", c.resultData());
                    values.put("exceptionData", c.exceptionData());
                    values.put("nextAttemptAt", c.nextAttemptAt());
                    return values;
                },
                c -> c.status() == JobStatus.PENDING ? completeRetry : completeFinal,
                false,
                (c, count, keys) -> count == 1);
    }

    private List<Object> writeCounts(
            String operation, List<Map<String, Object>> items, Function<Map<String, Object>, NamedSql> statement) {
        return run(operation, items, v -> v, statement, false, (v, count, keys) -> count == 1);
    }

    /** What one item's statement gave: its update count and, if asked for, the rows it returned. */
    @FunctionalInterface
    private interface ResultReader<I> {
        Object read(I item, int count, ResultSet returned) throws SQLException;
    }

    /**
     * Writes items in one transaction, statements grouped by SQL and each group sent as one JDBC
     * batch; falls back to one statement per item, each in auto-commit, if that fails for any
     * reason but an outage.
     */
    private <I> List<Object> run(
            String operation,
            List<I> items,
            Function<I, Map<String, Object>> values,
            Function<I, NamedSql> statement,
            boolean returning,
            ResultReader<I> reader) {
        List<Map<String, Object>> bound = new ArrayList<>(items.size());
        for (I item : items) {
            bound.add(values.apply(item));
        }
        if (items.size() > 1) {
            try {
                return store.withConnection(
                        operation,
                        c -> StoreAccess.inTransaction(
                                c, tx -> writeGrouped(tx, items, bound, statement, returning, reader)));
            } catch (RuntimeException e) {
                if (StoreErrors.isUnavailable(e)) {
                    throw e;
                }
                // One item spoiled the batch, or it met a lock conflict: each item on its own below.
            }
        }
        List<Object> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            I item = items.get(i);
            Map<String, Object> v = bound.get(i);
            try {
                results.add(store.withConnection(
                        operation, c -> writeOne(c, item, v, statement.apply(item), returning, reader)));
            } catch (RuntimeException e) {
                if (StoreErrors.isUnavailable(e)) {
                    throw e;
                }
                results.add(Coalescer.failed(e));
            }
        }
        return results;
    }

    private <I> Object writeOne(
            Connection c, I item, Map<String, Object> values, NamedSql sql, boolean returning, ResultReader<I> reader)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, returning)) {
            sql.bind(ps, values);
            int count = ps.executeUpdate();
            if (!returning) {
                return reader.read(item, count, null);
            }
            try (ResultSet rs = ps.getGeneratedKeys()) {
                return reader.read(item, count, rs);
            }
        }
    }

    private <I> List<Object> writeGrouped(
            Connection c,
            List<I> items,
            List<Map<String, Object>> bound,
            Function<I, NamedSql> statement,
            boolean returning,
            ResultReader<I> reader)
            throws SQLException {
        Object[] results = new Object[items.size()];
        Map<NamedSql, List<Integer>> groups = new HashMap<>(4);
        List<Integer> order = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        // Lock order: ascending ids (new rows have none yet and lock nothing others wait for).
        order.sort((a, b) -> compareIds(bound.get(a).get("id"), bound.get(b).get("id")));
        for (int i : order) {
            groups.computeIfAbsent(statement.apply(items.get(i)), k -> new ArrayList<>())
                    .add(i);
        }
        for (Map.Entry<NamedSql, List<Integer>> group : groups.entrySet()) {
            try (PreparedStatement ps = prepare(c, group.getKey(), returning)) {
                for (int i : group.getValue()) {
                    group.getKey().bind(ps, bound.get(i));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                ResultSet rs = returning ? ps.getGeneratedKeys() : null;
                try {
                    for (int k = 0; k < counts.length; k++) {
                        int i = group.getValue().get(k);
                        // Drivers may answer SUCCESS_NO_INFO (-2); these statements touch one row by key.
                        int count = counts[k] == Statement.SUCCESS_NO_INFO ? 1 : counts[k];
                        results[i] = reader.read(items.get(i), count, rs);
                    }
                } finally {
                    if (rs != null) {
                        rs.close();
                    }
                }
            }
        }
        return Arrays.asList(results);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareIds(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return ((Comparable) a).compareTo(b);
    }

    private PreparedStatement prepare(Connection c, NamedSql sql, boolean returning) throws SQLException {
        PreparedStatement ps = returning
                ? c.prepareStatement(sql.jdbcSql(), Statement.RETURN_GENERATED_KEYS)
                : c.prepareStatement(sql.jdbcSql());
        ps.setQueryTimeout(store.queryTimeoutSeconds());
        return ps;
    }

    static Map<String, Object> rowValues(BackgroundJobInfo<?> row) {
        Map<String, Object> v = new HashMap<>(48);
        v.put("id", row.getId());
        v.put("userName", row.getUserName());
        v.put("requestType", row.getRequestType());
        v.put("requestData", row.getRequestData());
        v.put("queueName", row.getQueueName());
        v.put("status", row.getStatus().code());
        v.put("created", row.getCreated());
        v.put("updatedAt", row.getUpdatedAt());
        v.put("sentAt", row.getSentAt());
        v.put("sendCount", row.getSendCount());
        v.put("nextAttemptAt", row.getNextAttemptAt());
        v.put("started", row.getStarted());
        v.put("completed", row.getCompleted());
        v.put("queueLatencyMillis", row.getQueueLatencyMillis());
        v.put("durationMillis", row.getDurationMillis());
        v.put("cleared", row.isCleared());
        v.put("resultData", row.getResultData());
        v.put("exceptionData", row.getExceptionData());
        v.put("attempts", row.getAttempts());
        v.put("leaseOwner", row.getLeaseOwner());
        v.put("leaseExpiresAt", row.getLeaseExpiresAt());
        v.put("version", row.getVersion());
        v.put("progressPercent", row.getProgressPercent());
        v.put("progressMessage", row.getProgressMessage());
        v.put("cancelRequested", row.isCancelRequested());
        return v;
    }
}
