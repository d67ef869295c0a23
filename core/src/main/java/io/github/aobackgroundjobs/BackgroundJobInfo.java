package io.github.aobackgroundjobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The record of one background job: who asked for it, what was asked, where it stands and
 * what came of it. One row of the jobs table.
 *
 * <p>The fields are the .NET original's ({@code BackgroundJobInfo<TKey>}) plus what a
 * reliable lifecycle needs: the queue, when the message was confirmed sent, when the next
 * attempt is due, the lease of the worker running it, an optimistic version, progress and a
 * cancel request. {@link #getAttempts()} counts attempts (claims); the original called it
 * {@code RetryCount} and the stored column keeps that name ({@code retry_count}).
 *
 * <p>This is a plain mutable data holder and is <b>not</b> thread-safe. Repositories hand out
 * copies; changing one changes nothing stored. Use {@link JobSerializer#readRequest} and
 * {@link JobSerializer#readResult} for typed access to the request and the result.
 *
 * @param <K> the key type ({@link Long} or {@link java.util.UUID})
 */
public final class BackgroundJobInfo<K> {

    /** Maximum length of {@link #getUserName()}, as in the original's schema. */
    public static final int MAX_USER_NAME_LENGTH = 50;
    /** Maximum length of {@link #getRequestType()}, as in the original's schema. */
    public static final int MAX_REQUEST_TYPE_LENGTH = 50;
    /** Maximum length of {@link #getQueueName()} (an Azure queue name is at most 63). */
    public static final int MAX_QUEUE_NAME_LENGTH = 63;
    /** Maximum length of {@link #getLeaseOwner()}. */
    public static final int MAX_LEASE_OWNER_LENGTH = 100;
    /** Maximum length of {@link #getProgressMessage()}; longer messages are cut. */
    public static final int MAX_PROGRESS_MESSAGE_LENGTH = 200;

    private K id;
    private String userName;
    private String requestType;
    private String requestData;
    private String queueName;
    private JobStatus status = JobStatus.PENDING;
    private Instant created;
    private Instant updatedAt;
    private Instant sentAt;
    private int sendCount;
    private Instant nextAttemptAt;
    private Instant started;
    private Instant completed;
    private Long queueLatencyMillis;
    private Long durationMillis;
    private boolean cleared;
    private String resultData;
    private String exceptionData;
    private int retryCount;
    private String leaseOwner;
    private Instant leaseExpiresAt;
    private long version;
    private Integer progressPercent;
    private String progressMessage;
    private boolean cancelRequested;

    /** Creates an empty record (status PENDING). */
    public BackgroundJobInfo() {}

    /**
     * Returns a field-by-field copy.
     *
     * @return a new record equal to this one
     */
    public BackgroundJobInfo<K> copy() {
        BackgroundJobInfo<K> c = new BackgroundJobInfo<>();
        c.id = id;
        c.userName = userName;
        c.requestType = requestType;
        c.requestData = requestData;
        c.queueName = queueName;
        c.status = status;
        c.created = created;
        c.updatedAt = updatedAt;
        c.sentAt = sentAt;
        c.sendCount = sendCount;
        c.nextAttemptAt = nextAttemptAt;
        c.started = started;
        c.completed = completed;
        c.queueLatencyMillis = queueLatencyMillis;
        c.durationMillis = durationMillis;
        c.cleared = cleared;
        c.resultData = resultData;
        c.exceptionData = exceptionData;
        c.retryCount = retryCount;
        c.leaseOwner = leaseOwner;
        c.leaseExpiresAt = leaseExpiresAt;
        c.version = version;
        c.progressPercent = progressPercent;
        c.progressMessage = progressMessage;
        c.cancelRequested = cancelRequested;
        return c;
    }

    /** @return the key, null before the record is inserted */
    public K getId() {
        return id;
    }
    /** @param id the key */
    public void setId(K id) {
        this.id = id;
    }

    /** @return the user the job belongs to (required, at most {@value #MAX_USER_NAME_LENGTH} characters) */
    public String getUserName() {
        return userName;
    }
    /** @param userName the user the job belongs to */
    public void setUserName(String userName) {
        this.userName = userName;
    }

    /** @return the request type name: by default the request class's simple name */
    public String getRequestType() {
        return requestType;
    }
    /** @param requestType the request type name */
    public void setRequestType(String requestType) {
        this.requestType = requestType;
    }

    /** @return the request as JSON */
    public String getRequestData() {
        return requestData;
    }
    /** @param requestData the request as JSON */
    public void setRequestData(String requestData) {
        this.requestData = requestData;
    }

    /** @return the name of the queue the job's messages go to */
    public String getQueueName() {
        return queueName;
    }
    /** @param queueName the queue name */
    public void setQueueName(String queueName) {
        this.queueName = queueName;
    }

    /** @return the current state */
    public JobStatus getStatus() {
        return status;
    }
    /** @param status the state */
    public void setStatus(JobStatus status) {
        this.status = Objects.requireNonNull(status, "'status' cannot be null.");
    }

    /** @return when the job was queued */
    public Instant getCreated() {
        return created;
    }
    /** @param created when the job was queued */
    public void setCreated(Instant created) {
        this.created = created;
    }

    /** @return when the record was last written (drives the dashboard's catch-up) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }
    /** @param updatedAt when the record was last written */
    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    /** @return when the queue confirmed the last message for this job, null if none was confirmed */
    public Instant getSentAt() {
        return sentAt;
    }
    /** @param sentAt when the last message was confirmed sent */
    public void setSentAt(Instant sentAt) {
        this.sentAt = sentAt;
    }

    /** @return how many messages were confirmed sent for this job (first send, re-sends, retries) */
    public int getSendCount() {
        return sendCount;
    }
    /** @param sendCount how many messages were sent */
    public void setSendCount(int sendCount) {
        this.sendCount = sendCount;
    }

    /** @return when the job may next be claimed (queue time, or retry time after a failure) */
    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }
    /** @param nextAttemptAt when the job may next be claimed */
    public void setNextAttemptAt(Instant nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    /** @return when the current or last attempt started */
    public Instant getStarted() {
        return started;
    }
    /** @param started when the attempt started */
    public void setStarted(Instant started) {
        this.started = started;
    }

    /** @return when the job finished (or its last attempt ended) */
    public Instant getCompleted() {
        return completed;
    }
    /** @param completed when the job finished */
    public void setCompleted(Instant completed) {
        this.completed = completed;
    }

    /** @return milliseconds from queueing (or from the due retry time) to the start of the last attempt */
    public Long getQueueLatencyMillis() {
        return queueLatencyMillis;
    }
    /** @param queueLatencyMillis the pickup latency in milliseconds */
    public void setQueueLatencyMillis(Long queueLatencyMillis) {
        this.queueLatencyMillis = queueLatencyMillis;
    }

    /** @return run time of the last attempt in milliseconds */
    public Long getDurationMillis() {
        return durationMillis;
    }
    /** @param durationMillis run time of the last attempt in milliseconds */
    public void setDurationMillis(Long durationMillis) {
        this.durationMillis = durationMillis;
    }

    /** @return true once the user dismissed the notification */
    public boolean isCleared() {
        return cleared;
    }
    /** @param cleared whether the user dismissed the notification */
    public void setCleared(boolean cleared) {
        this.cleared = cleared;
    }

    /** @return the result as JSON, set when SUCCEEDED */
    public String getResultData() {
        return resultData;
    }
    /** @param resultData the result as JSON */
    public void setResultData(String resultData) {
        this.resultData = resultData;
    }

    /** @return the last error as JSON ({@link ErrorInfo}), or null */
    public String getExceptionData() {
        return exceptionData;
    }
    /** @param exceptionData the last error as JSON */
    public void setExceptionData(String exceptionData) {
        this.exceptionData = exceptionData;
    }

    /** @return attempts so far: each claim counts one, so 1 after the first run */
    public int getAttempts() {
        return retryCount;
    }
    /** @param attempts attempts so far */
    public void setAttempts(int attempts) {
        this.retryCount = attempts;
    }

    /**
     * The original's name for {@link #getAttempts()}: it counts attempts, not retries (1 after
     * the first run).
     *
     * @return attempts so far
     * @deprecated use {@link #getAttempts()}, the same value
     */
    @Deprecated
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int getRetryCount() {
        return retryCount;
    }

    /**
     * The original's name for {@link #setAttempts(int)}.
     *
     * @param retryCount attempts so far
     * @deprecated use {@link #setAttempts(int)}
     */
    @Deprecated
    @com.fasterxml.jackson.annotation.JsonIgnore
    public void setRetryCount(int retryCount) {
        this.retryCount = retryCount;
    }

    /** @return the worker holding the lease while RUNNING, or null */
    public String getLeaseOwner() {
        return leaseOwner;
    }
    /** @param leaseOwner the worker holding the lease */
    public void setLeaseOwner(String leaseOwner) {
        this.leaseOwner = leaseOwner;
    }

    /**
     * @return when the running worker's lease ends unless renewed; on a PENDING job a requeue
     *     made, when that requeue's hold ends (kept until the next claim; see
     *     {@link io.github.aobackgroundjobs.spi.JobRepositoryBase#requeueIfUnchanged}); else null
     */
    public Instant getLeaseExpiresAt() {
        return leaseExpiresAt;
    }
    /** @param leaseExpiresAt when the lease ends */
    public void setLeaseExpiresAt(Instant leaseExpiresAt) {
        this.leaseExpiresAt = leaseExpiresAt;
    }

    /** @return the optimistic version, incremented by every write */
    public long getVersion() {
        return version;
    }
    /** @param version the optimistic version */
    public void setVersion(long version) {
        this.version = version;
    }

    /** @return the last reported progress, 0..100, or null if none was reported */
    public Integer getProgressPercent() {
        return progressPercent;
    }
    /** @param progressPercent progress 0..100 */
    public void setProgressPercent(Integer progressPercent) {
        this.progressPercent = progressPercent;
    }

    /** @return the last reported progress message, or null */
    public String getProgressMessage() {
        return progressMessage;
    }
    /** @param progressMessage the progress message */
    public void setProgressMessage(String progressMessage) {
        this.progressMessage = progressMessage;
    }

    /** @return true once a user or admin asked for the job to stop */
    public boolean isCancelRequested() {
        return cancelRequested;
    }
    /** @param cancelRequested whether a cancel was requested */
    public void setCancelRequested(boolean cancelRequested) {
        this.cancelRequested = cancelRequested;
    }

    /** @return true while RUNNING (the original's {@code IsRunning}) */
    public boolean isRunning() {
        return status == JobStatus.RUNNING;
    }

    /**
     * Whether the job has finished. Unlike the original's {@code IsCompleted}, ABORTED and
     * CANCELLED count as finished.
     *
     * @return {@link JobStatus#isTerminal()} of the status
     */
    public boolean isCompleted() {
        return status.isTerminal();
    }

    /** @return the run time of the last attempt, or null if it never ran to completion */
    public Duration getDuration() {
        return durationMillis == null ? null : Duration.ofMillis(durationMillis);
    }

    @Override
    public String toString() {
        return "BackgroundJobInfo[id=" + id + ", type=" + requestType + ", user=" + userName
                + ", queue=" + queueName + ", status=" + status + ", attempts=" + retryCount
                + ", version=" + version + "]";
    }
}
