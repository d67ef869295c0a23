package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueWorker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code backgroundjobs.*} settings of the starter. Each setter checks its value: a wrong value
 * fails the application's start with Spring Boot's bind failure, which names the property, its
 * value and the reason.
 *
 * <p>Not thread-safe while Spring binds it; read-only afterwards.
 */
@ConfigurationProperties(prefix = "backgroundjobs")
public class BackgroundJobsProperties {

    private final Jdbc jdbc = new Jdbc();
    private final Queue queue = new Queue();
    private final Worker worker = new Worker();
    /** Queue of each job bean, by bean name. */
    private final Map<String, JobBinding> jobs = new LinkedHashMap<>();

    private final Dashboard dashboard = new Dashboard();

    /** @return the job repository on the application's {@code DataSource} */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /** @return the message queue */
    public Queue getQueue() {
        return queue;
    }

    /** @return the worker that runs the application's job beans */
    public Worker getWorker() {
        return worker;
    }

    /**
     * @return the queue of each job bean by bean name ({@code backgroundjobs.jobs.<bean name>.queue});
     *     wins over {@link BackgroundJob#queue()}
     */
    public Map<String, JobBinding> getJobs() {
        return jobs;
    }

    /** @return the dashboard servlet */
    public Dashboard getDashboard() {
        return dashboard;
    }

    /** The job repository ({@code JdbiJobRepository}) on the application's {@code DataSource}. */
    public static class Jdbc {
        /** Whether the job table is created or upgraded at start. */
        private boolean migrateSchema;
        /** Schema of the job table; none means the connection's default. */
        private String schema;
        /** Name of the job table (a plain identifier, at most 40 characters). */
        private String tableName = "background_jobs";
        /** JDBC query timeout of every statement of the repository. */
        private Duration queryTimeout = Duration.ofSeconds(10);

        /** @return whether the table is created or upgraded at start ({@code false} by default) */
        public boolean isMigrateSchema() {
            return migrateSchema;
        }

        /** @param migrateSchema create or upgrade the table at start */
        public void setMigrateSchema(boolean migrateSchema) {
            this.migrateSchema = migrateSchema;
        }

        /** @return the schema of the table; none means the connection's default */
        public String getSchema() {
            return schema;
        }

        /** @param schema the schema of the table, or empty for the connection's default */
        public void setSchema(String schema) {
            this.schema = schema == null || schema.isBlank() ? null : schema;
        }

        /** @return the table's name */
        public String getTableName() {
            return tableName;
        }

        /**
         * @param tableName the table's name: a plain identifier of at most 40 characters
         * @throws IllegalArgumentException if it is blank
         */
        public void setTableName(String tableName) {
            this.tableName = requireText(tableName, "backgroundjobs.jdbc.table-name");
        }

        /** @return the JDBC query timeout of every statement */
        public Duration getQueryTimeout() {
            return queryTimeout;
        }

        /**
         * @param queryTimeout the JDBC query timeout of every statement, at least 1 second
         * @throws IllegalArgumentException if it is shorter
         */
        public void setQueryTimeout(Duration queryTimeout) {
            this.queryTimeout = atLeast(queryTimeout, Duration.ofSeconds(1), "backgroundjobs.jdbc.query-timeout");
        }
    }

    /** Where job messages go: in memory, or an Azure Storage account. */
    public static class Queue {
        /** Kind of queue: memory (this process only) or azure (Azure Storage or Azurite). */
        private QueueType type = QueueType.MEMORY;

        private final Azure azure = new Azure();

        /** @return the kind of queue ({@code memory} by default) */
        public QueueType getType() {
            return type;
        }

        /** @param type {@code memory} or {@code azure} */
        public void setType(QueueType type) {
            this.type = Objects.requireNonNull(type, "'type' cannot be null.");
        }

        /** @return the Azure Storage account, for {@code type=azure} */
        public Azure getAzure() {
            return azure;
        }
    }

    /** The kinds of queue. */
    public enum QueueType {
        /** In this process's memory: messages are lost when it stops (development, tests). */
        MEMORY,
        /** Azure Storage queues (or Azurite). */
        AZURE
    }

    /** The Azure Storage account of {@code backgroundjobs.queue.type=azure}: one of the two settings. */
    public static class Azure {
        /** Connection string of the Azure Storage account (or Azurite). */
        private String connectionString;
        /** Queue service endpoint, signed in with DefaultAzureCredential (needs com.azure:azure-identity). */
        private String endpoint;

        /** @return the account's connection string, if set */
        public String getConnectionString() {
            return connectionString;
        }

        /** @param connectionString the account's connection string (Azurite's works too) */
        public void setConnectionString(String connectionString) {
            this.connectionString = connectionString == null || connectionString.isBlank() ? null : connectionString;
        }

        /** @return the queue service endpoint, if set */
        public String getEndpoint() {
            return endpoint;
        }

        /**
         * @param endpoint the queue service endpoint ({@code https://<account>.queue.core.windows.net}),
         *     signed in with {@code DefaultAzureCredential} (needs {@code com.azure:azure-identity})
         * @throws IllegalArgumentException if it is not an https URL
         */
        public void setEndpoint(String endpoint) {
            if (endpoint != null && !endpoint.isBlank() && !endpoint.matches("(?i)https://\\S+")) {
                throw new IllegalArgumentException(
                        "backgroundjobs.queue.azure.endpoint must be an https URL (a token is sent to it), not '"
                                + endpoint + "'.");
            }
            this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
        }
    }

    /** The {@link QueueWorker} that runs the application's job beans. */
    public static class Worker {
        /** Whether this application runs a worker for its job beans. */
        private boolean enabled = true;
        /** Jobs run at once, 1 to 1024. */
        private int concurrency = QueueWorker.DEFAULT_CONCURRENCY;
        /** How long a received message stays invisible to other workers. */
        private Duration visibilityTimeout = QueueWorker.DEFAULT_VISIBILITY_TIMEOUT;
        /** Deliveries of one message before it is dead-lettered. */
        private int maxDequeueCount = QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT;
        /** Longest wait between two polls of an empty queue. */
        private Duration maxPollInterval = QueueWorker.DEFAULT_MAX_POLL_INTERVAL;
        /** How long the application's shutdown waits for running jobs before interrupting them. */
        private Duration shutdownTimeout = QueueWorker.DEFAULT_SHUTDOWN_TIMEOUT;

        /** @return whether this application runs a worker ({@code true} by default) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled run a worker in this application */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return jobs run at once */
        public int getConcurrency() {
            return concurrency;
        }

        /**
         * @param concurrency jobs run at once, 1 to 1024
         * @throws IllegalArgumentException if out of range
         */
        public void setConcurrency(int concurrency) {
            this.concurrency = inRange(concurrency, 1, 1024, "backgroundjobs.worker.concurrency");
        }

        /** @return how long a received message stays invisible to other workers */
        public Duration getVisibilityTimeout() {
            return visibilityTimeout;
        }

        /**
         * @param visibilityTimeout how long a received message stays invisible, at least 1 second
         * @throws IllegalArgumentException if shorter
         */
        public void setVisibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout =
                    atLeast(visibilityTimeout, Duration.ofSeconds(1), "backgroundjobs.worker.visibility-timeout");
        }

        /** @return deliveries of one message before it is dead-lettered */
        public int getMaxDequeueCount() {
            return maxDequeueCount;
        }

        /**
         * @param maxDequeueCount deliveries of one message before it is dead-lettered, 1 to 1000
         * @throws IllegalArgumentException if out of range
         */
        public void setMaxDequeueCount(int maxDequeueCount) {
            this.maxDequeueCount = inRange(maxDequeueCount, 1, 1000, "backgroundjobs.worker.max-dequeue-count");
        }

        /** @return the longest wait between two polls of an empty queue */
        public Duration getMaxPollInterval() {
            return maxPollInterval;
        }

        /**
         * @param maxPollInterval the longest wait between two polls of an empty queue, at least 1 ms
         * @throws IllegalArgumentException if shorter
         */
        public void setMaxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval =
                    atLeast(maxPollInterval, Duration.ofMillis(1), "backgroundjobs.worker.max-poll-interval");
        }

        /** @return how long the application's shutdown waits for running jobs */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /**
         * @param shutdownTimeout how long shutdown waits for running jobs, zero or more
         * @throws IllegalArgumentException if negative
         */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = atLeast(shutdownTimeout, Duration.ZERO, "backgroundjobs.worker.shutdown-timeout");
        }
    }

    /** The queue of one job bean. */
    public static class JobBinding {
        /** Queue whose messages the job bean runs. */
        private String queue;

        /** @return the queue whose messages the job runs */
        public String getQueue() {
            return queue;
        }

        /**
         * @param queue the queue whose messages the job runs
         * @throws IllegalArgumentException if it is blank
         */
        public void setQueue(String queue) {
            this.queue = requireText(queue, "backgroundjobs.jobs.<bean name>.queue");
        }
    }

    /** The dashboard servlet, behind the application's Spring Security sign-in. */
    public static class Dashboard {
        /** Whether the dashboard is served (in a servlet web application). */
        private boolean enabled = true;
        /** Where the dashboard is mounted. */
        private String path = "/jobs";
        /** Spring Security role (as in hasRole, without ROLE_) of dashboard admins. */
        private String adminRole = "ADMIN";
        /** Whether Spring Security's CSRF filter skips the dashboard's path (the dashboard checks its own token). */
        private boolean csrfExempt = true;

        /**
         * Key the dashboard signs its cross-site-request tokens with, at least 32 characters; instances
         * behind one load balancer share it. Random per start when unset.
         */
        private String secret;

        /** @return whether the dashboard is served ({@code true} by default, in a servlet web application) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled serve the dashboard */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return where the dashboard is mounted ({@code /jobs} by default) */
        public String getPath() {
            return path;
        }

        /**
         * @param path where the dashboard is mounted: starts with {@code /}, no trailing {@code /},
         *     no wildcard
         * @throws IllegalArgumentException if it is not such a path
         */
        public void setPath(String path) {
            if (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+")) {
                throw new IllegalArgumentException(
                        "backgroundjobs.dashboard.path must look like '/jobs' (segments of letters, digits, '.', '_', '~' or '-',"
                                + " no trailing '/'), not '" + path + "'.");
            }
            this.path = path;
        }

        /** @return the application's role (Spring Security's, without {@code ROLE_}) of dashboard admins */
        public String getAdminRole() {
            return adminRole;
        }

        /**
         * @param adminRole the application's role of dashboard admins, as in {@code hasRole(...)}
         * @throws IllegalArgumentException if it is blank or starts with {@code ROLE_}
         */
        public void setAdminRole(String adminRole) {
            String role = requireText(adminRole, "backgroundjobs.dashboard.admin-role");
            if (role.startsWith("ROLE_")) {
                throw new IllegalArgumentException(
                        "backgroundjobs.dashboard.admin-role is named as in hasRole(...), without 'ROLE_': '"
                                + role.substring(5) + "'.");
            }
            this.adminRole = role;
        }

        /**
         * @return whether Spring Security's CSRF filter skips the dashboard's path ({@code true} by
         *     default): the dashboard checks its own token on every state-changing request
         */
        public boolean isCsrfExempt() {
            return csrfExempt;
        }

        /** @param csrfExempt let the dashboard's own token protect its path instead of Spring Security's */
        public void setCsrfExempt(boolean csrfExempt) {
            this.csrfExempt = csrfExempt;
        }

        /** @return the key of the dashboard's cross-site-request tokens, if set */
        public String getSecret() {
            return secret;
        }

        /**
         * @param secret the key of the dashboard's cross-site-request tokens, at least 32 characters,
         *     shared by the instances behind one load balancer
         * @throws IllegalArgumentException if shorter
         */
        public void setSecret(String secret) {
            if (secret != null && !secret.isEmpty() && secret.length() < 32) {
                throw new IllegalArgumentException(
                        "backgroundjobs.dashboard.secret must be at least 32 characters, not " + secret.length() + ".");
            }
            this.secret = secret == null || secret.isEmpty() ? null : secret;
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " cannot be blank.");
        }
        return value.trim();
    }

    private static int inRange(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", not " + value + ".");
        }
        return value;
    }

    private static Duration atLeast(Duration value, Duration min, String what) {
        Objects.requireNonNull(value, what + " cannot be null.");
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value + ".");
        }
        return value;
    }
}
