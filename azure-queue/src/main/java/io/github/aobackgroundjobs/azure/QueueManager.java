package io.github.aobackgroundjobs.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.azure.internal.AzureErrors;
import io.github.aobackgroundjobs.azure.internal.QueueNames;
import io.github.aobackgroundjobs.spi.JobValidation;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One place for every named queue of an application that share one storage account: the
 * original's {@code QueueClientHelperBase}. {@link #queue(String)} hands out one cached
 * {@link QueueClient} per name and creates the queue and its {@code <queue>-poison} on first
 * use. An application gives its queues typed accessors by subclassing:
 *
 * <pre>{@code
 * public final class AppQueues extends QueueManager {
 *     public AppQueues(QueueManager manager) { super(manager); }
 *     public QueueClient zipBuilder() { return queue("zip-builder"); }
 * }
 * AppQueues queues = new AppQueues(QueueManager.fromConnectionString(connectionString));
 * }</pre>
 *
 * <p>Clients built here use the JDK's HTTP client, a bounded retry policy and short timeouts
 * (see {@link Builder}): a refused connection fails a call at once and a service that stops
 * answering fails it within tries x try timeout (about 6 seconds by default), so a worker backs
 * off instead of hanging. Calls run on the caller's thread (the SDK's per-call timeout, which
 * hops to a shared pool, is not used: under load that pool made healthy calls time out). Message text is sent and received as-is
 * ({@link QueueMessageEncoding#NONE}).
 *
 * <p>Thread-safe. A subclass made with {@link #QueueManager(QueueManager)} shares the clients
 * and the record of created queues with its source.
 */
public class QueueManager {

    private final QueueServiceClient serviceClient;
    private final boolean createQueues;
    private final ConcurrentMap<String, QueueClient> clients;
    private final Set<String> created;
    private final AtomicReference<AzureStorageJobQueue> jobQueue;

    /**
     * Wraps a prebuilt service client. Its message encoding must be
     * {@link QueueMessageEncoding#NONE} (the SDK's default): the library's messages are
     * already base64 text.
     *
     * @param serviceClient the client
     * @throws NullPointerException if {@code serviceClient} is null
     * @throws IllegalArgumentException if the client encodes messages itself
     */
    public QueueManager(QueueServiceClient serviceClient) {
        this(Objects.requireNonNull(serviceClient, "'serviceClient' cannot be null."), true);
    }

    /**
     * For subclasses that add typed accessors: shares everything with {@code source}.
     *
     * @param source the manager to share clients and created queues with
     * @throws NullPointerException if {@code source} is null
     */
    protected QueueManager(QueueManager source) {
        Objects.requireNonNull(source, "'source' cannot be null.");
        this.serviceClient = source.serviceClient;
        this.createQueues = source.createQueues;
        this.clients = source.clients;
        this.created = source.created;
        this.jobQueue = source.jobQueue;
    }

    private QueueManager(QueueServiceClient serviceClient, boolean createQueues) {
        if (serviceClient.getMessageEncoding() != QueueMessageEncoding.NONE) {
            throw new IllegalArgumentException(
                    "'serviceClient' must use QueueMessageEncoding.NONE: job messages" + " are already base64 text.");
        }
        this.serviceClient = serviceClient;
        this.createQueues = createQueues;
        this.clients = new ConcurrentHashMap<>();
        this.created = ConcurrentHashMap.newKeySet();
        this.jobQueue = new AtomicReference<>();
    }

    /**
     * A manager for the account of a connection string, with the default timeouts.
     *
     * @param connectionString e.g. the Functions app's {@code AzureWebJobsStorage} setting
     * @return the manager
     * @throws NullPointerException if {@code connectionString} is null
     * @throws IllegalArgumentException if the connection string is blank or invalid
     */
    public static QueueManager fromConnectionString(String connectionString) {
        return builder().connectionString(connectionString).build();
    }

    /**
     * A manager for a queue service endpoint reached with a token (managed identity, a
     * service principal, ...). {@code azure-identity} is not a dependency of this library:
     * bring the credential type you use.
     *
     * @param endpoint e.g. {@code https://account.queue.core.windows.net}
     * @param credential the token credential
     * @return the manager
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code endpoint} is blank or not a URL
     */
    public static QueueManager fromEndpoint(String endpoint, TokenCredential credential) {
        return builder().endpoint(endpoint).credential(credential).build();
    }

    /** @return a builder for a manager with non-default timeouts or retries */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client of a queue, created (with its poison queue) on first use. Creation that fails
     * because the service is unreachable is tried again on the next call.
     *
     * @param queueName the queue's name: a job queue of at most
     *     {@value io.github.aobackgroundjobs.spi.JobValidation#MAX_JOB_QUEUE_NAME_LENGTH} characters
     *     (so that its poison queue fits), or a poison queue ({@code <queue>-poison}, up to 63)
     * @return the cached client
     * @throws IllegalArgumentException if the name breaks Azure's naming rules, or a job queue's
     *     name is too long for its poison queue
     * @throws JobQueueUnavailableException if the queue had to be created and the service
     *     cannot be reached
     * @throws io.github.aobackgroundjobs.JobQueueAccessDeniedException if the queue had to be
     *     created and the service refused the credentials
     */
    public QueueClient queue(String queueName) {
        QueueNames.validate(queueName);
        if (!QueueNames.isPoison(queueName)) {
            JobValidation.requireQueueName(queueName);
        }
        QueueClient client = clients.computeIfAbsent(queueName, serviceClient::getQueueClient);
        if (createQueues && !created.contains(queueName)) {
            create(queueName, client);
        }
        return client;
    }

    /**
     * The client of a queue's poison queue ({@code <queue>-poison}), created on first use.
     *
     * @param queueName the queue whose poison queue is wanted
     * @return the cached client
     * @throws IllegalArgumentException if the name breaks Azure's naming rules
     * @throws JobQueueUnavailableException if the queue cannot be created now
     */
    public QueueClient poisonQueue(String queueName) {
        return queue(QueueNames.poisonOf(QueueNames.validate(queueName)));
    }

    /**
     * The {@link io.github.aobackgroundjobs.spi.JobQueue} over this manager's queues: the one to
     * give a {@code QueueWorker}, a {@code QueueJobClient} or the Functions adapter. One
     * instance per manager, so send listeners are shared.
     *
     * @return the job queue
     */
    public AzureStorageJobQueue jobQueue() {
        return jobQueue.updateAndGet(existing -> existing != null ? existing : new AzureStorageJobQueue(this));
    }

    /** The account's name for messages; the service's URL if the client cannot tell it. */
    String accountName() {
        String account = serviceClient.getAccountName();
        return account == null || account.isBlank() ? serviceClient.getQueueServiceUrl() : account;
    }

    /** @return the underlying service client */
    public QueueServiceClient serviceClient() {
        return serviceClient;
    }

    /** @return whether this manager creates queues and their poison queues on first use */
    public boolean createsQueues() {
        return createQueues;
    }

    /**
     * Forgets that a queue was created, so the next {@link #queue} creates it again: for a
     * queue deleted behind the manager's back.
     *
     * @param queueName the queue
     */
    void forgetCreated(String queueName) {
        created.remove(queueName);
    }

    private void create(String queueName, QueueClient client) {
        try {
            client.createIfNotExistsWithResponse(null, null, Context.NONE);
            if (!QueueNames.isPoison(queueName)) {
                String poison = QueueNames.poisonOf(queueName);
                QueueClient poisonClient = clients.computeIfAbsent(poison, serviceClient::getQueueClient);
                poisonClient.createIfNotExistsWithResponse(null, null, Context.NONE);
                created.add(poison);
            }
            created.add(queueName);
        } catch (RuntimeException e) {
            throw AzureErrors.translate(accountName(), queueName, "Creating the queue", e);
        }
    }

    /**
     * Builds a {@link QueueManager}. Exactly one of a connection string, an endpoint with a
     * credential, or a prebuilt service client must be given. Not thread-safe; the manager it
     * builds is.
     */
    public static final class Builder {

        /** Each HTTP try's time limit. */
        public static final Duration DEFAULT_TRY_TIMEOUT = Duration.ofSeconds(3);
        /** Tries per call (one retry): enough for a blip, short enough to back off quickly. */
        public static final int DEFAULT_MAX_TRIES = 2;
        /** Time limit to open a connection. */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
        /** Queues and their poison queues are created on first use. */
        public static final boolean DEFAULT_CREATE_QUEUES = true;

        private String connectionString;
        private String endpoint;
        private TokenCredential credential;
        private QueueServiceClient serviceClient;
        private Duration tryTimeout = DEFAULT_TRY_TIMEOUT;
        private int maxTries = DEFAULT_MAX_TRIES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean createQueues = DEFAULT_CREATE_QUEUES;

        private Builder() {}

        /**
         * @param connectionString a storage connection string
         * @return this builder
         * @throws NullPointerException if it is null
         * @throws IllegalArgumentException if it is blank
         */
        public Builder connectionString(String connectionString) {
            this.connectionString = requireText(connectionString, "connectionString");
            return this;
        }

        /**
         * @param endpoint the queue service endpoint, used with {@link #credential}
         * @return this builder
         * @throws NullPointerException if it is null
         * @throws IllegalArgumentException if it is blank
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = requireText(endpoint, "endpoint");
            return this;
        }

        /**
         * @param credential a token credential, used with {@link #endpoint}
         * @return this builder
         * @throws NullPointerException if it is null
         */
        public Builder credential(TokenCredential credential) {
            this.credential = Objects.requireNonNull(credential, "'credential' cannot be null.");
            return this;
        }

        /**
         * @param serviceClient a prebuilt client; its own HTTP settings are kept
         * @return this builder
         * @throws NullPointerException if it is null
         */
        public Builder serviceClient(QueueServiceClient serviceClient) {
            this.serviceClient = Objects.requireNonNull(serviceClient, "'serviceClient' cannot be null.");
            return this;
        }

        /**
         * @param tryTimeout each HTTP try's time limit, 1 second to 5 minutes
         * @return this builder
         * @throws NullPointerException if it is null
         * @throws IllegalArgumentException if out of range
         */
        public Builder tryTimeout(Duration tryTimeout) {
            Objects.requireNonNull(tryTimeout, "'tryTimeout' cannot be null.");
            if (tryTimeout.compareTo(Duration.ofSeconds(1)) < 0 || tryTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("'tryTimeout' must be 1 second to 5 minutes: " + tryTimeout);
            }
            this.tryTimeout = tryTimeout;
            return this;
        }

        /**
         * @param maxTries tries per call, 1 to 10
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxTries(int maxTries) {
            if (maxTries < 1 || maxTries > 10) {
                throw new IllegalArgumentException("'maxTries' must be 1 to 10: " + maxTries);
            }
            this.maxTries = maxTries;
            return this;
        }

        /**
         * @param connectTimeout time limit to open a connection, positive
         * @return this builder
         * @throws NullPointerException if it is null
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            Objects.requireNonNull(connectTimeout, "'connectTimeout' cannot be null.");
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("'connectTimeout' must be positive: " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * @param createQueues whether queues and their poison queues are created on first use;
         *     turn off where the identity may not create queues and they are provisioned
         * @return this builder
         */
        public Builder createQueues(boolean createQueues) {
            this.createQueues = createQueues;
            return this;
        }

        /**
         * @return the manager
         * @throws IllegalStateException if not exactly one way to reach the service was given,
         *     or an endpoint came without a credential (or the reverse)
         * @throws IllegalArgumentException if the connection string is invalid, or the service
         *     client encodes messages itself (see {@link QueueManager#QueueManager(QueueServiceClient)})
         */
        public QueueManager build() {
            int ways = (connectionString != null ? 1 : 0)
                    + (endpoint != null || credential != null ? 1 : 0)
                    + (serviceClient != null ? 1 : 0);
            if (ways != 1) {
                throw new IllegalStateException("Give exactly one of a connection string, an endpoint with a"
                        + " credential, or a service client.");
            }
            if ((endpoint == null) != (credential == null)) {
                throw new IllegalStateException("An endpoint needs a credential and a credential an endpoint.");
            }
            if (serviceClient != null) {
                return new QueueManager(serviceClient, createQueues);
            }
            HttpClient httpClient = new JdkHttpClientBuilder()
                    .connectionTimeout(connectTimeout)
                    .responseTimeout(tryTimeout)
                    .readTimeout(tryTimeout)
                    .writeTimeout(tryTimeout)
                    .build();
            RequestRetryOptions retry = new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL,
                    maxTries,
                    tryTimeout,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(1),
                    null);
            QueueServiceClientBuilder builder = new QueueServiceClientBuilder()
                    .httpClient(httpClient)
                    .retryOptions(retry)
                    .messageEncoding(QueueMessageEncoding.NONE);
            if (connectionString != null) {
                builder.connectionString(connectionString);
            } else {
                builder.endpoint(endpoint).credential(credential);
            }
            return new QueueManager(builder.buildClient(), createQueues);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, "'" + name + "' cannot be null.");
            if (value.isBlank()) {
                throw new IllegalArgumentException("'" + name + "' cannot be blank.");
            }
            return value;
        }
    }
}
