package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobRequest;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException.Reason;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Audit of docs/webhooks.md and the core half of docs/operations.md and docs/transactions.md,
 * read as a new user: every concrete rule checked through the public API.
 */
class DocumentedRulesTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final URI BASE = URI.create("http://127.0.0.1:1/job-updated");

    // ------------------------------------------------------------------ webhooks: settings

    @Test
    void notifierAndVerifierRefuseAShortSecretNamingIt() {
        byte[] fifteen = new byte[15];
        byte[] sixteen = new byte[WebhookSignatures.MIN_SECRET_LENGTH];
        assertThat(WebhookSignatures.MIN_SECRET_LENGTH).isEqualTo(16);
        assertThatThrownBy(() -> WebhookNotifier.<Long>builder(BASE, fifteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'");
        assertThatThrownBy(() -> new WebhookVerifier(fifteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'");
        assertThatCode(() -> new WebhookVerifier(sixteen)).doesNotThrowAnyException();
        try (WebhookNotifier<Long> n =
                WebhookNotifier.<Long>builder(BASE, sixteen).build()) {
            assertThat(n.pendingCount()).isZero();
        }
    }

    @Test
    void theBaseUrlMustBeAbsoluteHttpWithoutQueryOrFragment() {
        for (String bad :
                List.of("job-updated", "ftp://example.org/x", "https://example.org/x?a=1", "https://example.org/x#f")) {
            assertThatThrownBy(() -> WebhookNotifier.<Long>builder(URI.create(bad), SECRET))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'baseUrl'");
        }
        assertThatCode(() -> WebhookNotifier.<Long>builder(URI.create("https://app.example.org/job-updated"), SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void notifierSettingsOutOfTheirRangesAreRefusedNamingThem() {
        WebhookNotifier.Builder<Long> b = WebhookNotifier.builder(BASE, SECRET);
        assertRefused(() -> b.timeout(Duration.ZERO), "'timeout'");
        assertRefused(() -> b.timeout(Duration.ofMinutes(5).plusMillis(1)), "'timeout'");
        assertThatCode(() -> b.timeout(Duration.ofMillis(1)).timeout(Duration.ofMinutes(5)))
                .doesNotThrowAnyException();
        assertRefused(() -> b.maxAttempts(0), "'maxAttempts'");
        assertRefused(() -> b.maxAttempts(11), "'maxAttempts'");
        assertThatCode(() -> b.maxAttempts(1).maxAttempts(10)).doesNotThrowAnyException();
        assertRefused(() -> b.retryBackoff(Duration.ofMillis(-1)), "'retryBackoff'");
        assertRefused(() -> b.retryBackoff(Duration.ofMinutes(1).plusMillis(1)), "'retryBackoff'");
        assertThatCode(() -> b.retryBackoff(Duration.ZERO).retryBackoff(Duration.ofMinutes(1)))
                .doesNotThrowAnyException();
        assertRefused(() -> b.queueCapacity(0), "'queueCapacity'");
        assertRefused(() -> b.queueCapacity(1_000_001), "'queueCapacity'");
        assertThatCode(() -> b.queueCapacity(1).queueCapacity(1_000_000)).doesNotThrowAnyException();
    }

    @Test
    void notifierDefaultsAreTheDocumentedOnes() {
        assertThat(WebhookNotifier.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(WebhookNotifier.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
        assertThat(WebhookNotifier.DEFAULT_RETRY_BACKOFF).isEqualTo(Duration.ofMillis(200));
        assertThat(WebhookNotifier.DEFAULT_QUEUE_CAPACITY).isEqualTo(10_000);
        assertThat(WebhookVerifier.DEFAULT_REPLAY_WINDOW).isEqualTo(Duration.ofMinutes(5));
        assertThat(WebhookPayload.MAX_BODY_LENGTH).isEqualTo(8 * 1024);
    }

    // ------------------------------------------------------------------ webhooks: the wire

    /** A loopback receiver answering each post with the next status of a script (204 when it runs out). */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<Map<String, String>> posts = new LinkedBlockingQueue<>();
        final List<Integer> script;
        final AtomicInteger index = new AtomicInteger();

        Receiver(Integer... script) throws IOException {
            this.script = List.of(script);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/job-updated", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> post = new ConcurrentHashMap<>();
                post.put("path", exchange.getRequestURI().getPath());
                post.put("method", exchange.getRequestMethod());
                post.put(
                        "contentType",
                        String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                post.put(
                        "timestamp",
                        String.valueOf(exchange.getRequestHeaders().getFirst(WebhookSignatures.TIMESTAMP_HEADER)));
                post.put(
                        "signature",
                        String.valueOf(exchange.getRequestHeaders().getFirst(WebhookSignatures.SIGNATURE_HEADER)));
                post.put("body", new String(body, StandardCharsets.UTF_8));
                posts.add(post);
                int i = index.getAndIncrement();
                int status = i < this.script.size() ? this.script.get(i) : 204;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/job-updated");
        }

        Map<String, String> next() throws InterruptedException {
            Map<String, String> post = posts.poll(10, TimeUnit.SECONDS);
            assertThat(post).as("a post within 10 s").isNotNull();
            return post;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void awaitValue(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value.getAsInt()).isEqualTo(expected);
    }

    @Test
    void aNotificationIsPostedToBaseSlashIdSignedAsDocumentedAndVerifies() throws Exception {
        try (Receiver receiver = new Receiver();
                WebhookNotifier<Long> notifier =
                        WebhookNotifier.<Long>builder(receiver.base(), SECRET).build()) {
            notifier.notify(42L, JobStatus.SUCCEEDED, "ZipRequest", "zip-builder");
            Map<String, String> post = receiver.next();
            assertThat(post.get("method")).isEqualTo("POST");
            assertThat(post.get("path")).isEqualTo("/job-updated/42");
            assertThat(post.get("contentType")).startsWith("application/json");
            long timestamp = Long.parseLong(post.get("timestamp"));
            byte[] body = post.get("body").getBytes(StandardCharsets.UTF_8);
            assertThat(post.get("signature"))
                    .isEqualTo(WebhookSignatures.sign(SECRET, timestamp, body))
                    .matches("v1=[0-9a-f]{64}");
            WebhookPayload payload = WebhookPayload.parse(body);
            assertThat(payload.id()).isEqualTo("42");
            assertThat(post.get("body")).contains("\"id\":\"42\"");
            assertThat(payload.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(payload.requestType()).isEqualTo("ZipRequest");
            assertThat(payload.queueName()).isEqualTo("zip-builder");
            new WebhookVerifier(SECRET).verify(post.get("timestamp"), post.get("signature"), body);
            awaitValue(() -> (int) notifier.sentCount(), 1);
        }
    }

    @Test
    void retriesOn503WithALaterTimestampThatTheReceiverDoesNotCallAReplay() throws Exception {
        try (Receiver receiver = new Receiver(503, 204);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(receiver.base(), SECRET)
                        .retryBackoff(Duration.ZERO)
                        .build()) {
            WebhookVerifier verifier = new WebhookVerifier(SECRET);
            notifier.notify(7L, JobStatus.RUNNING, "R", "q-one");
            Map<String, String> first = receiver.next();
            Map<String, String> second = receiver.next();
            verifier.verify(
                    first.get("timestamp"),
                    first.get("signature"),
                    first.get("body").getBytes(StandardCharsets.UTF_8));
            assertThat(Long.parseLong(second.get("timestamp"))).isGreaterThan(Long.parseLong(first.get("timestamp")));
            assertThatCode(() -> verifier.verify(
                            second.get("timestamp"),
                            second.get("signature"),
                            second.get("body").getBytes(StandardCharsets.UTF_8)))
                    .doesNotThrowAnyException();
            awaitValue(() -> (int) notifier.sentCount(), 1);
            assertThat(notifier.failedCount()).isZero();
        }
    }

    @Test
    void a400IsNotRetriedAndCountsAsFailed() throws Exception {
        try (Receiver receiver = new Receiver(400, 400, 400);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(receiver.base(), SECRET)
                        .retryBackoff(Duration.ZERO)
                        .build()) {
            notifier.notify(8L, JobStatus.FAILED, "R", "q-one");
            receiver.next();
            awaitValue(() -> (int) notifier.failedCount(), 1);
            assertThat(receiver.posts.poll(200, TimeUnit.MILLISECONDS)).isNull();
            assertThat(notifier.sentCount()).isZero();
        }
    }

    @Test
    void a429IsRetriedUpToMaxAttempts() throws Exception {
        try (Receiver receiver = new Receiver(429, 429, 429, 429);
                WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(receiver.base(), SECRET)
                        .retryBackoff(Duration.ZERO)
                        .maxAttempts(2)
                        .build()) {
            notifier.notify(9L, JobStatus.FAILED, "R", "q-one");
            receiver.next();
            receiver.next();
            awaitValue(() -> (int) notifier.failedCount(), 1);
            assertThat(receiver.posts.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void closeDropsAndCountsWhatIsStillQueued() {
        WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(BASE, SECRET).build();
        notifier.close();
        notifier.notify(1L, JobStatus.PENDING, "R", "q-one");
        assertThat(notifier.droppedCount()).isEqualTo(1);
        assertThat(notifier.pendingCount()).isZero();
    }

    @Test
    void aNotificationWithoutIdOrStatusIsDroppedAndCountedNotThrown() {
        try (WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(BASE, SECRET).build()) {
            notifier.notify(null, JobStatus.RUNNING, "R", "q-one");
            notifier.notify(1L, null, "R", "q-one");
            notifier.notify(null);
            assertThat(notifier.droppedCount()).isEqualTo(3);
        }
        assertThat(WebhookVerifier.DEFAULT_MAX_REMEMBERED).isEqualTo(100_000);
        assertRefused(() -> new WebhookVerifier(SECRET, Clock.systemUTC(), Duration.ofMillis(999)), "'replayWindow'");
    }

    @Test
    void verifierRefusesEachDocumentedReason() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        WebhookVerifier verifier = new WebhookVerifier(
                SECRET, Clock.fixed(now, java.time.ZoneOffset.UTC), WebhookVerifier.DEFAULT_REPLAY_WINDOW);
        byte[] body = new WebhookPayload("42", JobStatus.SUCCEEDED, "ZipRequest", "zip-builder", now).toJson();
        long ts = now.getEpochSecond();
        String sig = WebhookSignatures.sign(SECRET, ts, body);

        assertReason(() -> verifier.verify(null, sig, body), Reason.MISSING);
        assertReason(() -> verifier.verify(Long.toString(ts), null, body), Reason.MISSING);
        assertReason(() -> verifier.verify("yesterday", sig, body), Reason.MALFORMED);
        assertReason(() -> verifier.verify(Long.toString(ts), "sha256=" + sig.substring(3), body), Reason.MALFORMED);
        long old = ts - 301;
        assertReason(
                () -> verifier.verify(Long.toString(old), WebhookSignatures.sign(SECRET, old, body), body),
                Reason.STALE);
        long future = ts + 301;
        assertReason(
                () -> verifier.verify(Long.toString(future), WebhookSignatures.sign(SECRET, future, body), body),
                Reason.STALE);
        assertReason(
                () -> verifier.verify(
                        Long.toString(ts),
                        WebhookSignatures.sign(
                                "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8), ts, body),
                        body),
                Reason.BAD_SIGNATURE);
        long edge = ts - 300;
        assertThatCode(() -> verifier.verify(Long.toString(edge), WebhookSignatures.sign(SECRET, edge, body), body))
                .as("exactly the window old is within it")
                .doesNotThrowAnyException();
        verifier.verify(Long.toString(ts), sig, body);
        assertReason(() -> verifier.verify(Long.toString(ts), sig, body), Reason.REPLAYED);
    }

    @Test
    void payloadParseReadsAtMost8KiB() {
        byte[] payload = new WebhookPayload("1", JobStatus.RUNNING, null, null, Instant.EPOCH).toJson();
        byte[] exactly = new byte[WebhookPayload.MAX_BODY_LENGTH];
        java.util.Arrays.fill(exactly, (byte) ' ');
        System.arraycopy(payload, 0, exactly, 0, payload.length);
        assertThat(WebhookPayload.parse(exactly).id()).isEqualTo("1");
        byte[] over = java.util.Arrays.copyOf(exactly, WebhookPayload.MAX_BODY_LENGTH + 1);
        over[over.length - 1] = ' ';
        assertRefused(() -> WebhookPayload.parse(over), "'body'");
    }

    // ------------------------------------------------------------------ operations: inputs

    record Report(String title) {}

    record Done(String file) {}

    static final class ReportJob extends BackgroundJobBase<Long, Report, Done> {
        ReportJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Report.class, Done.class, options);
        }

        @Override
        protected Done onExecute(Report request, JobContext<Long> context) {
            return new Done(request.title());
        }
    }

    @Test
    void theOperationsInputTableExampleMessages() {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        var client = QueueJobClient.builder(repository, queue).build();
        assertThatThrownBy(() -> client.queueJob("Reports", "alice", new Report("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'queueName' 'Reports' is not a valid queue name");
        assertThatThrownBy(() -> client.queueJob("reports", "a".repeat(51), new Report("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'userName' is 51 characters long; at most 50 are allowed.");
        assertThatThrownBy(() -> client.queueJob("reports", "alice", " ", new Report("x"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'requestType' cannot be blank.");
        assertThatThrownBy(() -> client.queueJob("reports", "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'request' cannot be null.");
        assertThatThrownBy(() -> client.queueJob("reports", "alice", new Report("x"), Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'delay' must be between 0 and PT168H, not PT192H.");
        assertThatThrownBy(() -> client.queueJob("reports", "al\u0000ice", new Report("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> client.queueJob("reports", "al\uD800ice", new Report("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> client.queueJobs(
                        "reports",
                        List.of(
                                JobRequest.of("a", new Report("0")),
                                JobRequest.of("b", new Report("1")),
                                JobRequest.of("c", new Report("2")),
                                JobRequest.of(" ", new Report("3")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'requests[3]': 'userName' cannot be blank.");
        assertThatThrownBy(() -> client.queueJobs("reports", "alice", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        List<Report> tooMany =
                new ArrayList<>(Collections.nCopies(QueueJobClient.MAX_JOBS_PER_CALL + 1, new Report("x")));
        assertThatThrownBy(() -> client.queueJobs("reports", "alice", tooMany))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.queueJob("reports", "alice", new Object() {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(repository.size()).isZero();
        assertThat(queue.approximateLength("reports").orElse(0)).isZero();
    }

    @Test
    void aQueueNameOf56IsTakenAnd57Refused() {
        var client = QueueJobClient.builder(InMemoryJobRepository.withLongKeys(), new InMemoryJobQueue())
                .build();
        String name56 = "q" + "a".repeat(55);
        assertThatCode(() -> client.queueJob(name56, "alice", new Report("x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> client.queueJob(name56 + "b", "alice", new Report("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }

    @Test
    void workerBindingRulesAreRefusedAtBuild() {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        assertThatThrownBy(() -> QueueWorker.builder(queue).build()).isInstanceOf(IllegalStateException.class);
        ReportJob job = new ReportJob(repository, JobOptions.defaults());
        assertThatThrownBy(() -> QueueWorker.builder(queue)
                        .job("reports", job)
                        .job("reports", new ReportJob(repository, JobOptions.defaults()))
                        .build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueueWorker.builder(queue)
                        .job("reports", job)
                        .job("reports-two", job)
                        .build())
                .isInstanceOf(IllegalStateException.class);
        ReportJob longLease = new ReportJob(
                repository,
                JobOptions.builder().leaseDuration(Duration.ofSeconds(60)).build());
        assertThatThrownBy(() ->
                        QueueWorker.builder(queue).job("reports", longLease).build())
                .as("a lease not shorter than the default 60 s visibility timeout")
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> QueueWorker.builder(queue)
                        .job("reports", longLease)
                        .visibilityTimeout(Duration.ofSeconds(61))
                        .build())
                .doesNotThrowAnyException();
    }

    @Test
    void theDocumentedDefaults() {
        assertThat(JobOptions.DEFAULT_LEASE_DURATION).isEqualTo(Duration.ofSeconds(30));
        assertThat(JobOptions.defaults().leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(JobOptions.DEFAULT_PROGRESS_INTERVAL).isEqualTo(Duration.ofSeconds(1));
        assertThat(JobOptions.DEFAULT_COMPLETION_RETRY_TIMEOUT).isEqualTo(Duration.ofMinutes(2));
        assertThat(QueueWorker.DEFAULT_VISIBILITY_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
        assertThat(QueueWorker.DEFAULT_MAX_DEQUEUE_COUNT).isEqualTo(5);
        assertThat(QueueWorker.DEFAULT_CONCURRENCY).isEqualTo(8);
        assertThat(QueueWorker.DEFAULT_BATCH_SIZE).isEqualTo(16);
        assertThat(QueueWorker.DEFAULT_MAX_POLL_INTERVAL).isEqualTo(Duration.ofSeconds(1));
        assertThat(QueueWorker.DEFAULT_MAX_OUTAGE_BACKOFF).isEqualTo(Duration.ofSeconds(5));
        assertThat(QueueWorker.DEFAULT_SHUTDOWN_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(QueueWorker.DEFAULT_SWEEP_INTERVAL).isEqualTo(Duration.ofMinutes(1));
        assertThat(QueueWorker.DEFAULT_HEALTH_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(JobSweeper.DEFAULT_UNSENT_GRACE).isEqualTo(Duration.ofMinutes(1));
        assertThat(JobSweeper.DEFAULT_STALE_AFTER).isEqualTo(Duration.ofMinutes(15));
        assertThat(JobSweeper.DEFAULT_MAX_SENDS).isEqualTo(5);
        assertThat(QueueJobClient.MAX_JOBS_PER_CALL).isEqualTo(1000);
    }

    @Test
    void batchSizeIsAtMost32AndSentMarkDelayFrom1msTo1min() {
        var queue = new InMemoryJobQueue();
        assertRefused(() -> QueueWorker.builder(queue).batchSize(33), "'batchSize'");
        assertThatCode(() -> QueueWorker.builder(queue).batchSize(32)).doesNotThrowAnyException();
        var b = QueueJobClient.builder(InMemoryJobRepository.withLongKeys(), queue);
        assertRefused(() -> b.sentMarkDelay(Duration.ZERO), "'sentMarkDelay'");
        assertRefused(() -> b.sentMarkDelay(Duration.ofMinutes(1).plusMillis(1)), "'sentMarkDelay'");
        assertThatCode(() -> b.sentMarkDelay(Duration.ofMillis(1)).sentMarkDelay(Duration.ofMinutes(1)))
                .doesNotThrowAnyException();
    }

    @Test
    void requeueRefusesAPendingJobWhoseMessageIsOutAndCancelEndsAPendingOneAtOnce() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), java.time.ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue(clock);
        var client = QueueJobClient.builder(repository, queue).clock(clock).build();
        long id = client.queueJob("reports", "alice", new Report("x"));
        assertThatThrownBy(() -> client.requeue(id)).isInstanceOf(IllegalStateException.class);
        assertThat(client.cancel(id).name()).isEqualTo("CANCELLED");
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
        client.requeue(id);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void queueJobInTransactionOnTheInMemoryRepositoryIsUnsupported() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        java.sql.Connection connection = (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the connection was used: " + method.getName());
                });
        assertThat(repository.supportsApplicationTransactions()).isFalse();
        assertThatThrownBy(() -> client.queueJobInTransaction(connection, "orders", "alice", new Report("x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.queueJobInTransaction(null, "orders", "alice", new Report("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'connection'");
        assertThat(repository.size()).isZero();
    }

    @Test
    void healthChecksAreNamedAsDocumented() {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        try (QueueWorker worker = QueueWorker.builder(queue)
                .job("reports", new ReportJob(repository, JobOptions.defaults()))
                .build()) {
            var before = worker.checkHealth();
            assertThat(before.up()).as("not started").isFalse();
            assertThat(before.checks())
                    .extracting(c -> c.name())
                    .containsExactly("worker", "store", "repository", "queue:reports");
            var workerCheck = before.checks().get(0);
            assertThat(workerCheck.details())
                    .containsKeys("name", "runningJobs", "concurrency", "queueBackingOff")
                    .containsEntry("state", "NEW");
            assertThat(before.checks().get(1).details()).containsEntry("backingOff", "false");
            assertThat(before.checks().get(2).details()).containsKeys("repository", "tookMillis");
            assertThat(before.checks().get(3).details()).containsKeys("queue", "approximateLength", "tookMillis");
            worker.start();
            var running = worker.checkHealth(Duration.ofSeconds(2));
            assertThat(running.up()).isTrue();
            assertThat(running.checks().get(0).details()).containsEntry("state", "RUNNING");
            assertThatThrownBy(() -> worker.checkHealth(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        }
        var client = QueueJobClient.builder(repository, queue).build();
        assertThat(client.checkHealth("reports", "emails").checks())
                .extracting(c -> c.name())
                .containsExactly("repository", "queue:reports", "queue:emails");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        WebhookVerificationException.class,
                        e -> assertThat(e.getReason()).isEqualTo(reason));
    }
}
