package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.JobStatus;

/**
 * The SQL of the worker-side operations for one table and dialect, built once. Every write is a
 * single conditional statement; status codes are literals so that PostgreSQL can match the
 * partial indexes in the sweeper's reads, while the writes by id keep the status out of the
 * planner's reach (see {@code STATUS}); everything else is a bound parameter.
 */
public final class JobSql {

    /** Every column but the id, in insert order. */
    static final String DATA_COLUMNS = "user_name, request_type, request_data, queue_name, status, created,"
            + " updated_at, sent_at, send_count, next_attempt_at, started, completed, queue_latency_ms,"
            + " duration_ms, cleared, result_data, exception_data, retry_count, lease_owner, lease_expires_at,"
            + " version, progress_percent, progress_message, cancel_requested";

    private static final String DATA_PARAMETERS = ":userName, :requestType, :requestData, :queueName, :status,"
            + " :created, :updatedAt, :sentAt, :sendCount, :nextAttemptAt, :started, :completed,"
            + " :queueLatencyMillis, :durationMillis, :cleared, :resultData, :exceptionData, :attempts,"
            + " :leaseOwner, :leaseExpiresAt, :version, :progressPercent, :progressMessage, :cancelRequested";
    private static final String NOW = "CAST(:now AS TIMESTAMP WITH TIME ZONE)";
    private static final String TOUCH = "updated_at = :now, version = version + 1";
    /**
     * The status as the writes by id test it: an expression, not the bare column, so that
     * PostgreSQL cannot take a status index or a partial index ({@code WHERE status = 0}) for a
     * cheaper way to the row than the primary key. With statistics from a table of mostly
     * finished jobs, a cached generic plan for {@code id = ? AND status = 0} otherwise scans
     * every PENDING job for each write (found by the peer benchmark; pinned by
     * {@code PostgresWritePlanTest}).
     */
    private static final String STATUS = "(status + 0)";
    /**
     * The request type as the claims test it, for the same reason as {@link #STATUS}: with
     * statistics of an empty table (a new install, or one a purge emptied) and a burst of jobs
     * since, PostgreSQL took the request-type index for the batch claim's {@code id = ANY (?)},
     * and ran the locking sub-select once per row of it: hundreds of milliseconds per claim,
     * growing with the backlog (found by the peer benchmark; pinned by {@code PostgresWritePlanTest}).
     * H2 (whose CONCAT wants two arguments) plans these writes by the key anyway.
     */
    private static final String REQUEST_TYPE = "CONCAT(request_type)";

    private final String table;
    public final String insertReturningId;
    public final String insertWithId;
    public final String find;
    public final String claim;
    /**
     * {@link #claim} for the ids in the array {@code :ids}, in one statement that skips rows
     * locked by others (PostgreSQL); returns the rows it claimed.
     */
    public final String claimAll;

    public final String cancelAtClaim;
    public final String giveUpAtClaim;
    public final String renewLease;
    public final String saveProgress;
    public final String completeFinal;
    public final String completeRetry;
    public final String markSent;
    /**
     * {@link #markSent} for the ids in the array {@code :ids}, in one statement that skips rows
     * locked by others (PostgreSQL).
     */
    public final String markAllSent;

    public final String markAborted;
    public final String requestCancel;
    public final String findStatus;
    public final String requeue;
    /** {@code JobRepositoryBase.requeueIfUnchanged}: one conditional UPDATE on the version read. */
    public final String requeueIfUnchanged;

    public final String markCleared;
    public final String findActive;
    public final String findSweepCandidates;
    public final String findSweepCandidatesNoSent;
    private final String findUnfinished;
    private final String findUnfinishedAfter;
    public final String findUpdatedSince;
    public final String findUpdatedSinceForUser;

    /**
     * @param dialect the database
     * @param table the table name, schema-qualified if a schema was set
     */
    public JobSql(Dialect dialect, String table) {
        this.table = table;
        int pending = JobStatus.PENDING.code();
        int running = JobStatus.RUNNING.code();
        insertReturningId = dialect.returning(
                "INSERT INTO " + table + " (" + DATA_COLUMNS + ") VALUES (" + DATA_PARAMETERS + ")", "id");
        insertWithId = "INSERT INTO " + table + " (id, " + DATA_COLUMNS + ") VALUES (:id, " + DATA_PARAMETERS + ")";
        find = "SELECT * FROM " + table + " WHERE id = :id";
        String claimSet = "status = " + running + ", lease_owner = :owner,"
                + " lease_expires_at = :leaseExpiresAt, retry_count = retry_count + 1, started = :now,"
                + " queue_latency_ms = GREATEST(0, "
                + dialect.millisBetween("COALESCE(next_attempt_at, created)", NOW) + "),"
                + " exception_data = NULL, result_data = NULL, completed = NULL, duration_ms = NULL,"
                + " progress_percent = NULL, progress_message = NULL, " + TOUCH;
        // COALESCE types the parameter from the column, so a null (any type) binds on PostgreSQL too.
        String requestType = dialect == Dialect.POSTGRESQL ? REQUEST_TYPE : "request_type";
        String claimable = requestType + " = COALESCE(:requestType, request_type)"
                + " AND cancel_requested = FALSE AND retry_count < :maxAttempts"
                + " AND ((" + STATUS + " = " + pending
                + " AND (next_attempt_at IS NULL OR next_attempt_at <= :now))"
                + " OR (" + STATUS + " = " + running + " AND lease_expires_at <= :now))";
        claim = dialect.returning(update(claimSet, "id = :id AND " + claimable), "*");
        // SKIP LOCKED, as in markAllSent: rows are never waited for, so no lock order can deadlock;
        // a row skipped (held by another writer) is left to the single claim, which waits and tells why.
        claimAll = dialect.returning(update(claimSet, "id IN (" + lockEach(claimable) + ") AND " + claimable), "*");
        cancelAtClaim = dialect.returning(
                update(
                        "status = " + JobStatus.CANCELLED.code()
                                + ", completed = :now, lease_owner = NULL, lease_expires_at = NULL, " + TOUCH,
                        "id = :id AND version = :version"),
                "*");
        giveUpAtClaim = dialect.returning(
                update(
                        "status = " + JobStatus.ABORTED.code()
                                + ", exception_data = :exceptionData, completed = :now, lease_owner = NULL,"
                                + " lease_expires_at = NULL, " + TOUCH,
                        "id = :id AND version = :version"),
                "*");
        String heldBy = "id = :id AND " + STATUS + " = " + running + " AND lease_owner = :owner";
        renewLease =
                dialect.returning(update("lease_expires_at = :leaseExpiresAt, " + TOUCH, heldBy), "cancel_requested");
        saveProgress = dialect.returning(
                update("progress_percent = :percent, progress_message = :message, " + TOUCH, heldBy),
                "cancel_requested");
        String ending = "status = :status, completed = :now, duration_ms = :durationMillis,"
                + " result_data = :resultData, exception_data = :exceptionData, lease_owner = NULL,"
                + " lease_expires_at = NULL, ";
        completeFinal = update(ending + TOUCH, heldBy);
        completeRetry = update(ending + "next_attempt_at = :nextAttemptAt, sent_at = NULL, " + TOUCH, heldBy);
        markSent = update(
                "sent_at = :now, send_count = send_count + 1, " + TOUCH, "id = :id AND " + STATUS + " = " + pending);
        // SKIP LOCKED: a row another transaction holds (a claim, most likely) is left alone rather
        // than waited for, so this statement never waits and never deadlocks with a batch of claims
        // that locks the same rows in another order; a mark left out only lets the sweeper re-send.
        markAllSent = update(
                "sent_at = :now, send_count = send_count + 1, " + TOUCH,
                "id IN (" + lockEach(STATUS + " = " + pending) + ") AND " + STATUS + " = " + pending);
        String active = "(" + pending + ", " + running + ")";
        markAborted = update(
                "status = " + JobStatus.ABORTED.code() + ", exception_data = :exceptionData,"
                        + " completed = :now, lease_owner = NULL, lease_expires_at = NULL, " + TOUCH,
                "id = :id AND (" + STATUS + " = " + pending + " OR (" + STATUS + " = " + running
                        + " AND (lease_expires_at IS NULL OR lease_expires_at <= :now)))");
        // Nobody runs it: PENDING, or RUNNING whose lease expired. Right-hand sides read the row as it was.
        String unattended = "(status = " + pending + " OR lease_expires_at IS NULL OR lease_expires_at <= " + NOW + ")";
        requestCancel = dialect.returning(
                update(
                        "status = CASE WHEN " + unattended + " THEN " + JobStatus.CANCELLED.code()
                                + " ELSE status END,"
                                + " completed = CASE WHEN " + unattended + " THEN " + NOW + " ELSE completed END,"
                                + " lease_owner = CASE WHEN " + unattended + " THEN NULL ELSE lease_owner END,"
                                + " lease_expires_at = CASE WHEN " + unattended
                                + " THEN NULL ELSE lease_expires_at END,"
                                + " cancel_requested = TRUE, " + TOUCH,
                        "id = :id AND " + STATUS + " IN " + active),
                "status");
        findStatus = "SELECT status FROM " + table + " WHERE id = :id";
        requeue = update(
                "status = " + pending + ", retry_count = 0, send_count = 0, next_attempt_at = :nextAttemptAt,"
                        + " sent_at = NULL, completed = NULL, result_data = NULL, lease_owner = NULL,"
                        + " lease_expires_at = NULL, cancel_requested = FALSE, cleared = FALSE, " + TOUCH,
                "id = :id AND (" + STATUS + " IN (" + pending + ", " + JobStatus.FAILED.code() + ", "
                        + JobStatus.ABORTED.code() + ", " + JobStatus.CANCELLED.code() + ") OR (" + STATUS + " = "
                        + running + " AND (lease_expires_at IS NULL OR lease_expires_at <= :now)))");
        // The version the caller read, not updated_at: two writes within one clock tick share a time.
        String notHeld = "(lease_expires_at IS NULL OR lease_expires_at <= :now)";
        requeueIfUnchanged = update(
                "status = " + pending + ", retry_count = 0, send_count = 0, next_attempt_at = :nextAttemptAt,"
                        + " sent_at = NULL, completed = NULL, result_data = NULL, lease_owner = NULL,"
                        + " lease_expires_at = :heldUntil, cancel_requested = FALSE, cleared = FALSE, " + TOUCH,
                "id = :id AND version = :expectedVersion AND (" + STATUS + " IN (" + JobStatus.FAILED.code() + ", "
                        + JobStatus.ABORTED.code() + ", " + JobStatus.CANCELLED.code() + ") OR (" + STATUS + " = "
                        + pending + " AND sent_at IS NULL AND " + notHeld + ") OR (" + STATUS + " = " + running
                        + " AND " + notHeld + "))");
        markCleared = update("cleared = TRUE, " + TOUCH, "id = :id");
        findActive = "SELECT * FROM " + table + " WHERE user_name = :userName AND cleared = FALSE"
                + " ORDER BY created DESC, id DESC LIMIT :limit";
        // Three index-friendly parts instead of one OR: each uses its own (partial) index.
        String unsentPart = "SELECT * FROM " + table + " WHERE status = " + pending
                + " AND sent_at IS NULL AND updated_at < :unsentBefore";
        String sentPart = " UNION ALL SELECT * FROM " + table + " WHERE status = " + pending
                + " AND sent_at < :sentBefore AND COALESCE(next_attempt_at, created) < :sentBefore";
        String leasePart = " UNION ALL SELECT * FROM " + table + " WHERE status = " + running
                + " AND lease_expires_at < :leaseExpiredBefore";
        String sweepOrder = ") candidates ORDER BY CASE WHEN status = " + running
                + " THEN lease_expires_at ELSE COALESCE(next_attempt_at, created) END, id LIMIT :limit";
        findSweepCandidates = "SELECT * FROM (" + unsentPart + sentPart + leasePart + sweepOrder;
        findSweepCandidatesNoSent = "SELECT * FROM (" + unsentPart + leasePart + sweepOrder;
        // One part per status, so that each uses that status's (partial) index; the queue filter is
        // cheap on the few unfinished rows.
        String unfinished = "SELECT * FROM (SELECT * FROM " + table + " WHERE status = " + pending
                + " UNION ALL SELECT * FROM " + table + " WHERE status = " + running + ") unfinished"
                + " WHERE queue_name IN (<queues>)";
        findUnfinished = unfinished + " ORDER BY id LIMIT :limit";
        findUnfinishedAfter = unfinished + " AND id > :after ORDER BY id LIMIT :limit";
        findUpdatedSince = "SELECT * FROM " + table + " WHERE updated_at > :since ORDER BY updated_at, id LIMIT :limit";
        findUpdatedSinceForUser = "SELECT * FROM " + table + " WHERE updated_at > :since AND user_name = :userName"
                + " ORDER BY updated_at, id LIMIT :limit";
    }

    /**
     * The ids of the array {@code :ids} whose rows match a condition, each row locked, rows
     * other transactions hold skipped. One primary-key lookup per id, whatever the statistics
     * say: a lateral sub-select by {@code id = } the element, where {@code id = ANY (:ids)} let
     * PostgreSQL choose a sequential scan, or another index, for a cached generic plan made
     * while the table looked small or empty (pinned by {@code PostgresWritePlanTest}).
     */
    private String lockEach(String condition) {
        return "SELECT locked.id FROM UNNEST(:ids) AS wanted (id) CROSS JOIN LATERAL (SELECT id FROM " + table
                + " WHERE id = wanted.id AND " + condition + " FOR UPDATE SKIP LOCKED) locked";
    }

    /**
     * The restart recovery's page of unfinished jobs of some queues.
     *
     * @param queueCount how many queue names are bound, as {@code :queue0}, {@code :queue1}, ...
     * @param after whether ids start after {@code :after} (else from the first)
     * @return the statement (binds the queue names, {@code limit} and, if {@code after}, {@code after})
     */
    public String findUnfinished(int queueCount, boolean after) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < queueCount; i++) {
            names.append(i == 0 ? "" : ", ").append(":queue").append(i);
        }
        return (after ? findUnfinishedAfter : findUnfinished).replace("<queues>", names);
    }

    /** @return the (qualified) table name */
    public String table() {
        return table;
    }

    private String update(String set, String where) {
        return "UPDATE " + table + " SET " + set + " WHERE " + where;
    }
}
