package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.JobUpdates;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps each job's record: what a custom repository implements. The stock implementations
 * are {@link InMemoryJobRepository} and the Jdbi repository of the jdbc-repository module;
 * the testkit's {@code JobRepositoryContractTest} proves a custom one against every rule
 * stated here.
 *
 * <p>A repository implements persistence only. It never tells anyone of a change: the client,
 * worker and sweeper publish what they save through {@link #updates()}, and {@link #updates()}
 * and {@link #onUpdated} are final.
 *
 * <p>Rules every method follows:
 * <ul>
 *   <li>Every state change is one atomic conditional write (one {@code UPDATE ... WHERE}, a
 *       compare-and-set, a transaction): a write whose condition does not hold (another worker
 *       got there first, the job is in another state, the caller does not hold the lease)
 *       changes nothing, not even {@code updatedAt} or {@code version}, and says so in its
 *       result.</li>
 *   <li>Every write that changes a record sets {@code updatedAt} to the {@code now} given and
 *       adds exactly one to {@code version}. {@link #insert} stores both as given instead.</li>
 *   <li>Times are the caller's, read from its injected {@link java.time.Clock}; a repository
 *       never asks its database for the time. Boundaries include {@code now}: a lease with
 *       {@code leaseExpiresAt <= now} has expired, a job with {@code nextAttemptAt <= now} is
 *       due. Instants are stored with at least millisecond precision and read back as given.</li>
 *   <li>Text is stored exactly as given, any Unicode included, and never cut, except the
 *       progress message ({@link #saveProgress}). Request, result and exception data have no
 *       length limit (100,000 characters must fit).</li>
 *   <li>Records handed out are copies, and a record passed in is never kept: changing either
 *       afterwards changes nothing stored.</li>
 *   <li>An id no record has is not an error: each method answers as documented (empty, false,
 *       {@code NOT_FOUND}, {@code LOST}). A null argument is a bug ({@link NullPointerException}).</li>
 *   <li>Implementations must be thread-safe: workers call one instance from many threads.</li>
 *   <li>A store that cannot be reached or does not answer in time throws
 *       {@link JobStoreUnavailableException}, quickly, never hangs; it is never thrown for bad
 *       data or bugs.</li>
 * </ul>
 *
 * @param <K> the key type ({@link Long} or {@link java.util.UUID})
 */
public abstract class JobRepositoryBase<K> {

    /** How many times the default of the four-argument {@code findSweepCandidates} asks again. */
    private static final int SWEEP_WIDENINGS = 3;

    private final JobUpdates<K> updates = new JobUpdates<>(this);

    /** For subclasses. */
    protected JobRepositoryBase() {}

    /**
     * The type of this repository's keys.
     *
     * @return {@link JobKeyType#LONG} or {@link JobKeyType#UUID}
     */
    public abstract JobKeyType<K> keyType();

    /**
     * Looks a job up. Writes nothing.
     *
     * @param id the job's id
     * @return a copy of the record as stored, or empty if there is none (never an exception)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract Optional<BackgroundJobInfo<K>> findJob(K id);

    /**
     * Looks a job up that must exist.
     *
     * @param id the job's id
     * @return a copy of the record
     * @throws JobNotFoundException if there is none
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public BackgroundJobInfo<K> getJob(K id) {
        return findJob(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * Saves a new record and assigns its id. The record is validated first
     * ({@link JobValidation#validateNewJob}); nothing is written if it is invalid. Then
     * {@link #insertValidated} stores it.
     *
     * @param job the new record: status PENDING, version 0
     * @return a copy of the saved record with its id
     * @throws IllegalArgumentException if a field is missing, blank, too long or otherwise
     *     invalid (the message names it, e.g. {@code 'userName'}), or a {@code UUID} id is
     *     another record's ({@code 'id'}); nothing is written
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public final BackgroundJobInfo<K> insert(BackgroundJobInfo<K> job) {
        JobValidation.validateNewJob(job);
        return insertValidated(job);
    }

    /**
     * Saves a record already validated by {@link #insert}, every field as given, except:
     * <ul>
     *   <li>the id: a {@code LONG} key is always assigned by the store (an id on the record is
     *       ignored); a {@code UUID} record keeps an id it has, else gets a random one. Ids
     *       are never reused: a {@code UUID} another record has is refused with
     *       {@link IllegalArgumentException} naming {@code 'id'}, nothing written;</li>
     *   <li>{@code updatedAt}: set to {@code created} when the record has none.</li>
     * </ul>
     * {@code version} is stored as given (0 for a new record), not incremented. A record queued
     * by {@code QueueJobClient} has status PENDING, attempts 0, send count 0, no sent-at, not
     * cleared; other values within {@link JobValidation#validateNewJob}'s ranges are stored as
     * given too. A null next-attempt-at means due at once.
     *
     * @param job the new record; the implementation must not keep a reference to it
     * @return a copy of the record as stored, with its id
     * @throws IllegalArgumentException if the record's {@code UUID} is another record's (the
     *     message names {@code 'id'})
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    protected abstract BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job);

    /**
     * Saves several new records (the batch form of queueing). Every record is validated first,
     * as by {@link #insert(BackgroundJobInfo)}, and nothing is written if one is invalid; then
     * {@link #insertAllValidated} stores them.
     *
     * @param jobs the new records, each with status PENDING and version 0; at least one
     * @return copies of the saved records with their ids, in the order given
     * @throws IllegalArgumentException if the list is empty or holds null, a record is invalid, or
     *     two records carry the same {@code UUID}: the message names the index ({@code 'jobs[3]'})
     *     and the field, and nothing is written; or a record's {@code UUID} is another stored
     *     record's: the message names its index and {@code 'id'} (nothing written by this
     *     library's repositories; see {@link #insertAllValidated} for a store that cannot write
     *     all or none)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public final List<BackgroundJobInfo<K>> insertAll(List<BackgroundJobInfo<K>> jobs) {
        if (jobs == null || jobs.isEmpty()) {
            throw new IllegalArgumentException("'jobs' cannot be null or empty.");
        }
        for (int i = 0; i < jobs.size(); i++) {
            BackgroundJobInfo<K> job = jobs.get(i);
            if (job == null) {
                throw new IllegalArgumentException("'jobs[" + i + "]' cannot be null.");
            }
            try {
                JobValidation.validateNewJob(job);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'jobs[" + i + "]': " + e.getMessage(), e);
            }
        }
        requireDistinctGivenIds(jobs);
        return insertAllValidated(List.copyOf(jobs));
    }

    private void requireDistinctGivenIds(List<BackgroundJobInfo<K>> jobs) {
        if (keyType() != JobKeyType.UUID) {
            return; // a LONG id always comes from the store, so a given one is ignored
        }
        Map<Object, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            Object id = jobs.get(i).getId();
            if (id == null) {
                continue;
            }
            Integer earlier = firstIndex.putIfAbsent(id, i);
            if (earlier != null) {
                throw new IllegalArgumentException(
                        "'jobs[" + i + "]': 'id' " + id + " is also the id of 'jobs[" + earlier + "]'.");
            }
        }
    }

    /**
     * Saves records already validated by {@link #insertAll}, each with the rules of
     * {@link #insertValidated(BackgroundJobInfo)}. A store that can should write them all or
     * none (one transaction); this default calls {@link #insertValidated(BackgroundJobInfo)} for
     * each in turn, so a failure part-way leaves the records before it saved (PENDING and never
     * sent: the sweeper sends them after its unsent grace). The given records' {@code UUID}s are
     * distinct ({@link #insertAll} checked); one another stored record has is refused with
     * {@link IllegalArgumentException} naming its index and {@code 'id'}.
     *
     * @param jobs the new records, in order; the implementation must not keep references to them
     * @return copies of the saved records with their ids, in the same order
     * @throws IllegalArgumentException if a record's {@code UUID} is another stored record's (the
     *     message names its index, {@code 'jobs[3]'}, and {@code 'id'})
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    protected List<BackgroundJobInfo<K>> insertAllValidated(List<BackgroundJobInfo<K>> jobs) {
        List<BackgroundJobInfo<K>> saved = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            try {
                saved.add(insertValidated(jobs.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'jobs[" + i + "]': " + e.getMessage(), e);
            }
        }
        return saved;
    }

    /**
     * Saves a new record through the application's own JDBC connection, inside the transaction
     * the application has open on it (the transactional form of queueing). The record is
     * validated first, as by {@link #insert(BackgroundJobInfo)}; then
     * {@link #insertValidated(Connection, BackgroundJobInfo)} stores it. The repository never
     * commits, rolls back, closes or changes the auto-commit state of that connection: the
     * record is saved if and when the application commits, and gone if it rolls back.
     *
     * @param connection the application's connection, to the database this repository keeps
     *     its records in
     * @param job the new record: status PENDING, version 0
     * @return a copy of the record with its id (not yet committed)
     * @throws IllegalArgumentException if a field is invalid (the message names it); nothing is written
     * @throws UnsupportedOperationException if this repository cannot write through an
     *     application's connection ({@link #supportsApplicationTransactions()} is false)
     * @throws JobStoreUnavailableException if the statement failed on the connection; the
     *     application's transaction may then be unusable and should be rolled back
     */
    public final BackgroundJobInfo<K> insert(Connection connection, BackgroundJobInfo<K> job) {
        Objects.requireNonNull(connection, "'connection' cannot be null.");
        if (!supportsApplicationTransactions()) {
            throw new UnsupportedOperationException(getClass().getName()
                    + " keeps its records outside any JDBC database, so a job cannot be saved in an application's"
                    + " transaction; use a JDBC repository (JdbiJobRepository) or queueJob without a connection.");
        }
        JobValidation.validateNewJob(job);
        return insertValidated(connection, job);
    }

    /**
     * Whether {@link #insert(Connection, BackgroundJobInfo)} is supported: true for a
     * repository that keeps its records in a JDBC database and overrides
     * {@link #insertValidated(Connection, BackgroundJobInfo)}. False here.
     *
     * @return whether records can be saved in an application's transaction
     */
    public boolean supportsApplicationTransactions() {
        return false;
    }

    /**
     * Saves a record already validated by {@link #insert(Connection, BackgroundJobInfo)} through
     * the application's connection, with the same rules as {@link #insertValidated(BackgroundJobInfo)}.
     * An implementation must run its statements on that connection only, and must not commit,
     * roll back, close it or change its auto-commit state. Only called when
     * {@link #supportsApplicationTransactions()} is true; this default throws.
     *
     * @param connection the application's connection
     * @param job the new record; the implementation must not keep a reference to it
     * @return a copy of the record as written, with its id
     * @throws JobStoreUnavailableException if the statement failed
     */
    protected BackgroundJobInfo<K> insertValidated(Connection connection, BackgroundJobInfo<K> job) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not override insertValidated(Connection, BackgroundJobInfo).");
    }

    /**
     * Takes a job for running, in one atomic step. The first case that applies decides:
     * <ol>
     *   <li>no record: NOT_FOUND (no job in the result);</li>
     *   <li>a record whose request type is not {@code request.requestType()} (when that is not
     *       null): OTHER_TYPE, nothing written, whatever its status; checked in the same atomic
     *       step as the rest, never by a read before the claim;</li>
     *   <li>SUCCEEDED, FAILED, ABORTED or CANCELLED: ALREADY_DONE, nothing written;</li>
     *   <li>PENDING whose {@code nextAttemptAt} is after {@code now}: BUSY, nothing written,
     *       {@code retryAt} = {@code nextAttemptAt};</li>
     *   <li>RUNNING whose {@code leaseExpiresAt} is after {@code now}: BUSY, nothing written,
     *       {@code retryAt} = {@code leaseExpiresAt}, even for the lease's own owner;</li>
     *   <li>claimable (PENDING and due, or RUNNING with an expired lease) with
     *       {@code cancelRequested}: CANCELLED: status CANCELLED, completed = now, lease owner
     *       and expiry cleared, attempts unchanged;</li>
     *   <li>claimable with attempts already at {@code maxAttempts} or more: GAVE_UP: status
     *       ABORTED, exception data = {@code gaveUpErrorData}, completed = now, lease owner and
     *       expiry cleared, attempts unchanged;</li>
     *   <li>otherwise CLAIMED: status RUNNING, lease owner = {@code owner}, lease expiry =
     *       {@link ClaimRequest#leaseExpiresAt()}, attempts + 1, started = now, queue latency =
     *       max(0, now minus next-attempt-at, or created if that is null) in milliseconds;
     *       exception data, result, completed, duration, progress percent and progress
     *       message cleared. Sent-at, send count and cancel flag are unchanged.</li>
     * </ol>
     * CLAIMED, CANCELLED and GAVE_UP write (updated-at = now, version + 1) and carry the
     * record exactly as stored after the write; the others carry it as found. Of callers
     * racing for one due job exactly one gets CLAIMED and the others BUSY; losing a race is
     * never an exception.
     *
     * @param request what to claim, by whom, when
     * @return what was found and done
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract ClaimResult<K> claim(ClaimRequest<K> request);

    /**
     * Claims several jobs at once (a host claims the jobs of the messages it received together),
     * answering each request exactly as {@link #claim} would have, in the order given. A request
     * whose id occurs earlier in the list answers as a second claim of that job would (BUSY once
     * the first took it). A store may write all claims in one statement, round trip and
     * commit; the answers must not depend on whether it did. This default calls {@link #claim}
     * for each, in order, so a repository that does not override it keeps working.
     *
     * @param requests the claims, each as for {@link #claim}; typically of one owner and time
     * @return one result per request, in the same order
     * @throws NullPointerException if {@code requests} or one of them is null
     * @throws JobStoreUnavailableException if the store cannot be reached; some claims may
     *     have been made (their jobs run again once their leases expire)
     */
    public List<ClaimResult<K>> claimAll(List<ClaimRequest<K>> requests) {
        Objects.requireNonNull(requests, "'requests' cannot be null.");
        List<ClaimResult<K>> results = new java.util.ArrayList<>(requests.size());
        for (ClaimRequest<K> request : requests) {
            results.add(claim(Objects.requireNonNull(request, "'requests' cannot contain null.")));
        }
        return results;
    }

    /**
     * Extends the lease of a running job, if the caller still holds it: the record is RUNNING
     * and its lease owner is {@code owner}. The expiry is not checked: a lease that expired but
     * that nobody took over is still the caller's. Sets lease expiry = {@code leaseExpiresAt};
     * nothing else but updated-at and version.
     *
     * @param id the job
     * @param owner the worker that claimed it
     * @param now the time, from the caller's clock
     * @param leaseExpiresAt the new end of the lease
     * @return HELD if extended; CANCEL_REQUESTED if extended and the job's cancel flag is set;
     *     LOST, nothing written, if the job is missing, not RUNNING or held by another owner
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract LeaseState renewLease(K id, String owner, Instant now, Instant leaseExpiresAt);

    /**
     * Saves a running job's progress, if the caller still holds its lease (the same condition
     * as {@link #renewLease}). Sets progress percent and progress message; the lease is not
     * changed.
     *
     * @param id the job
     * @param owner the worker that claimed it
     * @param percent 0..100, checked before anything is read or written
     * @param message a short text, or null; a longer one is cut to its first
     *     {@value BackgroundJobInfo#MAX_PROGRESS_MESSAGE_LENGTH} characters, never refused
     * @param now the time, from the caller's clock
     * @return HELD if saved; CANCEL_REQUESTED if saved and the job's cancel flag is set; LOST,
     *     nothing written, if the job is missing, not RUNNING or held by another owner
     * @throws IllegalArgumentException if {@code percent} is outside 0..100 (the message names
     *     {@code 'percent'}); nothing is written
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract LeaseState saveProgress(K id, String owner, int percent, String message, Instant now);

    /**
     * Ends an attempt of a running job held by {@code completion.owner()} (the same condition as
     * {@link #renewLease}: RUNNING, that lease owner, expiry not checked). Sets status,
     * completed = now, duration, result data and exception data as given (null stores null);
     * clears lease owner and expiry. For a retry (PENDING) also sets next-attempt-at and clears
     * sent-at, so the retry's message counts as not sent yet. Attempts, send count, the cancel
     * flag and progress are unchanged.
     *
     * @param completion how the attempt ended
     * @return true if saved; false, nothing written, if the job is missing, not RUNNING (already
     *     finished, or PENDING) or held by another owner
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean complete(JobCompletion<K> completion);

    /**
     * Records that the queue confirmed a message for a PENDING job: sent-at = now, send count
     * + 1, on every call (a re-sent message counts again).
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return true if saved; false, nothing written, if the job is missing or not PENDING
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean markSent(K id, Instant now);

    /**
     * {@link #markSent} for several jobs at once; a store may write them in one statement or
     * transaction. This default calls {@link #markSent} for each.
     *
     * @param ids the jobs
     * @param now the time, from the caller's clock
     * @return how many were saved (jobs missing or no longer PENDING are skipped)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public int markAllSent(List<K> ids, Instant now) {
        Objects.requireNonNull(ids, "'ids' cannot be null.");
        Objects.requireNonNull(now, "'now' cannot be null.");
        int saved = 0;
        for (K id : ids) {
            if (markSent(id, now)) {
                saved++;
            }
        }
        return saved;
    }

    /**
     * Whether a {@link io.github.aobackgroundjobs.QueueJobClient} built on this repository writes
     * its "sent" marks behind the callers by default (see
     * {@link io.github.aobackgroundjobs.QueueJobClient.Builder#writeSentMarksBehind}): true for a
     * store where a write costs a network round trip and a commit, so that queueing a job costs
     * one synchronous write (the insert) plus the send. False here: a custom repository keeps
     * synchronous marks unless it says otherwise.
     *
     * @return whether sent marks are written behind by default
     */
    public boolean sentMarksBehindByDefault() {
        return false;
    }

    /**
     * Ends a job that nobody is running as ABORTED with the reason: it could not run (never
     * queued, its message poisoned, re-sent too often). Applies to a PENDING job, and to a
     * RUNNING job whose lease expired at or before {@code now} (its worker is gone); a RUNNING
     * job under a live lease is left to its worker. Sets status ABORTED, exception data =
     * {@code exceptionData}, completed = now; clears lease owner and expiry; attempts unchanged.
     *
     * @param id the job
     * @param exceptionData the reason as JSON ({@link ErrorInfo})
     * @param now the time, from the caller's clock
     * @return true if saved; false if the job is missing, already finished, or running under a
     *     live lease
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean markAborted(K id, String exceptionData, Instant now);

    /**
     * Asks a job to stop, in one atomic step:
     * <ul>
     *   <li>PENDING: status CANCELLED, completed = now, cancel flag set: {@code CANCELLED};</li>
     *   <li>RUNNING whose lease expired at or before {@code now} (its worker is gone, nobody
     *       took it over): the same as PENDING, and lease owner and expiry cleared; attempts
     *       unchanged: {@code CANCELLED};</li>
     *   <li>RUNNING under a live lease: cancel flag set, status and lease unchanged (the worker
     *       stops at its next lease renewal or progress write; if it dies instead, the next
     *       claim or request after the lease expires ends the job CANCELLED):
     *       {@code REQUESTED}; a repeated request for a job already flagged may skip the write;</li>
     *   <li>finished: {@code ALREADY_DONE}, nothing written;</li>
     *   <li>no record: {@code NOT_FOUND}.</li>
     * </ul>
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return what happened
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract CancelResult requestCancel(K id, Instant now);

    /**
     * Makes a job that nobody is running PENDING again with a fresh budget: a
     * finished-but-not-succeeded (FAILED, ABORTED, CANCELLED) job, a PENDING job, or a RUNNING
     * job whose lease expired at or before {@code now} (its worker is gone). Sets attempts 0,
     * send count 0, next-attempt-at = {@code nextAttemptAt}; clears sent-at, completed, result,
     * lease owner and expiry; resets the cancel flag and cleared flag to false. Exception data,
     * started, duration and progress are kept until the next claim clears them. The caller
     * sends the message afterwards.
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @param nextAttemptAt when it may be claimed
     * @return true if requeued; false if missing, SUCCEEDED, or RUNNING under a live lease
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean requeue(K id, Instant now, Instant nextAttemptAt);

    /**
     * {@link #requeue} if, and only if, the job is still as the caller read it, so that of
     * callers requeuing one job at once (clients in several processes) exactly one succeeds. It
     * applies, in one atomic step with the write, only when all of these hold:
     * <ul>
     *   <li>the record's {@code version} is {@code expectedVersion} (every write adds one to it,
     *       so no other change came between the caller's read and this write, however close in
     *       time);</li>
     *   <li>it is FAILED, ABORTED or CANCELLED; or PENDING, never marked sent (sent-at null) and
     *       not held by another requeue (lease expiry null, or at or before {@code now}); or
     *       RUNNING whose lease expired at or before {@code now} (its worker is gone).</li>
     * </ul>
     * It writes what {@link #requeue} writes, except that lease expiry = {@code heldUntil} (lease
     * owner stays null): the hold of the caller, which now sends the message. Until then, or until
     * the message is marked sent, the job is PENDING and never marked sent, as a job whose message
     * never left is; the hold keeps other requeues from taking it for one and sending a second
     * message. A claim, {@link #markAborted} or {@link #requestCancel} replaces or clears the hold
     * as it does a lease.
     *
     * <p>The default reads the record ({@link #findJob}), checks these conditions on what it read,
     * then calls {@link #requeue}: it is <em>not atomic</em> (two callers may both succeed and both
     * send) and writes no hold. {@link #requeuesAtomically()} says which one a repository has; a
     * custom repository should override both, with one conditional write.
     *
     * @param id the job
     * @param expectedVersion the version of the record as the caller read it
     * @param now the time, from the caller's clock
     * @param nextAttemptAt when it may be claimed
     * @param heldUntil until when other requeues are refused while the caller sends the message
     * @return true if requeued; false, nothing written, if the job is missing, its version is
     *     not {@code expectedVersion}, or it is SUCCEEDED, PENDING and marked sent, PENDING and
     *     held, or RUNNING under a live lease
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public boolean requeueIfUnchanged(
            K id, long expectedVersion, Instant now, Instant nextAttemptAt, Instant heldUntil) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(now, "'now' cannot be null.");
        Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' cannot be null.");
        Objects.requireNonNull(heldUntil, "'heldUntil' cannot be null.");
        Optional<BackgroundJobInfo<K>> job = findJob(id);
        return job.isPresent()
                && job.get().getVersion() == expectedVersion
                && isRequeueable(job.get(), now)
                && requeue(id, now, nextAttemptAt);
    }

    /**
     * Whether {@link #requeueIfUnchanged} is one atomic conditional write here, so that of
     * concurrent requeues of one job exactly one succeeds. False here (the default reads, then
     * writes); true for the stock repositories.
     *
     * @return whether requeues are atomic
     */
    public boolean requeuesAtomically() {
        return false;
    }

    /**
     * Whether a record, as read, may be requeued by {@link #requeueIfUnchanged}: FAILED, ABORTED
     * or CANCELLED; PENDING never marked sent and not held by another requeue; or RUNNING whose
     * lease expired at or before {@code now}. For callers that explain a refusal; the version is
     * not looked at.
     *
     * @param job the record
     * @param now the time, from the caller's clock
     * @return whether a requeue of it may apply
     */
    public static boolean isRequeueable(BackgroundJobInfo<?> job, Instant now) {
        Instant lease = job.getLeaseExpiresAt();
        boolean leaseOver = lease == null || !lease.isAfter(now);
        return switch (job.getStatus()) {
            case FAILED, ABORTED, CANCELLED -> true;
            case PENDING -> job.getSentAt() == null && leaseOver;
            case RUNNING -> leaseOver;
            case SUCCEEDED -> false;
        };
    }

    /**
     * Marks a job's notification as dismissed by its user (the original's {@code ClearJobAsync}):
     * cleared = true, whatever the status; nothing else but updated-at and version.
     *
     * @param id the job
     * @param now the time, from the caller's clock
     * @return true if saved; false if missing
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract boolean markCleared(K id, Instant now);

    /**
     * The jobs a user has not cleared, of every status: what the user's notification list
     * shows. The user name matches exactly (case-sensitive). Ordered by created descending, then
     * id descending; writes nothing.
     *
     * @param userName the user
     * @param limit at most this many, at least 1
     * @return copies of the records; empty for a user with none
     * @throws IllegalArgumentException if {@code limit} is below 1
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract List<BackgroundJobInfo<K>> findActiveJobs(String userName, int limit);

    /**
     * The jobs the sweeper must look at (both cut-offs exclusive; writes nothing):
     * <ul>
     *   <li>PENDING jobs never confirmed sent (sent-at null) whose updated-at is before
     *       {@code unsentBefore};</li>
     *   <li>PENDING jobs confirmed sent whose next-attempt-at (or created, if null) and sent-at
     *       are both before {@code staleBefore} (a lost or poisoned message);</li>
     *   <li>RUNNING jobs whose lease expiry is before {@code staleBefore} (a dead worker whose
     *       message is gone).</li>
     * </ul>
     * No finished job, and no RUNNING job under a live lease, is ever a candidate. Ordered
     * oldest first by the time each job became a candidate, then by id, and cut to
     * {@code limit}: with more candidates than the limit, the oldest are returned.
     *
     * @param unsentBefore cut-off for unsent jobs
     * @param staleBefore cut-off for stale jobs
     * @param limit at most this many, at least 1
     * @return copies of the records
     * @throws IllegalArgumentException if {@code limit} is below 1
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public abstract List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant staleBefore, int limit);

    /**
     * The jobs the sweeper must look at, with a cut-off of its own for each kind (all cut-offs
     * exclusive; writes nothing):
     * <ul>
     *   <li>PENDING jobs never confirmed sent (sent-at null) whose updated-at is before
     *       {@code unsentBefore};</li>
     *   <li>PENDING jobs confirmed sent whose next-attempt-at (or created, if null) and sent-at
     *       are both before {@code sentBefore}; none at all when {@code sentBefore} is null
     *       (a sweeper that never re-sends a job merely waiting in a backlog);</li>
     *   <li>RUNNING jobs whose lease expiry is before {@code leaseExpiredBefore}.</li>
     * </ul>
     * No finished job, and no RUNNING job whose lease has not expired by
     * {@code leaseExpiredBefore}, is ever a candidate. Ordered and cut as
     * {@link #findSweepCandidates(Instant, Instant, int)}: oldest first by the time each job
     * became a candidate, then by id, at most {@code limit}.
     *
     * <p>The default asks {@link #findSweepCandidates(Instant, Instant, int)} with the later of
     * the cut-offs that apply ({@code leaseExpiredBefore}, and {@code sentBefore} when not null)
     * and drops what a kind's own cut-off excludes. Jobs dropped take room under the limit, so
     * when fewer than {@code limit} remain of a full answer it asks again with a limit four times
     * as large, at most three times more (up to 64 times {@code limit}), and stops early if the
     * repository refuses the larger limit ({@link IllegalArgumentException}, a cap of its own).
     * Correct, but it can read many jobs it drops: override it with one query, as the stock
     * repositories do.
     *
     * @param unsentBefore cut-off for PENDING jobs never sent
     * @param sentBefore cut-off for PENDING jobs sent and overdue, or null to find none of them
     * @param leaseExpiredBefore cut-off for RUNNING jobs
     * @param limit at most this many, at least 1
     * @return copies of the records
     * @throws IllegalArgumentException if {@code limit} is below 1
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public List<BackgroundJobInfo<K>> findSweepCandidates(
            Instant unsentBefore, Instant sentBefore, Instant leaseExpiredBefore, int limit) {
        Objects.requireNonNull(unsentBefore, "'unsentBefore' cannot be null.");
        Objects.requireNonNull(leaseExpiredBefore, "'leaseExpiredBefore' cannot be null.");
        if (limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1, not " + limit + ".");
        }
        Instant shared = sentBefore != null && sentBefore.isAfter(leaseExpiredBefore) ? sentBefore : leaseExpiredBefore;
        int asked = limit;
        List<BackgroundJobInfo<K>> kept = new ArrayList<>();
        for (int widening = 0; ; widening++) {
            List<BackgroundJobInfo<K>> found;
            try {
                found = findSweepCandidates(unsentBefore, shared, asked);
            } catch (IllegalArgumentException aboveTheCap) {
                if (widening == 0) {
                    throw aboveTheCap;
                }
                break;
            }
            kept.clear();
            for (BackgroundJobInfo<K> job : found) {
                if (kept.size() < limit && isSweepCandidate(job, sentBefore, leaseExpiredBefore)) {
                    kept.add(job);
                }
            }
            if (kept.size() == limit || found.size() < asked || widening == SWEEP_WIDENINGS) {
                break;
            }
            asked = (int) Math.min(Integer.MAX_VALUE, asked * 4L);
        }
        return kept;
    }

    /** Whether a job the three-argument query found passes the cut-off of its own kind. */
    private static boolean isSweepCandidate(BackgroundJobInfo<?> job, Instant sentBefore, Instant leaseExpiredBefore) {
        if (job.getStatus() == JobStatus.RUNNING) {
            return job.getLeaseExpiresAt() != null && job.getLeaseExpiresAt().isBefore(leaseExpiredBefore);
        }
        if (job.getStatus() != JobStatus.PENDING) {
            return false;
        }
        if (job.getSentAt() == null) {
            // The three-argument query already applied unsentBefore.
            return true;
        }
        Instant due = job.getNextAttemptAt() != null ? job.getNextAttemptAt() : job.getCreated();
        return sentBefore != null && job.getSentAt().isBefore(sentBefore) && due.isBefore(sentBefore);
    }

    /**
     * The unfinished (PENDING or RUNNING) jobs of some queues, a page at a time, in the order of
     * their ids: what a worker whose queue keeps no messages across restarts sends again when it
     * starts. Writes nothing. The order is the store's own order of its keys (numeric for
     * {@code Long}; for {@code UUID} the order of the canonical text, as databases sort them),
     * the same on every call, so that asking again with the last id of a page as {@code after}
     * visits every job that stays unfinished exactly once.
     *
     * <p>The default throws {@link UnsupportedOperationException}: a worker then logs that it
     * cannot recover the messages its queue lost, and relies on the sweeper.
     *
     * @param queueNames the queues, at least one
     * @param after the last id of the previous page, or null for the first page
     * @param limit at most this many, at least 1
     * @return copies of the records whose queue is one of {@code queueNames}, ids after
     *     {@code after}, ascending
     * @throws IllegalArgumentException if {@code queueNames} is empty or {@code limit} is below 1
     * @throws UnsupportedOperationException if the repository cannot list them (the default)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public List<BackgroundJobInfo<K>> findUnfinishedJobs(Set<String> queueNames, K after, int limit) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not implement findUnfinishedJobs(queueNames, after, limit).");
    }

    /**
     * Checks that the store answers; workers call it while backing off after an outage, and
     * their health checks call it. Returns quietly when the store is up and writes nothing. The
     * default does nothing; override it with a cheap round trip under a short timeout, one that
     * also fails while the store's tables are missing (a query reading no row of the jobs
     * table), so that a worker waits for them as for an outage.
     *
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public void checkAvailable() {}

    /**
     * The one place this repository's changes are published in this process: register
     * listeners there. Not for implementers: the client, worker and sweeper publish every
     * change they save, so a repository implements persistence only and never calls it.
     *
     * @return this repository's publisher
     */
    public final JobUpdates<K> updates() {
        return updates;
    }

    /**
     * Loads a job and tells the listeners of {@link #updates()}: the original's
     * {@code OnUpdatedAsync}, for a change made elsewhere (a webhook receiver calls it).
     * Reads the record through {@link #findJob}; each listener gets its own copy, and one that
     * throws does not keep the others from being told. Reads nothing when nobody listens; tells
     * no one when the job is missing.
     *
     * @param id the job that changed
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public final void onUpdated(K id) {
        updates.onUpdated(id);
    }
}
