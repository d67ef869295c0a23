package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/webhooks.md: the sending and receiving snippets, joined: a change made by the worker reaches the receiver's listeners. */
class WebhookRoundTripDocumentedTest {

    record ReportRequest(String period) {}

    @Test
    void aChangePostedByTheNotifierReloadsTheRecordAndTellsTheReceiversListeners() throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        JobRepositoryBase<Long> repository = InMemoryJobRepository.withLongKeys();
        BlockingQueue<BackgroundJobInfo<Long>> seen = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();

        HttpServer server = WebhookReceivingSnippet.start(repository, secret, answers::add);
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/job-updated");
        try (WebhookNotifier<Long> notifier =
                WebhookNotifier.<Long>builder(base, secret).build()) {
            Long id = QueueJobClient.builder(repository, new InMemoryJobQueue())
                    .build()
                    .queueJob("reports", "alice", new ReportRequest("daily"));
            repository.updates().addListener(seen::add);
            notifier.notify(repository.getJob(id));
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo(204);
            BackgroundJobInfo<Long> told = seen.poll(10, TimeUnit.SECONDS);
            assertThat(told).isNotNull();
            assertThat(told.getId()).isEqualTo(id);
            assertThat(told.getUserName()).isEqualTo("alice");

            try (WebhookNotifier<Long> forger = WebhookNotifier.<Long>builder(
                            base, "another-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8))
                    .maxAttempts(1)
                    .build()) {
                forger.notify(id, io.github.aobackgroundjobs.JobStatus.SUCCEEDED, null, null);
                assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo(401);
            }
            assertThat(seen).as("a forged post tells nobody").isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
