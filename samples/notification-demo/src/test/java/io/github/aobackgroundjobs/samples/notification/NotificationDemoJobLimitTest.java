package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cap on a user's unfinished jobs over real HTTP: many requests at once queue exactly up to
 * the cap, the others are answered 429 naming it and write nothing, and other users are not held
 * up. The jobs' steps take a minute, so none finishes during the test.
 */
class NotificationDemoJobLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final int CAP = DemoJobLimit.MAX_UNFINISHED_PER_USER;
    private static NotificationDemo demo;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        demo = TestDemos.start("demo-limit-test", 60000);
        base = URI.create("http://127.0.0.1:" + demo.port() + "/");
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void concurrentRequestsQueueUpToTheCapAndTheRestAre429() throws Exception {
        Session user = Session.signIn("demo", "demo-pass");
        int requests = 3 * CAP;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return user.queue("report");
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        long queued = answers.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> refused =
                answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(queued).as(answers.toString()).isEqualTo(CAP);
        assertThat(refused).as(answers.toString()).hasSize(requests - CAP);
        for (HttpResponse<String> r : refused) {
            assertThat(JSON.readTree(r.body()).path("error").asText())
                    .startsWith("You have " + CAP + " unfinished jobs; the demo takes at most " + CAP + " ");
        }
        // The refused requests wrote nothing: the user has the cap's jobs and no more, all unfinished.
        List<BackgroundJobInfo<Long>> jobs = demo.repository().findActiveJobs("demo", 1_000);
        assertThat(jobs).hasSize(CAP);
        assertThat(jobs).allSatisfy(job -> assertThat(job.getStatus()).isIn(JobStatus.PENDING, JobStatus.RUNNING));

        // An unfinished job cannot be cleared to make room (the bell offers Clear for finished jobs only).
        HttpResponse<String> cleared = user.post("api/jobs/" + jobs.get(0).getId() + "/clear", "{}");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(409);
        assertThat(user.queue("zip").statusCode()).isEqualTo(429);
        // A request naming no job is refused for what it is, not for the cap.
        HttpResponse<String> noKind = user.queue("nope");
        assertThat(noKind.statusCode()).as(noKind.body()).isEqualTo(400);
        assertThat(JSON.readTree(noKind.body()).path("error").asText())
                .isEqualTo("'kind' must be report, failing or zip.");

        // Cancel then Retry does not pass the cap: the cancelled job's place is taken by a new one,
        // and the Retry that would make it unfinished again is answered 429 and requeues nothing.
        Long pending = demo.repository().findActiveJobs("demo", 1_000).stream()
                .filter(job -> job.getStatus() == JobStatus.PENDING)
                .findFirst()
                .orElseThrow()
                .getId();
        HttpResponse<String> cancelled = user.post("api/jobs/" + pending + "/cancel", "{}");
        assertThat(cancelled.body()).contains("CANCELLED");
        assertThat(user.queue("report").statusCode()).isEqualTo(200);
        HttpResponse<String> retried = user.post("api/jobs/" + pending + "/retry", "{}");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(429);
        assertThat(JSON.readTree(retried.body()).path("error").asText())
                .startsWith("User 'demo' has " + CAP + " unfinished jobs; the demo takes at most " + CAP + " ");
        assertThat(demo.repository().findJob(pending).orElseThrow().getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(demo.repository().findActiveJobs("demo", 1_000).stream()
                        .filter(job -> !job.getStatus().isTerminal()))
                .hasSize(CAP);

        // The cap is per user.
        Session admin = Session.signIn("admin", "admin-pass");
        HttpResponse<String> other = admin.queue("report");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    }

    @Test
    void thePageStatesTheCap() throws Exception {
        Session user = Session.signIn("demo", "demo-pass");
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(base).header("Cookie", user.cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().replaceAll("\\s+", " "))
                .contains("You can have up to " + CAP + " jobs queued or running at a time");
    }

    /** A signed-in user's cookie and CSRF token. */
    private record Session(String cookie, String token) {

        static Session signIn(String user, String password) throws Exception {
            HttpResponse<String> login = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("api/login"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(Map.of("user", user, "password", password))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            HttpResponse<String> me = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("api/me"))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Session(
                    cookie, JSON.readTree(me.body()).path("csrfToken").asText());
        }

        HttpResponse<String> queue(String kind) throws Exception {
            return post("api/demo/jobs", JSON.writeValueAsString(Map.of("kind", kind)));
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Cookie", cookie)
                            .header("X-CSRF-Token", token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
