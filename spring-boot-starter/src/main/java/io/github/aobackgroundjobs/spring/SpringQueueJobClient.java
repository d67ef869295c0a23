package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueJobClient;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Queues jobs from a Spring application: the {@link QueueJobClient} of the starter, aware of
 * Spring's transactions. Outside a transaction {@code queueJob} is {@link QueueJobClient#queueJob}:
 * the record is written and the message sent before it returns.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type ({@link Long} with the starter's repository)
 */
public class SpringQueueJobClient<K> {

    private final QueueJobClient<K> client;
    private final DataSource dataSource;

    /**
     * A client that never joins a transaction: for an application whose repository is not in a
     * {@code DataSource} of its own (an in-memory repository in tests).
     *
     * @param client the client that writes the record and sends the message
     */
    public SpringQueueJobClient(QueueJobClient<K> client) {
        this.client = Objects.requireNonNull(client, "'client' cannot be null.");
        this.dataSource = null;
    }

    /**
     * @param client the client that writes the record and sends the message
     * @param dataSource the database of the client's repository, as the application's
     *     transactions see it (the pool itself, not a proxy)
     */
    public SpringQueueJobClient(QueueJobClient<K> client, DataSource dataSource) {
        this.client = Objects.requireNonNull(client, "'client' cannot be null.");
        this.dataSource = Objects.requireNonNull(dataSource, "'dataSource' cannot be null.");
    }

    /**
     * Queues a job now.
     *
     * @param queueName the queue its job is bound to
     * @param userName the user who owns it (shown in their bell)
     * @param request the job's request, stored as JSON
     * @return the job's id
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the record cannot be written
     * @throws io.github.aobackgroundjobs.JobQueueingException if the message cannot be sent
     */
    public K queueJob(String queueName, String userName, Object request) {
        return client.queueJob(queueName, userName, request);
    }

    /**
     * Queues a job that becomes visible to workers after {@code delay}.
     *
     * @param queueName the queue its job is bound to
     * @param userName the user who owns it
     * @param request the job's request, stored as JSON
     * @param delay how long the message stays invisible, zero or more
     * @return the job's id
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the record cannot be written
     * @throws io.github.aobackgroundjobs.JobQueueingException if the message cannot be sent
     */
    public K queueJob(String queueName, String userName, Object request, Duration delay) {
        return client.queueJob(queueName, userName, request, delay);
    }

    /**
     * Queues a job under an explicit request type name.
     *
     * @param queueName the queue its job is bound to
     * @param userName the user who owns it
     * @param requestType the request type name the job runs
     * @param request the job's request, stored as JSON
     * @param delay how long the message stays invisible, zero or more
     * @return the job's id
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the record cannot be written
     * @throws io.github.aobackgroundjobs.JobQueueingException if the message cannot be sent
     */
    public K queueJob(String queueName, String userName, String requestType, Object request, Duration delay) {
        return client.queueJob(queueName, userName, requestType, request, delay);
    }

    /** @return the client this one queues through (cancel, clear, requeue, await) */
    public QueueJobClient<K> client() {
        return client;
    }

    /** @return the database whose transactions {@code queueJob} joins, if any */
    public java.util.Optional<DataSource> dataSource() {
        return java.util.Optional.ofNullable(dataSource);
    }
}
