package io.github.aobackgroundjobs.dashboard.documented;

import static io.github.aobackgroundjobs.dashboard.support.HttpSession.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.StreamSockets;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audit of docs/dashboard.md, read as a new user: the builder's rules, the built-in sign-in's
 * constants, link targets, and the JSON API's statuses and messages over real HTTP.
 */
class DocumentedRulesTest {

    private static DashboardFixture fx;
    private static HttpSession alice;
    private static HttpSession root;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture(b -> b.route("POST", "/api/demo/jobs", (request, user) -> {
                    JsonNode body = request.jsonBody();
                    if (body.path("kind").asText("").isEmpty()) {
                        throw new IllegalArgumentException("'kind' is required.");
                    }
                    return DashboardResponse.json(200, "{\"queued\":true}");
                })
                .route("POST", "/api/own-mapper", (request, user) -> {
                    new ObjectMapper().readTree(request.body());
                    return DashboardResponse.json(200, "{}");
                }));
        alice = HttpSession.signedIn(fx.server.uri(), "alice");
        root = HttpSession.signedIn(fx.server.uri(), "root");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return json(r).path("error").asText();
    }

    // ------------------------------------------------------------------ builder and constants

    @Test
    void buildNeedsAnAuthenticatorAndActionsNamingTheMissingOne() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        assertThatThrownBy(() -> Dashboard.builder(repository)
                        .actions(JobActions.of(client))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("authenticator");
        assertThatThrownBy(() -> Dashboard.builder(repository)
                        .authenticator(DashboardFixture.authenticator())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("actions");
    }

    @Test
    void builderRangesAndDefaults() {
        var b = Dashboard.builder(InMemoryJobRepository.withLongKeys());
        assertThatThrownBy(() -> b.secret(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> b.secret(new byte[32])).doesNotThrowAnyException();
        assertThatThrownBy(() -> b.activeJobsLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'activeJobsLimit'");
        assertThatThrownBy(() -> b.activeJobsLimit(501))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'activeJobsLimit'");
        assertThatCode(() -> b.activeJobsLimit(1).activeJobsLimit(500)).doesNotThrowAnyException();
        assertThat(Dashboard.DEFAULT_ACTIVE_JOBS_LIMIT).isEqualTo(50);
        assertThat(Dashboard.DEFAULT_MAX_STREAMS_PER_USER).isEqualTo(10);
        assertThat(Dashboard.DEFAULT_STREAM_WRITERS).isEqualTo(4);
        assertThat(Dashboard.DEFAULT_SUBSCRIBER_BUFFER).isEqualTo(256);
        assertThat(Dashboard.DEFAULT_HEARTBEAT).isEqualTo(Duration.ofSeconds(15));
        assertThat(Dashboard.DEFAULT_ADMIN_ROLE).isEqualTo("admin");
    }

    @Test
    void passwordAuthenticatorConstants() {
        assertThat(PasswordAuthenticator.DEFAULT_ITERATIONS).isEqualTo(210_000);
        assertThat(PasswordAuthenticator.DEFAULT_SESSION_TTL).isEqualTo(Duration.ofHours(8));
        assertThat(PasswordAuthenticator.DEFAULT_MAX_SESSIONS).isEqualTo(10_000);
        assertThat(PasswordAuthenticator.MAX_SESSIONS_PER_USER).isEqualTo(20);
        assertThat(PasswordAuthenticator.DEFAULT_FREE_FAILURES).isEqualTo(5);
        assertThat(PasswordAuthenticator.DEFAULT_MAX_LOGIN_DELAY).isEqualTo(Duration.ofSeconds(30));
        assertThat(PasswordAuthenticator.MAX_CHECK_WAIT).isEqualTo(Duration.ofSeconds(1));
        assertThat(PasswordAuthenticator.BUSY_RETRY_AFTER).isEqualTo(Duration.ofSeconds(1));
        assertThat(PasswordAuthenticator.MAX_THROTTLE_ENTRIES).isEqualTo(10_000);
        assertThatThrownBy(() -> PasswordAuthenticator.hashPassword("pw".toCharArray(), 999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'iterations'");
        String hash = PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000);
        assertThat(hash).contains("sha512").contains("1000");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().sessionSecret(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sessionSecret'");
    }

    @Test
    void aUsersTwentyFirstSignInEndsTheirOldestSession() {
        String hash = PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000);
        PasswordAuthenticator auth = PasswordAuthenticator.builder()
                .user("alice", hash)
                .user("bob", hash)
                .build();
        String bob = auth.login("bob", "pw".toCharArray()).orElseThrow();
        String first = auth.login("alice", "pw".toCharArray()).orElseThrow();
        for (int i = 0; i < 19; i++) {
            auth.login("alice", "pw".toCharArray()).orElseThrow();
        }
        assertThat(signedIn(auth, first)).isTrue();
        String twentyFirst = auth.login("alice", "pw".toCharArray()).orElseThrow();
        assertThat(signedIn(auth, first)).as("the oldest ended").isFalse();
        assertThat(signedIn(auth, twentyFirst)).isTrue();
        assertThat(signedIn(auth, bob)).as("nobody else signed out").isTrue();
    }

    private static boolean signedIn(PasswordAuthenticator auth, String setCookie) {
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return auth.authenticate(io.github.aobackgroundjobs.dashboard.DashboardRequest.builder("GET", "/api/me")
                        .header("Cookie", cookie)
                        .build())
                .isPresent();
    }

    @Test
    void linkTargetsThatCouldLeadOffSiteAreRefused() {
        for (String bad : List.of(
                "/\\evil.example/",
                "\\\\evil.example/x",
                "//evil.example/x",
                "javascript:alert(1)",
                "ftp://files.example/x",
                "/a b",
                "/a\u0001b")) {
            assertThatThrownBy(() -> JobOutput.link("x", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String good :
                List.of("/reports/1", "reports/1", "https://reports.example.com/r/1", "http://localhost:8081/x")) {
            assertThatCode(() -> JobOutput.link("x", good)).as(good).doesNotThrowAnyException();
        }
        var b = Dashboard.builder(InMemoryJobRepository.withLongKeys());
        assertThatThrownBy(() -> b.linkOrigins("https://reports.example.com/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> b.linkOrigins("https://reports.example.com")).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ the JSON API

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndApiAnswersAreNoStoreJson() throws Exception {
        HttpResponse<String> me = alice.get("api/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(me.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'self'; script-src 'self';")
                .contains("frame-ancestors 'none'");
        assertThat(me.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(me.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(me.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        JsonNode body = json(me);
        assertThat(body.path("user").asText()).isEqualTo("alice");
        assertThat(body.path("admin").asBoolean()).isFalse();
        assertThat(body.path("csrfToken").asText()).isNotEmpty();
        assertThat(body.has("adminAvailable")).isTrue();
        assertThat(body.path("recurringAvailable").asBoolean()).isFalse();
        HttpResponse<String> page = alice.get("");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void adminJobsParametersAreCheckedNamingTheParameter() throws Exception {
        assertBad(root.get("api/admin/jobs?size=0"), "'size'");
        assertBad(root.get("api/admin/jobs?size=201"), "'size'");
        assertBad(root.get("api/admin/jobs?page=-1"), "'page'");
        assertBad(root.get("api/admin/jobs?status=DONE"), "'status'");
        assertBad(root.get("api/admin/jobs?from=2026-13-01"), "'from'");
        assertBad(root.get("api/admin/jobs?through=yesterday"), "'through'");
        assertBad(root.get("api/admin/jobs?from=0000-12-31"), "'from'");
        assertBad(root.get("api/admin/jobs?from=2026-12-08&through=2026-12-07"), "'from'");
        assertBad(root.get("api/admin/jobs?tz=Mars/Olympus"), "'tz'");
        assertBad(root.get("api/admin/jobs?user=" + "u".repeat(51)), "'user'");
        HttpResponse<String> ok = root.get(
                "api/admin/jobs?size=200&page=0&status=SUCCEEDED&status=FAILED&from=0001-01-01&through=9999-12-31&tz=Asia/Kathmandu");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode page = json(ok);
        assertThat(page.path("pageSize").asInt()).isEqualTo(200);
        assertThat(page.has("items") && page.has("total") && page.has("totalCapped") && page.has("totalText"))
                .isTrue();
        assertThat(json(root.get("api/admin/jobs")).path("pageSize").asInt())
                .as("default size")
                .isEqualTo(10);
    }

    @Test
    void statsHoursAreOneTo720() throws Exception {
        assertBad(root.get("api/admin/stats?hours=0"), "'hours'");
        assertBad(root.get("api/admin/stats?hours=721"), "'hours'");
        HttpResponse<String> ok = root.get("api/admin/stats?hours=720");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode stats = json(ok);
        for (String field :
                List.of("from", "to", "bucket", "countsByStatus", "throughput", "byRequestType", "queues")) {
            assertThat(stats.has(field)).as(field).isTrue();
        }
        JsonNode queue = stats.path("queues").get(0);
        for (String field : List.of("name", "length", "poisonName", "poisonLength")) {
            assertThat(queue.has(field)).as(field).isTrue();
        }
    }

    @Test
    void purgeBodiesAreCheckedNamingTheField() throws Exception {
        assertBad(root.post("api/admin/purge", "{\"statuses\":[\"SUCCEEDED\"]}"), "'olderThanDays'");
        assertBad(
                root.post("api/admin/purge", "{\"olderThanDays\":-1,\"statuses\":[\"SUCCEEDED\"]}"), "'olderThanDays'");
        assertBad(
                root.post("api/admin/purge", "{\"olderThanDays\":3651,\"statuses\":[\"SUCCEEDED\"]}"),
                "'olderThanDays'");
        assertBad(
                root.post("api/admin/purge", "{\"olderThanDays\":1.5,\"statuses\":[\"SUCCEEDED\"]}"),
                "'olderThanDays'");
        assertBad(root.post("api/admin/purge", "{\"olderThanDays\":30,\"statuses\":[]}"), "'statuses'");
        assertBad(root.post("api/admin/purge", "{\"olderThanDays\":30}"), "'statuses'");
        assertBad(root.post("api/admin/purge", "{\"olderThanDays\":30,\"statuses\":[\"PENDING\"]}"), "'statuses'");
        assertBad(root.post("api/admin/purge", "{\"olderThanDays\":30,\"statuses\":[\"RUNNING\"]}"), "'statuses'");
        HttpResponse<String> ok = root.post("api/admin/purge", "{\"olderThanDays\":3650,\"statuses\":[\"SUCCEEDED\"]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("deleted").asInt()).isZero();
        assertThat(root.post(
                                "api/admin/purge",
                                "{\"olderThanDays\":0,\"statuses\":[\"CANCELLED\",\"ABORTED\",\"FAILED\"]}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theStatusesTheErrorTableNames() throws Exception {
        HttpSession anonymous = new HttpSession(fx.server.uri());
        assertThat(anonymous.get("api/jobs").statusCode()).isEqualTo(401);
        assertThat(alice.get("api/admin/jobs").statusCode()).isEqualTo(403);
        assertThat(alice.get("admin").statusCode()).isEqualTo(403);
        assertThat(alice.postRaw("api/jobs/1/cancel", "{}", null).statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(alice.postRaw("api/jobs/1/cancel", "{}", "wrong").statusCode())
                .isEqualTo(403);
        assertThat(alice.get("api/nothing-here").statusCode()).isEqualTo(404);
        assertThat(alice.get("api/jobs/999999").statusCode()).isEqualTo(404);
        assertThat(root.get("api/admin/recurring").statusCode())
                .as("no scheduler")
                .isEqualTo(501);
    }

    @Test
    void aMethodThePathDoesNotTakeIs405() throws Exception {
        assertThat(alice.post("api/me", "{}").statusCode()).isEqualTo(405);
        assertThat(alice.post("api/jobs", "{}").statusCode()).isEqualTo(405);
        assertThat(alice.post("api/events", "{}").statusCode()).isEqualTo(405);
        assertThat(root.get("api/admin/purge").statusCode()).isEqualTo(405);
        assertThat(root.post("api/admin/stats", "{}").statusCode()).isEqualTo(405);
        assertThat(root.post("api/admin/jobs", "{}").statusCode()).isEqualTo(405);
        assertThat(alice.get("api/logout").statusCode()).isEqualTo(405);
        Long id = fx.queueFor("alice", "quick", "q");
        assertThat(alice.get("api/jobs/" + id + "/cancel").statusCode()).isEqualTo(405);
        assertThat(alice.post("api/jobs/" + id, "{}").statusCode()).isEqualTo(405);
        assertThat(root.get("api/admin/jobs/" + id + "/retry").statusCode()).isEqualTo(405);
        assertThat(root.get("api/admin/jobs/" + id + "/bogus").statusCode()).isEqualTo(404);
        HttpResponse<String> wrong = alice.post("api/me", "{}");
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");
        assertThat(root.post("api/admin/jobs/" + id, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void aHostRouteOrTheSignInAskedWithAnotherMethodIs405AndAnAbsentReceiver404() throws Exception {
        HttpResponse<String> getRoute = alice.get("api/demo/jobs");
        assertThat(getRoute.statusCode()).as("GET of a host's POST route").isEqualTo(405);
        assertThat(getRoute.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(getRoute).path("error").asText()).isEqualTo("Method not allowed; this path takes POST.");
        HttpSession anonymous = new HttpSession(fx.server.uri());
        for (String path : List.of("api/login", "api/logout")) {
            HttpResponse<String> signedOut = anonymous.get(path);
            assertThat(signedOut.statusCode()).as("signed-out GET " + path).isEqualTo(405);
            assertThat(signedOut.headers().firstValue("Allow")).hasValue("POST");
        }
        // Without a receiver the webhook path is not served: GET must not say it takes POST.
        assertThat(alice.get("webhook").statusCode()).isEqualTo(404);
    }

    @Test
    void loginAnswers() throws Exception {
        HttpSession s = new HttpSession(fx.server.uri());
        assertThat(s.postRaw("api/login", "{\"user\":\"alice\"}", null).statusCode())
                .isEqualTo(400);
        HttpResponse<String> crossSite = s.client()
                .send(
                        s.request("api/login")
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"password\":\"x\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(error(crossSite)).isEqualTo("Cross-site sign-in refused.");
        HttpResponse<String> ok =
                s.postRaw("api/login", "{\"user\":\"bob\",\"password\":\"" + DashboardFixture.PASSWORD + "\"}", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("user").asText()).isEqualTo("bob");
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("bgjobs_session=").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void logoutEndsThatSessionOnly() throws Exception {
        HttpSession one = HttpSession.signedIn(fx.server.uri(), "bob");
        HttpSession two = HttpSession.signedIn(fx.server.uri(), "bob");
        HttpResponse<String> out = one.post("api/logout", "{}");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).isEqualTo("{}");
        assertThat(one.get("api/me").statusCode()).isEqualTo(401);
        assertThat(two.get("api/me").statusCode()).isEqualTo(200);
    }

    @Test
    void jsonBodiesAreStrictAndHostRoutesGet400WithTheirMessage() throws Exception {
        HttpResponse<String> notJson = alice.post("api/demo/jobs", "{\"kind\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(error(notJson)).startsWith("The body is not valid JSON (line 1, column");
        HttpResponse<String> trailing = alice.post("api/demo/jobs", "{\"kind\":\"a\"} x");
        assertThat(trailing.statusCode()).isEqualTo(400);
        String deep = "[".repeat(65) + "]".repeat(65);
        HttpResponse<String> nested = alice.post("api/demo/jobs", deep);
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(error(nested)).isEqualTo("The body is nested deeper than 64 levels of arrays and objects.");
        HttpResponse<String> badUtf8 = alice.client()
                .send(
                        alice.request("api/demo/jobs")
                                .header("Content-Type", "application/json")
                                .header("X-CSRF-Token", alice.csrfToken())
                                .header("Origin", "http://" + fx.server.uri().getRawAuthority())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        new byte[] {'{', '"', 'k', (byte) 0xff, '"', ':', '1', '}'}))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(badUtf8.statusCode()).isEqualTo(400);
        assertThat(error(badUtf8)).startsWith("The body is not valid UTF-8 (at byte");
        HttpResponse<String> missing = alice.post("api/demo/jobs", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing)).isEqualTo("'kind' is required.");
        assertThat(alice.post("api/demo/jobs", "{\"kind\":\"a\"}").statusCode()).isEqualTo(200);
        assertThat(alice.post("api/own-mapper", "not json").statusCode()).isEqualTo(400);
        assertThat("x".getBytes(StandardCharsets.UTF_8)).hasSize(1);
    }

    @Test
    void userActionsAnswerAsDocumented() throws Exception {
        Long done = fx.queueFor("alice", "quick", "done");
        awaitStatus(done, JobStatus.SUCCEEDED);
        HttpResponse<String> retryDone = alice.post("api/jobs/" + done + "/retry", "{}");
        assertThat(retryDone.statusCode()).as("retry of a SUCCEEDED job").isEqualTo(409);
        HttpResponse<String> cancelDone = alice.post("api/jobs/" + done + "/cancel", "{}");
        assertThat(cancelDone.statusCode()).isEqualTo(409);
        HttpResponse<String> clear = alice.post("api/jobs/" + done + "/clear", "{}");
        assertThat(clear.statusCode()).isEqualTo(200);
        assertThat(json(clear).path("cleared").asBoolean()).isTrue();

        Long failed = fx.queueFor("alice", "fail", "boom");
        awaitStatus(failed, JobStatus.FAILED);
        HttpResponse<String> retry = alice.post("api/jobs/" + failed + "/retry", "{}");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry).path("requeued").asBoolean()).isTrue();
        JsonNode job = json(alice.get("api/jobs/" + failed));
        for (String field : List.of(
                "id",
                "userName",
                "requestType",
                "queueName",
                "status",
                "created",
                "updatedAt",
                "started",
                "completed",
                "durationMillis",
                "progressPercent",
                "progressMessage",
                "cancelRequested",
                "cleared",
                "attempts",
                "version",
                "requestData",
                "resultData",
                "canCancel",
                "canRetry",
                "error",
                "output")) {
            assertThat(job.has(field)).as(field).isTrue();
        }
        assertThat(job.path("id").isTextual()).isTrue();
        assertThat(job.has("leaseOwner")).as("admin-only field").isFalse();
        JsonNode adminJob = json(root.get("api/admin/jobs/" + failed));
        for (String field : List.of(
                "nextAttemptAt",
                "sentAt",
                "sendCount",
                "queueLatencyMillis",
                "leaseOwner",
                "leaseExpiresAt",
                "leaseExpired")) {
            assertThat(adminJob.has(field)).as(field).isTrue();
        }
    }

    @Test
    void aUsersOpenStreamsAreLimitedWith429() throws Exception {
        try (DashboardFixture small = new DashboardFixture(b -> b.maxStreamsPerUser(1))) {
            HttpSession carol = HttpSession.signedIn(small.server.uri(), "alice");
            String cookie = carol.request("api/me")
                    .build()
                    .headers()
                    .firstValue("Cookie")
                    .orElseThrow();
            try (Socket first = StreamSockets.open(small.server.port(), "/api/events", cookie)) {
                String head = StreamSockets.readUntil(first, "\r\n\r\n");
                assertThat(head).startsWith("HTTP/1.1 200");
                HttpResponse<String> second = carol.get("api/events");
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.headers().firstValue("Retry-After")).hasValue("10");
                assertThat(error(second))
                        .isEqualTo("Too many open live streams for this user (at most 1); close other dashboard tabs"
                                + " and try again.");
            }
        }
    }

    @Test
    void theBellListsAtMostActiveJobsLimitNewestFirst() throws Exception {
        try (DashboardFixture small = new DashboardFixture(b -> b.activeJobsLimit(2))) {
            Long one = small.client.queueJob(
                    "steps",
                    "bob",
                    new io.github.aobackgroundjobs.dashboard.support.StepJob.StepRequest("1", 1, 1, 0),
                    Duration.ofHours(1));
            Long two = small.client.queueJob(
                    "steps",
                    "bob",
                    new io.github.aobackgroundjobs.dashboard.support.StepJob.StepRequest("2", 1, 1, 0),
                    Duration.ofHours(1));
            Long three = small.client.queueJob(
                    "steps",
                    "bob",
                    new io.github.aobackgroundjobs.dashboard.support.StepJob.StepRequest("3", 1, 1, 0),
                    Duration.ofHours(1));
            HttpSession bobSession = signedInAs(small, "bob");
            JsonNode jobs = json(bobSession.get("api/jobs")).path("jobs");
            assertThat(jobs).hasSize(2);
            assertThat(jobs.get(0).path("id").asText()).isEqualTo(three.toString());
            assertThat(jobs.get(1).path("id").asText()).isEqualTo(two.toString());
            assertThat(one).isLessThan(two);
            HttpResponse<String> cancel = bobSession.post("api/jobs/" + one + "/cancel", "{}");
            assertThat(cancel.statusCode()).isEqualTo(200);
            assertThat(json(cancel).path("result").asText())
                    .as("a PENDING job ends at once")
                    .isEqualTo("CANCELLED");
            assertThat(small.repository.getJob(one).getStatus()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    private static HttpSession signedInAs(DashboardFixture f, String user) throws Exception {
        return HttpSession.signedIn(f.server.uri(), user);
    }

    @Test
    void adminPagesGoUpToAMillion() throws Exception {
        assertBad(root.get("api/admin/jobs?page=1000001"), "'page'");
        assertThat(root.get("api/admin/jobs?page=1000000").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAReceiverTheWebhookPathIsNotFoundAndWithOneABadSignatureIs401() throws Exception {
        HttpSession anonymous = new HttpSession(fx.server.uri());
        HttpResponse<String> none = anonymous.postRaw("webhook/1", "{}", null);
        assertThat(none.statusCode()).isEqualTo(404);
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        try (DashboardFixture withReceiver = new DashboardFixture(
                b -> b.webhookReceiver(new io.github.aobackgroundjobs.webhook.WebhookVerifier(secret)))) {
            Long id = withReceiver.client.queueJob(
                    "steps",
                    "alice",
                    new io.github.aobackgroundjobs.dashboard.support.StepJob.StepRequest("w", 1, 1, 0),
                    Duration.ofHours(1));
            byte[] body = new io.github.aobackgroundjobs.webhook.WebhookPayload(
                            id.toString(), JobStatus.PENDING, "StepRequest", "steps", java.time.Instant.now())
                    .toJson();
            long ts = java.time.Instant.now().getEpochSecond();
            HttpSession worker = new HttpSession(withReceiver.server.uri());
            assertThat(worker.get("webhook").statusCode()).isEqualTo(405);
            HttpResponse<String> forged = worker.client()
                    .send(
                            worker.request("webhook/" + id)
                                    .header("Content-Type", "application/json")
                                    .header(
                                            io.github.aobackgroundjobs.webhook.WebhookSignatures.TIMESTAMP_HEADER,
                                            Long.toString(ts))
                                    .header(
                                            io.github.aobackgroundjobs.webhook.WebhookSignatures.SIGNATURE_HEADER,
                                            "v1=" + "0".repeat(64))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
            HttpRequest signed = worker.request("webhook/" + id)
                    .header("Content-Type", "application/json")
                    .header(io.github.aobackgroundjobs.webhook.WebhookSignatures.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(
                            io.github.aobackgroundjobs.webhook.WebhookSignatures.SIGNATURE_HEADER,
                            io.github.aobackgroundjobs.webhook.WebhookSignatures.sign(secret, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            assertThat(worker.client()
                            .send(signed, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(worker.client()
                            .send(signed, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("replayed")
                    .isEqualTo(401);
        }
    }

    @Test
    void loginIsNotFoundWithAnotherAuthenticator() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        try (Dashboard<Long> dashboard = Dashboard.builder(repository)
                        .authenticator(request -> java.util.Optional.empty())
                        .actions(JobActions.of(client))
                        .build();
                var server = io.github.aobackgroundjobs.dashboard.DashboardHttpServer.start(
                        dashboard, new java.net.InetSocketAddress("127.0.0.1", 0))) {
            HttpSession s = new HttpSession(server.uri());
            assertThat(s.postRaw("api/login", "{\"user\":\"a\",\"password\":\"b\"}", null)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(s.get("api/me").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void failedSignInsFromOneAddressWaitOneTwoFourSecondsAfterTheFifth() {
        io.github.aobackgroundjobs.SettableClock clock = new io.github.aobackgroundjobs.SettableClock(
                java.time.Instant.parse("2026-12-07T10:00:00Z"), java.time.ZoneOffset.UTC);
        String hash = PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000);
        PasswordAuthenticator auth =
                PasswordAuthenticator.builder().user("alice", hash).clock(clock).build();
        for (int i = 1; i <= 6; i++) {
            var r = auth.login("guess" + i, "nope".toCharArray(), "10.0.0.1");
            assertThat(r.throttled()).as("attempt " + i + " is checked").isFalse();
            assertThat(r.succeeded()).isFalse();
        }
        var seventh = auth.login("guess7", "nope".toCharArray(), "10.0.0.1");
        assertThat(seventh.throttled()).isTrue();
        assertThat(seventh.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(auth.login("guess7", "nope".toCharArray(), "10.0.0.1").throttled())
                .isFalse();
        assertThat(auth.login("guess8", "nope".toCharArray(), "10.0.0.1").retryAfter())
                .isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(auth.login("guess8", "nope".toCharArray(), "10.0.0.1").throttled())
                .isFalse();
        assertThat(auth.login("guess9", "nope".toCharArray(), "10.0.0.1").retryAfter())
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(auth.login("alice", "pw".toCharArray(), "10.0.0.2").succeeded())
                .as("another address is not held by this one's failures")
                .isTrue();
    }

    @Test
    void guessingANameFromOtherAddressesDoesNotHoldUpAnAddressThatHasNotFailed() {
        io.github.aobackgroundjobs.SettableClock clock = new io.github.aobackgroundjobs.SettableClock(
                java.time.Instant.parse("2026-12-07T10:00:00Z"), java.time.ZoneOffset.UTC);
        String hash = PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000);
        PasswordAuthenticator auth =
                PasswordAuthenticator.builder().user("alice", hash).clock(clock).build();
        for (int i = 1; i <= 8; i++) {
            assertThat(auth.login("alice", "nope".toCharArray(), "10.0.1." + i).throttled())
                    .as("each address's first guess is unhindered by the name's count")
                    .isFalse();
        }
        assertThat(auth.login("alice", "nope".toCharArray(), "10.0.1.1").throttled())
                .as("an address that has failed waits on the name's count")
                .isTrue();
        assertThat(auth.login("alice", "pw".toCharArray(), "10.0.2.1").succeeded())
                .isTrue();
        assertThat(auth.login("alice", "nope".toCharArray(), "10.0.1.1").throttled())
                .as("a success cleared the name's count")
                .isFalse();
    }

    private static void awaitStatus(Long id, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (fx.repository.getJob(id).getStatus() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fx.repository.getJob(id).getStatus()).isEqualTo(status);
    }

    private static void assertBad(HttpResponse<String> r, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(error(r)).contains(field);
    }
}
