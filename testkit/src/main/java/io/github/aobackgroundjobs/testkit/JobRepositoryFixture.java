package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds job records in a given state through a repository's own operations, on a
 * {@link SettableClock}: what the contract suites stand on. Usable in a project's own tests too.
 *
 * <p>Not thread-safe (the clock is, the helper's defaults are not meant to be shared).
 *
 * @param <K> the key type
 */
public final class JobRepositoryFixture<K> {

    /** The queue name of every record built here. */
    public static final String QUEUE = "test-jobs";
    /** The request type of records built without one. */
    public static final String TYPE = "TestRequest";
    /** The request data of records built here. */
    public static final String REQUEST_DATA = "{\"value\":42}";
    /** Lease length of claims made here. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** Max attempts of claims made here. */
    public static final int MAX_ATTEMPTS = 3;
    /** The worker id of claims made here unless another is given. */
    public static final String WORKER = "worker-1";
    /** The exception data a given-up claim stores. */
    public static final String GAVE_UP = "{\"type\":\"reason\",\"message\":\"gave up after 3 attempts\"}";

    private final JobRepositoryBase<K> repository;
    private final SettableClock clock;

    /**
     * @param repository the repository under test
     * @param clock the clock every time is read from
     */
    public JobRepositoryFixture(JobRepositoryBase<K> repository, SettableClock clock) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /** @return the repository */
    public JobRepositoryBase<K> repository() {
        return repository;
    }

    /** @return the clock */
    public SettableClock clock() {
        return clock;
    }

    /** @return the clock's time */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Moves the clock.
     *
     * @param amount how far
     * @return the new time
     */
    public Instant advance(Duration amount) {
        return clock.advance(amount);
    }

    /**
     * A valid new record, not inserted: created and next-attempt-at now.
     *
     * @param userName the user
     * @param requestType the request type
     * @return the record
     */
    public BackgroundJobInfo<K> newJob(String userName, String requestType) {
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setUserName(userName);
        job.setRequestType(requestType);
        job.setRequestData(REQUEST_DATA);
        job.setQueueName(QUEUE);
        job.setCreated(now());
        job.setNextAttemptAt(now());
        return job;
    }

    /**
     * Inserts a new PENDING record.
     *
     * @param userName the user
     * @return the saved record
     */
    public BackgroundJobInfo<K> pending(String userName) {
        return repository.insert(newJob(userName, TYPE));
    }

    /**
     * Inserts a new PENDING record.
     *
     * @param userName the user
     * @param requestType the request type
     * @return the saved record
     */
    public BackgroundJobInfo<K> pending(String userName, String requestType) {
        return repository.insert(newJob(userName, requestType));
    }

    /**
     * Claims with {@link #LEASE} and {@link #MAX_ATTEMPTS}.
     *
     * @param id the job
     * @param owner the worker
     * @return the result
     */
    public ClaimResult<K> claim(K id, String owner) {
        return claim(id, owner, MAX_ATTEMPTS);
    }

    /**
     * Claims with {@link #LEASE}.
     *
     * @param id the job
     * @param owner the worker
     * @param maxAttempts attempts allowed
     * @return the result
     */
    public ClaimResult<K> claim(K id, String owner, int maxAttempts) {
        return repository.claim(new ClaimRequest<>(id, owner, now(), LEASE, maxAttempts, GAVE_UP));
    }

    /**
     * Inserts a record and claims it as {@link #WORKER}.
     *
     * @param userName the user
     * @return the RUNNING record
     * @throws AssertionError if the repository does not claim the new record
     */
    public BackgroundJobInfo<K> running(String userName) {
        return running(userName, TYPE);
    }

    /**
     * Inserts a record and claims it as {@link #WORKER}.
     *
     * @param userName the user
     * @param requestType the request type
     * @return the RUNNING record
     * @throws AssertionError if the repository does not claim the new record
     */
    public BackgroundJobInfo<K> running(String userName, String requestType) {
        BackgroundJobInfo<K> job = pending(userName, requestType);
        ClaimResult<K> claim = claim(job.getId(), WORKER);
        if (claim.type() != ClaimResult.Type.CLAIMED) {
            throw new AssertionError("A new job could not be claimed: " + claim);
        }
        return claim.job();
    }

    /**
     * Ends the running attempt held by {@link #WORKER}: with a result when SUCCEEDED, else with
     * exception data.
     *
     * @param id the job
     * @param status how it ended: SUCCEEDED, FAILED, ABORTED, CANCELLED, or PENDING for a retry
     *     one minute from now
     * @param durationMillis its run time
     * @return what {@link JobRepositoryBase#complete} returned
     */
    public boolean complete(K id, JobStatus status, long durationMillis) {
        String result = status == JobStatus.SUCCEEDED ? "{\"ok\":true}" : null;
        String error = status == JobStatus.SUCCEEDED ? null : "{\"type\":\"java.lang.IllegalStateException\"}";
        return repository.complete(new JobCompletion<>(
                id,
                WORKER,
                status,
                now(),
                durationMillis,
                result,
                error,
                status == JobStatus.PENDING ? now().plus(Duration.ofMinutes(1)) : null));
    }

    /**
     * Builds a finished job: inserted, claimed, and ended as {@code status} after
     * {@code durationMillis} (the clock ends where it started).
     *
     * @param userName the user
     * @param requestType the request type
     * @param status SUCCEEDED, FAILED, ABORTED or CANCELLED
     * @param durationMillis its run time
     * @return the record after completion
     * @throws AssertionError if the repository does not claim the new record or complete its run
     * @throws IllegalArgumentException if {@code status} is PENDING or RUNNING (not a finished
     *     state), naming {@code 'status'}; nothing is inserted then
     * @throws NullPointerException if {@code status} is null, naming it
     */
    public BackgroundJobInfo<K> finished(String userName, String requestType, JobStatus status, long durationMillis) {
        Objects.requireNonNull(status, "'status' cannot be null.");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException(
                    "'status' must be SUCCEEDED, FAILED, ABORTED or CANCELLED for a finished job: " + status);
        }
        BackgroundJobInfo<K> job = running(userName, requestType);
        if (!complete(job.getId(), status, durationMillis)) {
            throw new AssertionError("The running job could not be completed: " + job);
        }
        return reload(job.getId());
    }

    /**
     * @param id a job that must exist
     * @return its record as stored now
     * @throws AssertionError if no record has that id
     */
    public BackgroundJobInfo<K> reload(K id) {
        return repository.findJob(id).orElseThrow(() -> new AssertionError("Job " + id + " is gone."));
    }

    /** @return an id no record has */
    public K unknownId() {
        JobKeyType<K> type = repository.keyType();
        return type.javaType() == Long.class ? type.cast(Long.MAX_VALUE - 7) : type.cast(UUID.randomUUID());
    }
}
