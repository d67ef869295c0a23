package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues jobs from a Spring application: the starter's {@link QueueJobClient}, aware of Spring's
 * transactions.
 *
 * <ul>
 *   <li>Inside a transaction (a {@code @Transactional} method, a {@code TransactionTemplate}) of
 *       a transaction manager over the repository's {@code DataSource}
 *       ({@code DataSourceTransactionManager}, {@code JdbcTransactionManager},
 *       {@code JpaTransactionManager}), {@code queueJob} inserts the record through the
 *       transaction's connection ({@link QueueJobClient#queueJobInTransaction}) and sends the
 *       message after the commit, from one of up to 4 threads of the client, once the
 *       transaction's connection is back in its pool (the send needs connections of its own:
 *       sent from the committing thread, as many transactions at once as the pool has
 *       connections would wait on each other). The message usually follows the commit within
 *       milliseconds; {@code queueJob} has returned by then. A rollback leaves neither record nor
 *       message. A send that fails after the commit, or one still waiting when the process ends,
 *       is logged or lost; the record stays PENDING and the worker's sweeper sends it later, so
 *       the caller's committed work is not reported as failed.
 *   <li>Outside a transaction, or with a repository that keeps no JDBC records, it is
 *       {@link QueueJobClient#queueJob}: record written and message sent before it returns.
 *   <li>Inside a transaction that holds no connection of that {@code DataSource} (a transaction
 *       manager of another resource), it throws {@link IllegalStateException} and writes nothing:
 *       the record could not commit or roll back with that transaction.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type ({@link Long} with the starter's repository)
 */
public class SpringQueueJobClient<K> {

    private final QueueJobClient<K> client;
    private final DataSource dataSource;
    private final Executor afterCommitSends = SendAfterCommit.newSendThreads();

    /**
     * A client that never joins a transaction: for an application whose repository is not in a
     * {@code DataSource} (an in-memory repository in tests).
     *
     * @param client the client that writes the record and sends the message
     */
    public SpringQueueJobClient(QueueJobClient<K> client) {
        this.client = Objects.requireNonNull(client, "'client' cannot be null.");
        this.dataSource = null;
    }

    /**
     * @param client the client that writes the record and sends the message
     * @param dataSource the database of the client's repository, as the application's transaction
     *     manager knows it (the pool itself, not a {@code TransactionAwareDataSourceProxy})
     */
    public SpringQueueJobClient(QueueJobClient<K> client, DataSource dataSource) {
        this.client = Objects.requireNonNull(client, "'client' cannot be null.");
        this.dataSource = Objects.requireNonNull(dataSource, "'dataSource' cannot be null.");
    }

    /**
     * Queues a job now (in the caller's transaction, if one is active).
     *
     * @param queueName the queue its job is bound to
     * @param userName the user who owns it (shown in their bell)
     * @param request the job's request, stored as JSON
     * @return the job's id
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the record cannot be written
     *     (inside a transaction: roll it back)
     * @throws io.github.aobackgroundjobs.JobQueueingException outside a transaction, if the message
     *     cannot be sent
     * @throws IllegalStateException inside a transaction that holds no connection of the
     *     repository's {@code DataSource}
     */
    public K queueJob(String queueName, String userName, Object request) {
        return queue(
                connection -> client.queueJobInTransaction(connection, queueName, userName, request),
                () -> client.queueJob(queueName, userName, request));
    }

    /**
     * Queues a job that becomes visible to workers {@code delay} after it is sent (after the commit,
     * inside a transaction).
     *
     * @param queueName the queue its job is bound to
     * @param userName the user who owns it
     * @param request the job's request, stored as JSON
     * @param delay how long the message stays invisible, 0 to 7 days
     * @return the job's id
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the record cannot be written
     * @throws io.github.aobackgroundjobs.JobQueueingException outside a transaction, if the message
     *     cannot be sent
     * @throws IllegalStateException inside a transaction that holds no connection of the
     *     repository's {@code DataSource}
     */
    public K queueJob(String queueName, String userName, Object request, Duration delay) {
        return queue(
                connection -> client.queueJobInTransaction(connection, queueName, userName, request, delay),
                () -> client.queueJob(queueName, userName, request, delay));
    }

    /**
     * Queues a job under an explicit request type name.
     *
     * @param queueName the queue its job is bound to
     * @param userName the user who owns it
     * @param requestType the request type name the job runs
     * @param request the job's request, stored as JSON
     * @param delay how long the message stays invisible, 0 to 7 days
     * @return the job's id
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the record cannot be written
     * @throws io.github.aobackgroundjobs.JobQueueingException outside a transaction, if the message
     *     cannot be sent
     * @throws IllegalStateException inside a transaction that holds no connection of the
     *     repository's {@code DataSource}
     */
    public K queueJob(String queueName, String userName, String requestType, Object request, Duration delay) {
        return queue(
                connection ->
                        client.queueJobInTransaction(connection, queueName, userName, requestType, request, delay),
                () -> client.queueJob(queueName, userName, requestType, request, delay));
    }

    /** @return the client this one queues through (cancel, clear, requeue, await) */
    public QueueJobClient<K> client() {
        return client;
    }

    /** @return the database whose transactions {@code queueJob} joins, if any */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    private K queue(Function<Connection, UnsentJob<K>> inTransaction, Supplier<K> plain) {
        if (dataSource == null
                || !client.repository().supportsApplicationTransactions()
                || !TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return plain.get();
        }
        if (!TransactionSynchronizationManager.hasResource(dataSource)) {
            // A transaction of another resource: joining it through a connection of our own would
            // commit the record at once, whatever that transaction then does.
            throw new IllegalStateException("queueJob was called inside a transaction that holds no connection of the"
                    + " job repository's DataSource (its transaction manager manages another resource). Manage that"
                    + " DataSource with DataSourceTransactionManager, JdbcTransactionManager or JpaTransactionManager,"
                    + " or queue outside the transaction through client().queueJob.");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            UnsentJob<K> job = inTransaction.apply(connection);
            TransactionSynchronizationManager.registerSynchronization(new SendAfterCommit(job, afterCommitSends));
            return job.id();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
