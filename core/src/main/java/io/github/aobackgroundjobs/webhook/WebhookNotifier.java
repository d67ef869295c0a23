package io.github.aobackgroundjobs.webhook;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobUpdateListener;
import io.github.aobackgroundjobs.internal.WebhookSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts signed status changes to a web endpoint: the original's {@code PostStatusUpdateAsync},
 * done so that it can neither slow a job down nor be forged. Each notification is a
 * {@code POST {baseUrl}/{id}} with a JSON body and an HMAC-SHA256 signature over timestamp and
 * body ({@link WebhookSignatures}); the receiver checks it with {@link WebhookVerifier}.
 *
 * <p>{@link #notify(Object, JobStatus, String, String)} only puts the notification in a bounded
 * queue and returns at once; it never blocks and never throws on the job's thread. One daemon
 * thread sends them, with a timeout per request and a few retries with backoff on network
 * errors, 408, 429 and 5xx. When the queue is full the oldest notification is dropped and
 * counted ({@link #droppedCount()}): a dead endpoint costs bounded memory, never a stuck job.
 *
 * <p>Plug it in as a repository listener ({@code repository.updates().addListener(notifier)}) or call it
 * from {@link BackgroundJobBase#onStatusUpdated}. Thread-safe. {@link #close()} stops the
 * sender; notifications still queued, and any queued after it, are dropped and counted.
 *
 * @param <K> the key type
 */
public final class WebhookNotifier<K> implements JobUpdateListener<K>, AutoCloseable {

    /** Default timeout of one request (connect and response). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default attempts per notification, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default wait before the first retry; it doubles for each further retry. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
    /** Default number of notifications waiting to be sent before the oldest is dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    private final Clock clock;
    private final WebhookSender sender;

    private WebhookNotifier(Builder<K> b) {
        this.clock = b.clock;
        HttpClient client = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.sender = new WebhookSender(
                b.baseUrl, b.secret, client, b.clock, b.timeout, b.maxAttempts, b.retryBackoff, b.queueCapacity);
        sender.start();
    }

    /**
     * Starts configuring a notifier.
     *
     * @param baseUrl where to post; each job's notification goes to {@code baseUrl + "/" + id}
     * @param secret the shared secret, at least {@value WebhookSignatures#MIN_SECRET_LENGTH} bytes (copied)
     * @param <K> the key type
     * @return the builder
     * @throws IllegalArgumentException if the URL is not absolute http(s), has user info, a query or a
     *     fragment, or the secret is too short
     */
    public static <K> Builder<K> builder(URI baseUrl, byte[] secret) {
        return new Builder<>(baseUrl, secret);
    }

    /**
     * Queues a notification of a job's state; returns at once and never throws. A notification
     * without an id or a status is dropped, logged and counted in {@link #droppedCount()}.
     *
     * @param id the job
     * @param status its new state
     * @param requestType its request type, or null
     * @param queueName its queue, or null
     */
    public void notify(K id, JobStatus status, String requestType, String queueName) {
        if (id == null || status == null) {
            sender.rejectInvalid();
            return;
        }
        sender.enqueue(new WebhookPayload(id.toString(), status, requestType, queueName, clock.instant()));
    }

    /**
     * Queues a notification of a record's state; returns at once and never throws (a null record
     * is dropped and counted, as in {@link #notify(Object, JobStatus, String, String)}).
     *
     * @param job the record as it is now
     */
    public void notify(BackgroundJobInfo<K> job) {
        if (job == null) {
            sender.rejectInvalid();
            return;
        }
        notify(job.getId(), job.getStatus(), job.getRequestType(), job.getQueueName());
    }

    /**
     * As a repository listener: queues a notification of the changed record.
     *
     * @param job a copy of the record after the change
     */
    @Override
    public void onJobUpdated(BackgroundJobInfo<K> job) {
        notify(job);
    }

    /** @return notifications the endpoint accepted (2xx) */
    public long sentCount() {
        return sender.sentCount();
    }

    /** @return notifications given up after their attempts, or refused by the endpoint (4xx) */
    public long failedCount() {
        return sender.failedCount();
    }

    /** @return notifications dropped because the queue was full, invalid, or still queued at close */
    public long droppedCount() {
        return sender.droppedCount();
    }

    /** @return notifications waiting to be sent now (at most the queue capacity) */
    public int pendingCount() {
        return sender.pendingCount();
    }

    /**
     * Stops the sender thread, waiting at most the request timeout plus one second for a
     * request in flight. Notifications still queued, and any queued later, are dropped and
     * counted. Idempotent.
     */
    @Override
    public void close() {
        sender.close();
    }

    /**
     * Configures a {@link WebhookNotifier}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final URI baseUrl;
        private final byte[] secret;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private HttpClient httpClient;

        /** A query often carries a token: the refusal shows the URL up to it. */
        private static String withoutQuery(URI url) {
            String text = url.toString();
            int query = text.indexOf('?');
            int fragment = text.indexOf('#');
            int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
            return cut < 0 ? text : text.substring(0, cut) + "?...";
        }

        private Builder(URI baseUrl, byte[] secret) {
            Objects.requireNonNull(baseUrl, "'baseUrl' cannot be null.");
            String authority = baseUrl.getRawAuthority();
            if (baseUrl.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
                // Not echoed: the user info is a password, and the JDK client would never send it anyway.
                throw new IllegalArgumentException("'baseUrl' must not carry user info: the HTTP client never sends"
                        + " credentials given in the URL, and they would be logged. To authenticate, give an"
                        + " httpClient with an Authenticator.");
            }
            String scheme = baseUrl.getScheme();
            if (!baseUrl.isAbsolute()
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || baseUrl.getHost() == null
                    || baseUrl.getRawQuery() != null
                    || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("'baseUrl' must be an absolute http or https URL without query"
                        + " or fragment, not '" + withoutQuery(baseUrl) + "'.");
            }
            this.baseUrl = baseUrl;
            this.secret = WebhookSignatures.requireSecret(secret);
        }

        /**
         * @param clock where the payload's time and the signature's timestamp come from
         * @return this
         */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @param timeout per request, connect and response (default {@link #DEFAULT_TIMEOUT}), 1 ms to 5 min
         * @return this
         */
        public Builder<K> timeout(Duration timeout) {
            this.timeout = requireRange("timeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(5));
            return this;
        }

        /**
         * @param maxAttempts attempts per notification, 1..10 (default {@value #DEFAULT_MAX_ATTEMPTS})
         * @return this
         */
        public Builder<K> maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("'maxAttempts' must be between 1 and 10, not " + maxAttempts + ".");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param retryBackoff wait before the first retry, doubled for each further one, 0 to 1 min
         *     (default {@link #DEFAULT_RETRY_BACKOFF})
         * @return this
         */
        public Builder<K> retryBackoff(Duration retryBackoff) {
            this.retryBackoff = requireRange("retryBackoff", retryBackoff, Duration.ZERO, Duration.ofMinutes(1));
            return this;
        }

        /**
         * @param queueCapacity notifications kept waiting before the oldest is dropped, 1..1,000,000
         *     (default {@value #DEFAULT_QUEUE_CAPACITY})
         * @return this
         */
        public Builder<K> queueCapacity(int queueCapacity) {
            if (queueCapacity < 1 || queueCapacity > 1_000_000) {
                throw new IllegalArgumentException(
                        "'queueCapacity' must be between 1 and 1000000, not " + queueCapacity + ".");
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * @param httpClient the client to send with (default: a new JDK client with the timeout
         *     as connect timeout)
         * @return this
         */
        public Builder<K> httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "'httpClient' cannot be null.");
            return this;
        }

        /**
         * Builds the notifier and starts its sender thread.
         *
         * @return the notifier; close it when done
         */
        public WebhookNotifier<K> build() {
            return new WebhookNotifier<>(this);
        }

        private static Duration requireRange(String field, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, "'" + field + "' cannot be null.");
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(
                        "'" + field + "' must be between " + min + " and " + max + ", not " + value + ".");
            }
            return value;
        }
    }
}
