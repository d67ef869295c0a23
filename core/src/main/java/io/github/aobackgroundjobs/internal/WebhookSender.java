package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue and sender thread behind {@code WebhookNotifier}: a bounded deque that drops its
 * oldest entry when full, drained by one daemon thread that signs and posts each payload.
 *
 * <p>Thread-safe: any thread may enqueue; only the sender thread sends.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ENQUEUE_TRIES = 4;

    private final String baseUrl;
    private final byte[] secret;
    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final LinkedBlockingDeque<WebhookPayload> queue;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean failing;

    /**
     * @param baseUrl where to post (without the id)
     * @param secret the shared secret
     * @param client the HTTP client
     * @param clock where timestamps come from
     * @param timeout per request
     * @param maxAttempts attempts per payload
     * @param retryBackoff wait before the first retry, doubled after
     * @param capacity most payloads waiting
     */
    public WebhookSender(
            URI baseUrl,
            byte[] secret,
            HttpClient client,
            Clock clock,
            Duration timeout,
            int maxAttempts,
            Duration retryBackoff,
            int capacity) {
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.secret = secret;
        this.client = client;
        this.clock = clock;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
        this.queue = new LinkedBlockingDeque<>(capacity);
        this.thread = new Thread(this::run, "backgroundjobs-webhook-sender");
        this.thread.setDaemon(true);
    }

    /** Starts the sender thread. */
    public void start() {
        thread.start();
    }

    /**
     * Queues a payload, dropping the oldest waiting one if the queue is full. Never blocks.
     *
     * @param payload the payload
     */
    public void enqueue(WebhookPayload payload) {
        if (closed) {
            dropped.incrementAndGet();
            return;
        }
        for (int i = 0; i < MAX_ENQUEUE_TRIES; i++) {
            if (queue.offerLast(payload)) {
                return;
            }
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        }
        // Other producers refilled the queue each time: this payload is the one dropped.
        dropped.incrementAndGet();
    }

    /** Counts a notification that could not even be built (null id or status). */
    public void rejectInvalid() {
        dropped.incrementAndGet();
        LOG.warn("Webhook notification without id or status ignored");
    }

    /** @return payloads accepted by the endpoint */
    public long sentCount() {
        return sent.get();
    }

    /** @return payloads given up */
    public long failedCount() {
        return failed.get();
    }

    /** @return payloads dropped */
    public long droppedCount() {
        return dropped.get();
    }

    /** @return payloads waiting */
    public int pendingCount() {
        return queue.size();
    }

    /** Stops the thread (bounded wait) and drops what is still queued. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(timeout.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WebhookPayload p = queue.pollFirst(); p != null; p = queue.pollFirst()) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        while (!closed) {
            WebhookPayload payload;
            try {
                payload = queue.pollFirst(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (payload != null) {
                try {
                    send(payload);
                } catch (Throwable e) {
                    // The one sender thread: an Error (an application's clock, a missing class)
                    // leaving it would end every webhook of the process for good.
                    failed.incrementAndGet();
                    LOG.warn("Webhook for job {} could not be sent", payload.id(), e);
                }
            }
        }
    }

    private void send(WebhookPayload payload) {
        byte[] body = payload.toJson();
        URI uri = URI.create(baseUrl + "/" + URLEncoder.encode(payload.id(), StandardCharsets.UTF_8));
        String lastError = null;
        long lastTimestamp = Long.MIN_VALUE;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1 && !backOff(attempt)) {
                dropped.incrementAndGet();
                return;
            }
            // A fresh timestamp per attempt, so a retry after a long wait does not arrive stale, and
            // a later one than the last attempt's, so a receiver that verified the failed attempt
            // does not refuse the retry as a replay of it.
            long timestamp = Math.max(clock.instant().getEpochSecond(), lastTimestamp + 1);
            lastTimestamp = timestamp;
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status >= 200 && status < 300) {
                    sent.incrementAndGet();
                    if (failing) {
                        failing = false;
                        LOG.info("Webhook endpoint {} accepts notifications again", baseUrl);
                    }
                    return;
                }
                lastError = "HTTP " + status;
                if (!isRetryable(status)) {
                    break;
                }
            } catch (IOException e) {
                lastError = e.toString();
            } catch (InterruptedException e) {
                dropped.incrementAndGet();
                Thread.currentThread().interrupt();
                return;
            }
        }
        failed.incrementAndGet();
        if (!failing) {
            failing = true;
            LOG.warn(
                    "Webhook for job {} ({}) not delivered to {}: {}; further failures are logged at debug"
                            + " level until one succeeds",
                    payload.id(),
                    payload.status(),
                    baseUrl,
                    lastError);
        } else {
            LOG.debug("Webhook for job {} ({}) not delivered: {}", payload.id(), payload.status(), lastError);
        }
    }

    private boolean backOff(int attempt) {
        long millis = retryBackoff.toMillis() << Math.min(attempt - 2, 16);
        if (millis <= 0) {
            return !closed;
        }
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
