package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.internal.HealthProbes;
import io.github.aobackgroundjobs.internal.JobStore;
import io.github.aobackgroundjobs.internal.SentMarkWriter;
import io.github.aobackgroundjobs.internal.Waits;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobValidation;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues jobs: saves the record, then sends the message that triggers a worker (the
 * original's {@code QueueJobAsync}). Also requeues, cancels and clears jobs.
 *
 * <p>Queueing takes one synchronous repository write (the insert) and one queue send; the
 * "sent" mark that follows is written behind the caller by a background thread, many marks per
 * write, when {@link Builder#writeSentMarksBehind} is on (the default on repositories whose
 * {@link JobRepositoryBase#sentMarksBehindByDefault()} is true, such as the JDBC one), else
 * synchronously. A record read right after {@code queueJob} returns may therefore not show
 * {@link BackgroundJobInfo#getSentAt()} yet ({@link #awaitSentMarks} waits for it); a mark
 * lost with the process only makes the sweeper send a duplicate message, which the claim
 * makes harmless. Everything is validated before the first write. If the send fails the
 * record is ABORTED with the reason and {@link JobQueueingException} tells the caller which
 * job it was; {@link #requeue} sends it again. Thread-safe; {@link #close} writes the marks
 * still waiting.
 *
 * <p>{@link #queueJobs} queues up to {@value #MAX_JOBS_PER_CALL} jobs in one call: one insert of
 * all records, the sends, one write marking them sent.
 *
 * <p>{@link #queueJobInTransaction} is the transactional form: the record is inserted through
 * the application's JDBC connection inside its transaction, and the message is sent by
 * {@link UnsentJob#send()} after the application's commit.
 *
 * @param <K> the key type
 */
public final class QueueJobClient<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueJobClient.class);

    /** Longest pause between two reads of {@link #awaitCompletion}, for changes made in other processes. */
    public static final long AWAIT_POLL_MILLIS = 200;

    /**
     * How long a job a {@link #requeue} made PENDING is held while its message is sent: a requeue
     * that reads it within that time, before its message is marked sent, refuses it. One minute,
     * the sweeper's default grace for jobs never sent; where the "sent" marks are written behind,
     * the {@link Builder#sentMarkDelay} is added.
     */
    public static final Duration REQUEUE_HOLD = Duration.ofMinutes(1);

    /** Most jobs one {@link #queueJobs} call takes. */
    public static final int MAX_JOBS_PER_CALL = 1000;

    private final JobRepositoryBase<K> repository;
    private final JobQueue queue;
    private final Clock clock;
    private final JobSerializer serializer;
    private final JobMessageCodec<K> codec;
    private final JobStore<K> store;
    private final SentMarkWriter<K> sentMarks;
    private final Duration requeueHold;

    private QueueJobClient(Builder<K> b) {
        this.repository = b.repository;
        this.queue = b.queue;
        this.clock = b.clock;
        this.serializer = b.serializer;
        this.codec = new JobMessageCodec<>(repository.keyType());
        this.store = new JobStore<>(repository, clock, serializer);
        boolean behind =
                b.writeSentMarksBehind == null ? repository.sentMarksBehindByDefault() : b.writeSentMarksBehind;
        this.sentMarks = behind ? new SentMarkWriter<>(store, clock, b.sentMarkDelay) : null;
        this.requeueHold = behind ? REQUEUE_HOLD.plus(b.sentMarkDelay) : REQUEUE_HOLD;
    }

    /**
     * @param repository where records are saved
     * @param queue where messages are sent
     * @param <K> the key type
     * @return a builder
     * @throws NullPointerException if an argument is null
     */
    public static <K> Builder<K> builder(JobRepositoryBase<K> repository, JobQueue queue) {
        return new Builder<>(repository, queue);
    }

    /**
     * Queues a job to run as soon as a worker is free. The request type name is
     * {@link RequestTypes#nameOf} of the request's class.
     *
     * @param queueName the queue the job's worker listens on
     * @param userName the user the job belongs to
     * @param request the request, serializable to JSON
     * @return the new job's id
     * @throws IllegalArgumentException naming the field, if an argument is invalid (nothing is written); a
     *     user name or request type containing NUL (U+0000) or an unpaired surrogate is invalid
     * @throws JobQueueingException if the record was saved but the message could not be sent
     * @throws JobStoreUnavailableException if the record could not be saved (nothing was sent)
     */
    public K queueJob(String queueName, String userName, Object request) {
        return queueJob(queueName, userName, request, Duration.ZERO);
    }

    /**
     * Queues a job to run after a delay.
     *
     * @param queueName the queue the job's worker listens on
     * @param userName the user the job belongs to
     * @param request the request, serializable to JSON
     * @param delay how long to wait before it may run, 0 to 7 days
     * @return the new job's id
     * @throws IllegalArgumentException naming the field, if an argument is invalid (nothing is written); a
     *     user name or request type containing NUL (U+0000) or an unpaired surrogate is invalid
     * @throws JobQueueingException if the record was saved but the message could not be sent
     * @throws JobStoreUnavailableException if the record could not be saved (nothing was sent)
     */
    public K queueJob(String queueName, String userName, Object request, Duration delay) {
        if (request == null) {
            throw new IllegalArgumentException("'request' cannot be null.");
        }
        return queueJob(queueName, userName, RequestTypes.nameOf(request.getClass()), request, delay);
    }

    /**
     * Queues a job under an explicit request type name (for a job that overrides
     * {@link BackgroundJobBase#requestTypeName()}).
     *
     * @param queueName the queue the job's worker listens on
     * @param userName the user the job belongs to
     * @param requestType the request type name the job runs
     * @param request the request, serializable to JSON
     * @param delay how long to wait before it may run, 0 to 7 days
     * @return the new job's id
     * @throws IllegalArgumentException naming the field, if an argument is invalid (nothing is written); a
     *     user name or request type containing NUL (U+0000) or an unpaired surrogate is invalid
     * @throws JobQueueingException if the record was saved but the message could not be sent
     * @throws JobStoreUnavailableException if the record could not be saved (nothing was sent)
     */
    public K queueJob(String queueName, String userName, String requestType, Object request, Duration delay) {
        BackgroundJobInfo<K> saved = store.insert(newRecord(queueName, userName, requestType, request, delay));
        send(saved.getId(), queueName, delay);
        return saved.getId();
    }

    /**
     * Queues several jobs of one user with one request type per request class: one insert of
     * all records (one transaction on the JDBC repository), the sends, one write marking them
     * sent. Every request is validated before anything is written. The request type name of
     * each is {@link RequestTypes#nameOf} of its class; no delay.
     *
     * @param queueName the queue the jobs' worker listens on
     * @param userName the user the jobs belong to
     * @param requests the requests, serializable to JSON; 1 to {@value #MAX_JOBS_PER_CALL}
     * @return the new jobs' ids, in the order of the requests
     * @throws IllegalArgumentException if the list is null, empty, longer than
     *     {@value #MAX_JOBS_PER_CALL} or holds null, or an argument is invalid; the message names
     *     the request's index ({@code 'requests[3]'}) and the field; nothing is written
     * @throws BatchQueueingException if some messages could not be sent: the ids queued and the
     *     ids ABORTED, with why, are in it
     * @throws JobStoreUnavailableException if the records could not be saved (nothing was sent)
     */
    public List<K> queueJobs(String queueName, String userName, List<?> requests) {
        requireBatch(requests);
        List<JobRequest> jobs = new ArrayList<>(requests.size());
        for (Object request : requests) {
            jobs.add(JobRequest.of(userName, request));
        }
        return queueJobs(queueName, jobs);
    }

    /**
     * Queues several jobs, each with its own user, request type and delay: one insert of all
     * records (one transaction on the JDBC repository), the sends, one write marking them sent.
     * Every request is validated before anything is written.
     *
     * @param queueName the queue the jobs' worker listens on
     * @param requests the jobs; 1 to {@value #MAX_JOBS_PER_CALL}
     * @return the new jobs' ids, in the order of the requests
     * @throws IllegalArgumentException if the list is null, empty, longer than
     *     {@value #MAX_JOBS_PER_CALL}, holds null, or an argument is invalid; the message names
     *     the request's index ({@code 'requests[3]'}) and the field; nothing is written
     * @throws BatchQueueingException if some messages could not be sent: the ids queued and the
     *     ids ABORTED, with why, are in it
     * @throws JobStoreUnavailableException if the records could not be saved (nothing was sent)
     */
    public List<K> queueJobs(String queueName, List<JobRequest> requests) {
        requireBatch(requests);
        JobValidation.requireQueueName(queueName);
        List<BackgroundJobInfo<K>> records = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            JobRequest job = requests.get(i);
            if (job == null) {
                throw new IllegalArgumentException("'requests[" + i + "]' cannot be null.");
            }
            if (job.request() == null) {
                throw new IllegalArgumentException("'requests[" + i + "]': 'request' cannot be null.");
            }
            try {
                records.add(newRecord(
                        queueName, job.userName(), job.effectiveRequestType(), job.request(), job.effectiveDelay()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'requests[" + i + "]': " + e.getMessage(), e);
            }
        }
        List<BackgroundJobInfo<K>> saved = store.insertAll(records);
        List<K> ids = new ArrayList<>(saved.size());
        List<K> queued = new ArrayList<>(saved.size());
        Map<K, RuntimeException> failures = new LinkedHashMap<>();
        for (int i = 0; i < saved.size(); i++) {
            K id = saved.get(i).getId();
            ids.add(id);
            try {
                queue.send(queueName, codec.encode(id), requests.get(i).effectiveDelay());
                queued.add(id);
            } catch (RuntimeException e) {
                abortUnsent(id, queueName, e);
                failures.put(id, e);
            }
        }
        if (sentMarks == null) {
            store.markAllSent(queued, queueName);
        } else {
            sentMarks.markAll(queued, queueName);
        }
        if (!failures.isEmpty()) {
            throw new BatchQueueingException(queueName, ids, queued, failures);
        }
        return ids;
    }

    private static void requireBatch(List<?> requests) {
        if (requests == null || requests.isEmpty()) {
            throw new IllegalArgumentException("'requests' cannot be null or empty.");
        }
        if (requests.size() > MAX_JOBS_PER_CALL) {
            throw new IllegalArgumentException("'requests' holds " + requests.size() + " jobs; at most "
                    + MAX_JOBS_PER_CALL + " can be queued in one call.");
        }
    }

    /**
     * Queues a job inside the application's own JDBC transaction (the transactional form): the
     * record is inserted through {@code connection}, in the transaction the application has
     * open on it, and no message is sent. Commit, then call {@link UnsentJob#send()}; after a
     * rollback there is neither record nor message. The repository never commits, rolls back,
     * closes or changes the auto-commit state of the connection. With Jdbi, pass
     * {@code handle.getConnection()}. The request type name is {@link RequestTypes#nameOf} of the
     * request's class; no delay.
     *
     * @param connection the application's connection, inside its transaction, to the database of
     *     the repository
     * @param queueName the queue the job's worker listens on
     * @param userName the user the job belongs to
     * @param request the request, serializable to JSON
     * @return the saved job, to send after the commit
     * @throws IllegalArgumentException naming the field, if an argument is invalid (nothing is written)
     * @throws UnsupportedOperationException if the repository keeps its records outside a JDBC
     *     database (see {@link JobRepositoryBase#supportsApplicationTransactions()})
     * @throws JobStoreUnavailableException if the insert failed on the connection (roll back)
     */
    public UnsentJob<K> queueJobInTransaction(
            Connection connection, String queueName, String userName, Object request) {
        return queueJobInTransaction(connection, queueName, userName, request, Duration.ZERO);
    }

    /**
     * As {@link #queueJobInTransaction(Connection, String, String, Object)}, with a delay counted
     * from {@link UnsentJob#send()}.
     *
     * @param connection the application's connection, inside its transaction
     * @param queueName the queue the job's worker listens on
     * @param userName the user the job belongs to
     * @param request the request, serializable to JSON
     * @param delay how long after the send it may run, 0 to 7 days
     * @return the saved job, to send after the commit
     * @throws IllegalArgumentException naming the field, if an argument is invalid (nothing is written)
     * @throws UnsupportedOperationException if the repository keeps its records outside a JDBC database
     * @throws JobStoreUnavailableException if the insert failed on the connection (roll back)
     */
    public UnsentJob<K> queueJobInTransaction(
            Connection connection, String queueName, String userName, Object request, Duration delay) {
        if (request == null) {
            throw new IllegalArgumentException("'request' cannot be null.");
        }
        return queueJobInTransaction(
                connection, queueName, userName, RequestTypes.nameOf(request.getClass()), request, delay);
    }

    /**
     * As {@link #queueJobInTransaction(Connection, String, String, Object)}, under an explicit
     * request type name and with a delay counted from {@link UnsentJob#send()}.
     *
     * @param connection the application's connection, inside its transaction
     * @param queueName the queue the job's worker listens on
     * @param userName the user the job belongs to
     * @param requestType the request type name the job runs
     * @param request the request, serializable to JSON
     * @param delay how long after the send it may run, 0 to 7 days
     * @return the saved job, to send after the commit
     * @throws IllegalArgumentException naming the field, if an argument is invalid (nothing is written)
     * @throws UnsupportedOperationException if the repository keeps its records outside a JDBC database
     * @throws JobStoreUnavailableException if the insert failed on the connection (roll back)
     */
    public UnsentJob<K> queueJobInTransaction(
            Connection connection,
            String queueName,
            String userName,
            String requestType,
            Object request,
            Duration delay) {
        if (connection == null) {
            throw new IllegalArgumentException("'connection' cannot be null.");
        }
        BackgroundJobInfo<K> saved =
                store.insert(connection, newRecord(queueName, userName, requestType, request, delay));
        K id = saved.getId();
        return new UnsentJob<>(id, queueName, delay, () -> sendCommitted(id, queueName, delay));
    }

    private BackgroundJobInfo<K> newRecord(
            String queueName, String userName, String requestType, Object request, Duration delay) {
        JobValidation.requireQueueName(queueName);
        JobValidation.requireUserName(userName);
        JobValidation.requireRequestType(requestType);
        if (request == null) {
            throw new IllegalArgumentException("'request' cannot be null.");
        }
        requireDelay(delay);
        String requestJson = serializer.toJson(request, "request");
        Instant now = clock.instant();
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setUserName(userName);
        job.setRequestType(requestType);
        job.setRequestData(requestJson);
        job.setQueueName(queueName);
        job.setStatus(JobStatus.PENDING);
        job.setCreated(now);
        job.setUpdatedAt(now);
        job.setNextAttemptAt(now.plus(delay));
        return job;
    }

    /** The send of a committed record: a failure leaves it PENDING for another try or the sweeper. */
    private void sendCommitted(K id, String queueName, Duration delay) {
        // A record not visible to other connections (not committed yet, or rolled back) would meet a
        // worker that finds no job and poisons the message; the sent mark, landing after the commit,
        // would then keep the sweeper from ever sending it again.
        if (repository.findJob(id).isEmpty()) {
            throw new IllegalStateException("Job " + id + " cannot be seen outside its transaction: send() must"
                    + " follow the commit (after a rollback there is no job to send). Nothing was sent; call send()"
                    + " again once committed.");
        }
        try {
            queue.send(queueName, codec.encode(id), delay);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Job {}: committed, but its message could not be sent to '{}'; it stays PENDING until sent"
                            + " again or by the sweeper",
                    id,
                    queueName,
                    e);
            throw new JobQueueingException(id, queueName, e, false);
        }
        markSent(id, queueName);
        store.published(id);
    }

    /**
     * Queues a job that nobody is running again with a fresh attempt budget (the dashboard's
     * Retry): a FAILED, ABORTED or CANCELLED job, a RUNNING job whose lease has expired (its
     * worker is gone), or a PENDING job never marked sent (its message may never have left),
     * whose message is sent again. A PENDING job marked sent waits its turn in the queue and is
     * refused: a requeue would only send a duplicate. Where the "sent" marks are written behind
     * ({@link Builder#writeSentMarksBehind}), a job queued within the last
     * {@link Builder#sentMarkDelay} may not be marked yet: its requeue sends a second message,
     * which the claim makes harmless (a job a requeue made PENDING is held instead, see below).
     *
     * <p>The job is read, then requeued only if it is still as read
     * ({@link JobRepositoryBase#requeueIfUnchanged}, on its version): of requeues of one job at
     * once, through any number of clients on one store, exactly one succeeds and sends, and the
     * others are refused ({@link IllegalStateException}, nothing sent). The requeued job is held
     * for {@link #REQUEUE_HOLD}, plus the {@link Builder#sentMarkDelay} where the "sent" marks
     * are written behind: until its message is marked sent, or the hold ends (this process died
     * before sending), a requeue that reads it refuses it rather than take it for a job whose
     * message never left. This needs a repository whose
     * {@link JobRepositoryBase#requeuesAtomically()} is true, as the stock ones are; on one
     * without, concurrent requeues may each succeed and send (the claim still runs the job once).
     *
     * @param id the job
     * @throws JobNotFoundException if there is no such job
     * @throws IllegalStateException if the job SUCCEEDED, is PENDING and marked sent, is PENDING
     *     and held by another requeue sending its message, is RUNNING under a live lease (the
     *     message says until when), or was changed by someone else (another requeue, a worker, a
     *     cancel) between this call's read and its write; nothing was written or sent
     * @throws JobQueueingException if the message could not be sent (the job is ABORTED again)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void requeue(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        BackgroundJobInfo<K> job = repository.getJob(id);
        // The time after the read: it is the requeue's updatedAt, never earlier than the write it read.
        Instant now = clock.instant();
        if (!JobRepositoryBase.isRequeueable(job, now)) {
            throw new IllegalStateException(whyNotRequeued(job, now));
        }
        if (!store.requeueIfUnchanged(id, job.getVersion(), now, now, now.plus(requeueHold))) {
            BackgroundJobInfo<K> current = repository.getJob(id);
            Instant later = clock.instant();
            throw new IllegalStateException("Job " + id + " was changed by someone else while it was being requeued"
                    + " (version " + job.getVersion() + " read, " + current.getVersion() + " now); nothing was sent. "
                    + (JobRepositoryBase.isRequeueable(current, later)
                            ? "It can still be requeued: try again."
                            : whyNotRequeued(current, later)));
        }
        send(id, job.getQueueName(), Duration.ZERO);
    }

    /** Why a job, as read, cannot be requeued. */
    private static String whyNotRequeued(BackgroundJobInfo<?> job, Instant now) {
        Object id = job.getId();
        return switch (job.getStatus()) {
            case RUNNING ->
                "Job " + id + " is RUNNING under a live lease of '" + job.getLeaseOwner() + "' until "
                        + job.getLeaseExpiresAt() + "; it can be requeued once the lease has expired.";
            case PENDING ->
                job.getSentAt() != null
                        ? "Job " + id + " is PENDING and its message was sent at " + job.getSentAt()
                                + "; it waits its turn in queue '" + job.getQueueName() + "', and a requeue would only"
                                + " send a duplicate."
                        : "Job " + id + " is PENDING: it was requeued at " + job.getUpdatedAt()
                                + " and that requeue is sending its message (held until " + job.getLeaseExpiresAt()
                                + "); a second requeue would only send a duplicate.";
            default ->
                "Job " + id + " is " + job.getStatus() + "; only FAILED, ABORTED, CANCELLED, PENDING jobs never"
                        + " marked sent, or RUNNING jobs whose lease has expired, can be requeued.";
        };
    }

    /**
     * Asks a job to stop: a PENDING job is CANCELLED at once, and so is a RUNNING one whose
     * lease has expired (its worker is gone); a RUNNING one under a live lease stops at its next
     * check, or, if its worker dies first, is CANCELLED once the lease has expired (by the next
     * claim or sweep).
     *
     * @param id the job
     * @return what happened
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public CancelResult cancel(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        return store.requestCancel(id);
    }

    /**
     * Dismisses a job's notification (the original's {@code ClearJobAsync}).
     *
     * @param id the job
     * @return true if cleared, false if there is no such job
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public boolean clear(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        return store.clear(id);
    }

    /**
     * Waits until a job is finished (SUCCEEDED, FAILED, ABORTED or CANCELLED) or the timeout
     * passes, and returns its record as it is then: check {@link BackgroundJobInfo#getStatus()}.
     * A change made in this process wakes the wait at once; one made elsewhere (a worker in
     * another process) is seen within {@value #AWAIT_POLL_MILLIS} ms. For tests, command-line
     * tools and a {@code main} whose worker threads would otherwise end with it; a web request
     * should not wait for a background job.
     *
     * @param id the job
     * @param timeout how long to wait at most
     * @return the record, finished unless the timeout passed first (or the thread was
     *     interrupted, whose flag is then set again)
     * @throws JobNotFoundException if there is no such job
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public BackgroundJobInfo<K> awaitCompletion(K id, Duration timeout) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(timeout, "'timeout' cannot be null.");
        long deadline = System.nanoTime() + Waits.nanos(timeout);
        Semaphore changed = new Semaphore(0);
        Registration watch = repository.updates().watch(id, job -> changed.release());
        try {
            while (true) {
                BackgroundJobInfo<K> job = repository.getJob(id);
                long left = deadline - System.nanoTime();
                if (job.getStatus().isTerminal() || left <= 0) {
                    return job;
                }
                try {
                    changed.tryAcquire(
                            Math.min(left, TimeUnit.MILLISECONDS.toNanos(AWAIT_POLL_MILLIS)), TimeUnit.NANOSECONDS);
                    changed.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return repository.getJob(id);
                }
            }
        } finally {
            watch.close();
        }
    }

    /**
     * Waits until every "sent" mark of a job queued before the call is written (see
     * {@link Builder#writeSentMarksBehind}); returns at once when marks are synchronous.
     *
     * @param timeout the longest wait
     * @return true if all were written (or their write failed and was logged) in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitSentMarks(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "'timeout' cannot be null.");
        return sentMarks == null || sentMarks.flush(timeout);
    }

    /**
     * Writes the "sent" marks still waiting (for at most 10 s) and stops the thread that writes
     * them; later calls still work, marking synchronously. Closes neither the repository nor
     * the queue. Idempotent.
     */
    @Override
    public void close() {
        if (sentMarks != null) {
            sentMarks.close();
        }
    }

    /** @return the repository */
    public JobRepositoryBase<K> repository() {
        return repository;
    }

    /** @return the queue */
    public JobQueue queue() {
        return queue;
    }

    private void send(K id, String queueName, Duration delay) {
        try {
            queue.send(queueName, codec.encode(id), delay);
        } catch (RuntimeException e) {
            abortUnsent(id, queueName, e);
            throw new JobQueueingException(id, queueName, e);
        }
        markSent(id, queueName);
    }

    private void markSent(K id, String queueName) {
        if (sentMarks == null) {
            store.markSent(id, queueName);
        } else {
            sentMarks.mark(id, queueName);
        }
    }

    private void abortUnsent(K id, String queueName, RuntimeException cause) {
        try {
            store.abort(id, ErrorInfo.of(cause, "queueing", 0));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.error(
                    "Job {}: message to '{}' failed and the record could not be marked ABORTED either",
                    id,
                    queueName,
                    e);
        }
    }

    private static void requireDelay(Duration delay) {
        if (delay == null) {
            throw new IllegalArgumentException("'delay' cannot be null.");
        }
        if (delay.isNegative() || delay.compareTo(JobQueue.MAX_VISIBILITY_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "'delay' must be between 0 and " + JobQueue.MAX_VISIBILITY_TIMEOUT + ", not " + delay + ".");
        }
    }

    /**
     * Checks that this client can queue jobs, within {@link QueueWorker#DEFAULT_HEALTH_TIMEOUT};
     * see {@link #checkHealth(Duration, String...)}.
     *
     * @param queueNames the queues this client sends to; none to check the repository alone
     * @return the report, up when every check is up
     * @throws IllegalArgumentException if a queue name is invalid
     */
    public HealthReport checkHealth(String... queueNames) {
        return checkHealth(QueueWorker.DEFAULT_HEALTH_TIMEOUT, queueNames);
    }

    /**
     * Checks that this client can queue jobs: the check {@code repository}
     * ({@link JobRepositoryBase#checkAvailable()}) and one {@code queue:<name>} per queue named
     * (its approximate length read from the service). The probes run at once, each on a thread
     * of its own; whatever has not answered within {@code timeout} is reported down, so a hanging
     * store or queue never hangs the caller. Thread-safe.
     *
     * @param timeout the longest wait, at least 1 ms
     * @param queueNames the queues this client sends to; none to check the repository alone
     * @return the report, up when every check is up
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the timeout is under 1 ms or a queue name is invalid
     */
    public HealthReport checkHealth(Duration timeout, String... queueNames) {
        Objects.requireNonNull(timeout, "'timeout' cannot be null.");
        Objects.requireNonNull(queueNames, "'queueNames' cannot be null.");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("'timeout' must be at least 1 ms, not " + timeout + ".");
        }
        for (String queueName : queueNames) {
            JobValidation.requireQueueName(queueName);
        }
        return HealthProbes.report(repository, queue, List.of(queueNames), timeout);
    }

    /**
     * Builds a {@link QueueJobClient}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final JobRepositoryBase<K> repository;
        private final JobQueue queue;
        private Clock clock = Clock.systemUTC();
        private JobSerializer serializer = JobSerializer.defaults();
        private Boolean writeSentMarksBehind;
        private Duration sentMarkDelay = SentMarkWriter.DEFAULT_DELAY;

        private Builder(JobRepositoryBase<K> repository, JobQueue queue) {
            this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
            this.queue = Objects.requireNonNull(queue, "'queue' cannot be null.");
        }

        /**
         * @param clock the clock (default: system UTC)
         * @return this
         * @throws NullPointerException if null
         */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @param serializer the JSON serializer (default: {@link JobSerializer#defaults()})
         * @return this
         * @throws NullPointerException if null
         */
        public Builder<K> serializer(JobSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "'serializer' cannot be null.");
            return this;
        }

        /**
         * Whether the "sent" mark after each send is written behind the caller, by one background
         * thread, many marks per write (true), or by the caller before {@code queueJob} returns
         * (false). Default: the repository's {@link JobRepositoryBase#sentMarksBehindByDefault()}.
         * Either way the mark is an optimisation of the sweeper's work, not a guarantee: a job
         * whose mark is lost is re-sent after the sweeper's grace, and the duplicate is harmless.
         *
         * @param writeSentMarksBehind true to write marks behind the callers
         * @return this
         */
        public Builder<K> writeSentMarksBehind(boolean writeSentMarksBehind) {
            this.writeSentMarksBehind = writeSentMarksBehind;
            return this;
        }

        /**
         * How long a "sent" mark written behind the callers waits before it is written (default
         * 5 s). A job a worker claims within the delay is no longer PENDING when its mark comes,
         * so the mark writes nothing: a longer delay saves more writes while workers keep up, at
         * the cost of more unmarked jobs if the process dies (each then gets one duplicate
         * message from the sweeper if it is still PENDING after the sweeper's grace). Has no
         * effect when marks are synchronous. When more than 20,000 marks wait, the oldest are
         * written at once.
         *
         * @param sentMarkDelay between 1 ms and 1 min (the sweeper's default grace for jobs never
         *     marked sent)
         * @return this
         * @throws NullPointerException if the delay is null
         * @throws IllegalArgumentException if the delay is out of that range
         */
        public Builder<K> sentMarkDelay(Duration sentMarkDelay) {
            Objects.requireNonNull(sentMarkDelay, "'sentMarkDelay' cannot be null.");
            this.sentMarkDelay = SentMarkWriter.checkedDelay(sentMarkDelay);
            return this;
        }

        /** @return the client */
        public QueueJobClient<K> build() {
            return new QueueJobClient<>(this);
        }
    }
}
