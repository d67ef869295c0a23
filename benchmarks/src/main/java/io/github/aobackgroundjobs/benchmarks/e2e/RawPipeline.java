package io.github.aobackgroundjobs.benchmarks.e2e;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.benchmarks.core.NoOpJob;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The same work written by hand with the same SDK and driver, and nothing else: producer
 * inserts the row, sends base64(id), marks it sent; one poller receives batches and hands
 * each message to a pool of {@code threads}, which claims the row (UPDATE ... RETURNING),
 * reads the request, writes the result (UPDATE), and deletes the message. No lease renewal,
 * retries, outcome table, poison handling or listeners: the floor the library is measured
 * against.
 */
final class RawPipeline implements Pipeline {

    private static final String INSERT = "INSERT INTO background_jobs (user_name, request_type, request_data,"
            + " queue_name, status, created, updated_at, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id";
    private static final String MARK_SENT = "UPDATE background_jobs SET sent_at = ?, send_count = send_count + 1,"
            + " updated_at = ?, version = version + 1 WHERE id = ? AND status = 0";
    private static final String CLAIM = "UPDATE background_jobs SET status = 1, lease_owner = ?,"
            + " lease_expires_at = ?, retry_count = retry_count + 1, started = ?, updated_at = ?,"
            + " version = version + 1 WHERE id = ? AND status = 0 RETURNING request_data";
    private static final String COMPLETE = "UPDATE background_jobs SET status = 2, completed = ?, duration_ms = ?,"
            + " result_data = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1"
            + " WHERE id = ? AND status = 1 AND lease_owner = ?";

    private final DataSource pool;
    private final QueueClient queue;
    private final int threads;
    private final ObjectMapper json = new ObjectMapper();
    private final Semaphore permits;
    private final ExecutorService executor;
    private volatile boolean running;
    private Thread poller;

    RawPipeline(DataSource pool, QueueClient queue, int threads) {
        this.pool = pool;
        this.queue = queue;
        this.threads = threads;
        this.permits = new Semaphore(threads);
        this.executor = Executors.newFixedThreadPool(threads);
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public void enqueue(long sequence) throws Exception {
        Instant now = Instant.now();
        long id;
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, "bench");
            ps.setString(2, "Request");
            ps.setString(3, json.writeValueAsString(new NoOpJob.Request(sequence)));
            ps.setString(4, queue.getQueueName());
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        String text = Base64.getEncoder().encodeToString(Long.toString(id).getBytes(StandardCharsets.UTF_8));
        for (int attempt = 1; ; attempt++) {
            try {
                queue.sendMessage(text);
                break;
            } catch (RuntimeException e) {
                // The same patience as the library's requeue above.
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(MARK_SENT)) {
            Timestamp sent = Timestamp.from(Instant.now());
            ps.setTimestamp(1, sent);
            ps.setTimestamp(2, sent);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    @Override
    public void start() {
        running = true;
        poller = new Thread(this::poll, "raw-poller");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            int free = Math.min(16, permits.availablePermits());
            if (free == 0) {
                permits.acquireUninterruptibly();
                permits.release();
                continue;
            }
            int received = 0;
            Iterable<QueueMessageItem> items;
            try {
                items = queue.receiveMessages(free, Duration.ofSeconds(60), null, null).stream()
                        .toList();
            } catch (RuntimeException e) {
                // Azurite too slow to answer: try again shortly, as the library's poller does.
                sleep(100);
                continue;
            }
            for (QueueMessageItem item : items) {
                permits.acquireUninterruptibly();
                received++;
                executor.execute(() -> {
                    try {
                        process(item);
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        permits.release();
                    }
                });
            }
            if (received == 0) {
                sleep(5);
            }
        }
    }

    private void process(QueueMessageItem item) throws Exception {
        long id = Long.parseLong(
                new String(Base64.getDecoder().decode(item.getBody().toString()), StandardCharsets.UTF_8));
        Instant started = Instant.now();
        String owner = "raw-" + Thread.currentThread().getId();
        String requestJson;
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, owner);
            ps.setTimestamp(2, Timestamp.from(started.plusSeconds(30)));
            ps.setTimestamp(3, Timestamp.from(started));
            ps.setTimestamp(4, Timestamp.from(started));
            ps.setLong(5, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    queue.deleteMessage(item.getMessageId(), item.getPopReceipt());
                    return;
                }
                requestJson = rs.getString(1);
            }
        }
        NoOpJob.Request request = json.readValue(requestJson, NoOpJob.Request.class);
        String result = json.writeValueAsString(new NoOpJob.Result(request.sequence()));
        Instant completed = Instant.now();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(COMPLETE)) {
            ps.setTimestamp(1, Timestamp.from(completed));
            ps.setLong(2, Duration.between(started, completed).toMillis());
            ps.setString(3, result);
            ps.setTimestamp(4, Timestamp.from(completed));
            ps.setLong(5, id);
            ps.setString(6, owner);
            ps.executeUpdate();
        }
        queue.deleteMessage(item.getMessageId(), item.getPopReceipt());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (poller != null) {
            poller.join(5_000);
        }
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
