package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.RemoteWorker;
import io.github.aobackgroundjobs.dashboard.support.SharedDatabase;
import io.github.aobackgroundjobs.dashboard.support.StepJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A worker in another JVM, sharing only the database, drives the page live through signed
 * webhooks; a forged webhook changes nothing on the page.
 */
class RemoteWorkerBrowserTest {

    private static final byte[] SECRET = "remote worker secret, 32 bytes!!".getBytes(StandardCharsets.UTF_8);
    private static SharedDatabase db;
    private static JdbiJobRepository<Long> repository;
    private static QueueJobClient<Long> client;
    private static Dashboard<Long> dashboard;
    private static DashboardHttpServer server;
    private static RemoteWorker worker;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        db = new SharedDatabase();
        repository = db.repository(true);
        // The queue's messages are not read here: the remote worker gets the ids on its stdin.
        client = QueueJobClient.builder(repository, new InMemoryJobQueue(Clock.systemUTC()))
                .build();
        dashboard = Dashboard.builder(repository)
                .authenticator(DashboardFixture.authenticator())
                .actions(JobActions.of(client))
                .webhookReceiver(new WebhookVerifier(SECRET))
                .build();
        server = DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0));
        worker = new RemoteWorker(db.url, server.uri().resolve("webhook").toString(), SECRET, 0);
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    private Long runRemotely(String label, int steps, long stepMillis) throws Exception {
        Long id = client.queueJob(
                DashboardFixture.STEP_QUEUE, "alice", new StepJob.StepRequest(label, steps, stepMillis, 0));
        worker.run(id);
        return id;
    }

    private void awaitStatus(Long id, String status) {
        browser.waiting()
                .until(d -> !d.findElements(
                                By.cssSelector(".bgj-job[data-job-id='" + id + "'][data-status='" + status + "']"))
                        .isEmpty());
    }

    @Test
    void aWorkerInAnotherJvmDrivesThePageAndForgedWebhooksChangeNothing() throws Exception {
        browser.signIn(server.uri(), "alice", "");
        browser.waiting()
                .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
        browser.js("window.__sameDocument = true;");

        Long id = runRemotely("remote", 6, 300);
        awaitStatus(id, "RUNNING");
        browser.waiting().until(d -> {
            var bars = d.findElements(By.cssSelector(".bgj-job[data-job-id='" + id + "'] .bgj-progress"));
            return !bars.isEmpty() && Integer.parseInt(bars.get(0).getAttribute("aria-valuenow")) > 0;
        });
        awaitStatus(id, "SUCCEEDED");
        assertThat(worker.awaitLine("done " + id, 20)).endsWith("SUCCEEDED");

        // The store changes without a notification; a forged webhook must not make the page show it.
        JdbiJobRepository<Long> silent = db.repository(false);
        silent.markCleared(id, Instant.now());
        long now = Instant.now().getEpochSecond();
        byte[] body =
                new WebhookPayload(id.toString(), JobStatus.SUCCEEDED, "StepRequest", "steps", Instant.now()).toJson();
        byte[] wrong = "not the shared secret, but long".getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> forged = http.send(
                HttpRequest.newBuilder(server.uri().resolve("webhook/" + id))
                        .header(WebhookSignatures.TIMESTAMP_HEADER, String.valueOf(now))
                        .header(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(wrong, now, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);

        // A later genuine update from the remote worker arrives; the forged one never did.
        Long next = runRemotely("after-forgery", 1, 1);
        awaitStatus(next, "SUCCEEDED");
        assertThat(browser.findAll(".bgj-job[data-job-id='" + id + "']")).hasSize(1);

        // The same change, told by a genuinely signed webhook, reaches the page.
        HttpResponse<String> genuine = http.send(
                HttpRequest.newBuilder(server.uri().resolve("webhook/" + id))
                        .header(WebhookSignatures.TIMESTAMP_HEADER, String.valueOf(now))
                        .header(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(SECRET, now, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(genuine.statusCode()).isEqualTo(204);
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".bgj-job[data-job-id='" + id + "']"))
                        .isEmpty());
        assertThat(browser.js("return window.__sameDocument === true;")).isEqualTo(true);
    }
}
