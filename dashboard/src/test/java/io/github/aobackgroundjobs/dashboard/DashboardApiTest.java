package io.github.aobackgroundjobs.dashboard;

import static io.github.aobackgroundjobs.dashboard.support.HttpSession.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API over real HTTP (JDK HttpServer): sign-in, ownership, roles, cross-site protection, headers. */
class DashboardApiTest {

    private static DashboardFixture fx;
    private static HttpSession alice;
    private static HttpSession bob;
    private static HttpSession root;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        alice = HttpSession.signedIn(fx.server.uri(), "alice");
        bob = HttpSession.signedIn(fx.server.uri(), "bob");
        root = HttpSession.signedIn(fx.server.uri(), "root");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static JobStatus statusOf(Long id) {
        return fx.repository.getJob(id).getStatus();
    }

    @Test
    void anonymousRequestsAreRefusedAndPagesRedirectToLogin() throws Exception {
        HttpSession anon = new HttpSession(fx.server.uri());
        assertThat(anon.get("api/jobs").statusCode()).isEqualTo(401);
        assertThat(anon.get("api/me").statusCode()).isEqualTo(401);
        assertThat(anon.get("api/events").statusCode()).isEqualTo(401);
        assertThat(anon.get("api/admin/jobs").statusCode()).isEqualTo(401);
        HttpResponse<String> page = anon.get("");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("login?next=");
        assertThat(anon.get("admin").headers().firstValue("Location")).hasValue("login?next=admin");
        assertThat(anon.get("login").statusCode()).isEqualTo(200);
        assertThat(anon.get("assets/bell.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aNestedPathRedirectsToTheOneSignInPage() throws Exception {
        HttpSession anon = new HttpSession(fx.server.uri());
        // Resolved against the nested path, a bare "login" would name admin/login, which redirects again.
        assertThat(anon.get("admin/").headers().firstValue("Location")).hasValue("../login?next=admin%2F");
        assertThat(anon.get("a/b/c").headers().firstValue("Location")).hasValue("../../login?next=a%2Fb%2Fc");
        assertThat(fx.server.uri().resolve("admin/").resolve("../login").getPath())
                .isEqualTo(fx.server.uri().resolve("login").getPath());
    }

    @Test
    void aWrongMethodIsA405NamingTheOneAllowed() throws Exception {
        Long id = fx.queueFor("alice", "quick", "m");
        HttpResponse<String> getAction = alice.get("api/jobs/" + id + "/cancel");
        assertThat(getAction.statusCode()).isEqualTo(405);
        assertThat(getAction.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postView = alice.post("api/jobs/" + id, "{}");
        assertThat(postView.statusCode()).isEqualTo(405);
        assertThat(postView.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void assetsAreAFixedListAndUnknownNamesAre404() throws Exception {
        HttpSession anon = new HttpSession(fx.server.uri());
        for (int i = 0; i < 50; i++) {
            assertThat(anon.get("assets/made-up-" + i + ".js").statusCode()).isEqualTo(404);
        }
        assertThat(anon.get("assets/..%2Fstatic%2Fbell.js").statusCode()).isEqualTo(404);
        assertThat(anon.get("assets/dashboard.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void aBodyBeyondAJsonLimitIsA400NamingTheLimit() throws Exception {
        String longNumber = "{\"x\":1" + "0".repeat(2000) + "}";
        assertThat(root.post("api/admin/purge", longNumber).body())
                .contains("The body has a number longer than 1000 characters.");
        String longName = "{\"" + "n".repeat(5000) + "\":1}";
        assertThat(root.post("api/admin/purge", longName).body())
                .contains("The body has a property name longer than 1000 characters.");
        HttpResponse<String> twice =
                root.post("api/admin/purge", "{\"olderThanDays\":30,\"olderThanDays\":0,\"statuses\":[\"FAILED\"]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("The body has a property twice in one object (line 1, column");
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThat(root.post("api/admin/purge", deep).body())
                .contains("The body is nested deeper than 64 levels of arrays and objects.");
    }

    @Test
    void wrongPasswordAndForgedCookiesAreRefused() throws Exception {
        HttpSession s = new HttpSession(fx.server.uri());
        assertThat(s.postRaw("api/login", "{\"user\":\"alice\",\"password\":\"nope\"}", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(s.postRaw("api/login", "{\"user\":\"mallory\",\"password\":\"nope\"}", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(s.postWith(
                                "api/login",
                                "{\"user\":\"alice\",\"password\":\"" + DashboardFixture.PASSWORD + "\"}",
                                null,
                                "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> forged = s.client()
                .send(
                        java.net.http.HttpRequest.newBuilder(fx.uri("api/me"))
                                .header(
                                        "Cookie",
                                        PasswordAuthenticator.COOKIE_NAME + "=YWxpY2V8OTk5OTk5OTk5OQ.deadbeef")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void meTellsTheUserAndTheRole() throws Exception {
        assertThat(json(alice.get("api/me")).path("user").asText()).isEqualTo("alice");
        assertThat(json(alice.get("api/me")).path("admin").asBoolean()).isFalse();
        assertThat(json(root.get("api/me")).path("admin").asBoolean()).isTrue();
        assertThat(json(root.get("api/me")).path("recurringAvailable").asBoolean())
                .as("no scheduler configured: the admin page asks nothing of the recurring API")
                .isFalse();
    }

    @Test
    void aUserSeesActsOnAndDownloadsOnlyTheirOwnJobs() throws Exception {
        Long zip = fx.queueFor("alice", "zip", "z");
        Long slow = fx.queueFor("alice", "slow", "s");
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(zip) == JobStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(slow) == JobStatus.RUNNING);

        JsonNode aliceJobs = json(alice.get("api/jobs")).path("jobs");
        assertThat(ids(aliceJobs)).contains(zip.toString(), slow.toString());
        assertThat(ids(json(bob.get("api/jobs")).path("jobs"))).doesNotContain(zip.toString(), slow.toString());

        // Every endpoint answers bob as if alice's jobs did not exist, and changes nothing.
        assertThat(bob.get("api/jobs/" + zip).statusCode()).isEqualTo(404);
        assertThat(bob.getBytes("api/jobs/" + zip + "/download").statusCode()).isEqualTo(404);
        assertThat(bob.post("api/jobs/" + zip + "/clear", "{}").statusCode()).isEqualTo(404);
        assertThat(bob.post("api/jobs/" + slow + "/cancel", "{}").statusCode()).isEqualTo(404);
        assertThat(bob.post("api/jobs/" + zip + "/retry", "{}").statusCode()).isEqualTo(404);
        assertThat(bob.get("api/admin/jobs/" + zip).statusCode()).isEqualTo(403);
        assertThat(bob.post("api/admin/jobs/" + slow + "/cancel", "{}").statusCode())
                .isEqualTo(403);
        assertThat(fx.repository.getJob(zip).isCleared()).isFalse();
        assertThat(fx.repository.getJob(slow).isCancelRequested()).isFalse();

        HttpResponse<byte[]> download = alice.getBytes("api/jobs/" + zip + "/download");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("job-" + zip + ".zip");
        assertThat(zipEntries(download.body())).containsExactly("file-1.txt", "file-2.txt", "file-3.txt", "file-4.txt");
        JsonNode view = json(alice.get("api/jobs/" + zip));
        assertThat(view.path("output").get(0).path("kind").asText()).isEqualTo("download");
        assertThat(view.path("resultData").isNull())
                .as("a rendered job's result stays out of the user's view")
                .isTrue();
        assertThat(json(root.get("api/admin/jobs/" + zip)).path("resultData").isNull())
                .as("the admin's view keeps it")
                .isFalse();

        HttpResponse<String> clearRunning = alice.post("api/jobs/" + slow + "/clear", "{}");
        assertThat(clearRunning.statusCode()).isEqualTo(409);
        assertThat(clearRunning.body()).contains("only a finished job can be cleared");
        assertThat(fx.repository.getJob(slow).isCleared()).isFalse();
        assertThat(alice.post("api/jobs/" + slow + "/cancel", "{}").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(slow) == JobStatus.CANCELLED);
        assertThat(alice.post("api/jobs/" + slow + "/retry", "{}").statusCode()).isEqualTo(200);
        assertThat(statusOf(slow)).isIn(JobStatus.PENDING, JobStatus.RUNNING);
        assertThat(alice.post("api/jobs/" + slow + "/cancel", "{}").statusCode())
                .isEqualTo(200);
        assertThat(alice.post("api/jobs/" + zip + "/retry", "{}").statusCode()).isEqualTo(409);
        assertThat(alice.post("api/jobs/" + zip + "/clear", "{}").statusCode()).isEqualTo(200);
        assertThat(ids(json(alice.get("api/jobs")).path("jobs"))).doesNotContain(zip.toString());
    }

    @Test
    void stateChangingRequestsNeedTheTokenAndTheSameOrigin() throws Exception {
        Long id = fx.queueFor("alice", "quick", "q");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(id) == JobStatus.SUCCEEDED);
        assertThat(alice.postRaw("api/jobs/" + id + "/clear", "{}", null).statusCode())
                .isEqualTo(403);
        assertThat(alice.postRaw("api/jobs/" + id + "/clear", "{}", bob.csrfToken())
                        .statusCode())
                .isEqualTo(403);
        assertThat(alice.postWith("api/jobs/" + id + "/clear", "{}", alice.csrfToken(), "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(fx.repository.getJob(id).isCleared()).isFalse();
        assertThat(alice.post("api/jobs/" + id + "/clear", "{}").statusCode()).isEqualTo(200);
        assertThat(fx.repository.getJob(id).isCleared()).isTrue();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("", "admin", "login", "assets/bell.js", "api/jobs", "api/me", "api/jobs/999999")) {
            HttpResponse<String> r = (path.equals("admin") ? root : alice).get(path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp)
                    .contains("script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        assertThat(alice.get("api/jobs").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(alice.get("assets/../pom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void adminsSeeStackTracesAndOwnersOnlyTheMessage() throws Exception {
        Long id = fx.queueFor("alice", "fail", "boom");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(id) == JobStatus.FAILED);
        JsonNode own = json(alice.get("api/jobs/" + id)).path("error");
        assertThat(own.path("message").asText()).contains("failed on purpose");
        assertThat(own.has("stackTrace")).isFalse();
        JsonNode admin = json(root.get("api/admin/jobs/" + id)).path("error");
        assertThat(admin.path("stackTrace").asText()).contains("StepJob.onExecute");
        assertThat(json(alice.get("api/jobs/" + id)).has("leaseOwner")).isFalse();
    }

    @Test
    void adminFiltersPagesCountsAndQueues() throws Exception {
        List<Long> carol = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            carol.add(fx.queueFor("carol", "quick", "c" + i));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> carol.stream().allMatch(id -> statusOf(id) == JobStatus.SUCCEEDED));
        JsonNode page0 = json(root.get("api/admin/jobs?user=carol&size=5&page=0"));
        assertThat(page0.path("total").asLong()).isEqualTo(12);
        assertThat(ids(page0.path("items"))).hasSize(5).contains(carol.get(11).toString());
        JsonNode page2 = json(root.get("api/admin/jobs?user=carol&size=5&page=2"));
        assertThat(ids(page2.path("items")))
                .containsExactlyInAnyOrder(carol.get(0).toString(), carol.get(1).toString());
        assertThat(json(root.get("api/admin/jobs?user=carol&status=FAILED"))
                        .path("total")
                        .asLong())
                .isZero();
        assertThat(json(root.get("api/admin/jobs?user=carol&type=ZipRequest"))
                        .path("total")
                        .asLong())
                .isZero();
        assertThat(json(root.get("api/admin/jobs?user=carol&type=StepRequest&status=SUCCEEDED"))
                        .path("total")
                        .asLong())
                .isEqualTo(12);
        assertThat(json(root.get("api/admin/jobs?user=carol&through=2000-01-01"))
                        .path("total")
                        .asLong())
                .isZero();
        assertThat(root.get("api/admin/jobs?status=NOPE").statusCode()).isEqualTo(400);
        assertThat(root.get("api/admin/jobs?from=2026-12-01&through=2026-11-01").statusCode())
                .isEqualTo(400);

        JsonNode stats = json(root.get("api/admin/stats?hours=24"));
        assertThat(stats.path("countsByStatus").path("SUCCEEDED").asLong()).isGreaterThanOrEqualTo(12);
        assertThat(stats.path("queues").get(0).path("name").asText()).isEqualTo(DashboardFixture.STEP_QUEUE);
        assertThat(stats.path("queues").get(0).path("length").isNumber()).isTrue();
        assertThat(stats.path("throughput").size()).isEqualTo(24);

        assertThat(alice.get("api/admin/jobs").statusCode()).isEqualTo(403);
        assertThat(alice.get("api/admin/stats").statusCode()).isEqualTo(403);
        assertThat(alice.get("admin").statusCode()).isEqualTo(403);
        assertThat(alice.post("api/admin/purge", "{\"olderThanDays\":0,\"statuses\":[\"SUCCEEDED\"]}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(alice.get("api/admin/events").statusCode()).isEqualTo(403);
    }

    @Test
    void purgeDeletesOnlyFinishedJobsOfTheChosenStates() throws Exception {
        Long done = fx.queueFor("dave", "quick", "d");
        Long failed = fx.queueFor("dave", "fail", "f");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> statusOf(done) == JobStatus.SUCCEEDED && statusOf(failed) == JobStatus.FAILED);
        assertThat(root.post("api/admin/purge", "{\"olderThanDays\":0,\"statuses\":[\"RUNNING\"]}")
                        .statusCode())
                .isEqualTo(400);
        Thread.sleep(5); // completed must lie strictly before the cut-off, which is "now" on the wall clock
        JsonNode r = json(root.post("api/admin/purge", "{\"olderThanDays\":0,\"statuses\":[\"FAILED\"]}"));
        assertThat(r.path("deleted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(fx.repository.findJob(failed)).isEmpty();
        assertThat(fx.repository.findJob(done)).isPresent();
    }

    @Test
    void badInputIsA400AndAnOversizedBodyA413() throws Exception {
        assertThat(alice.get("api/jobs/not-a-number").statusCode()).isEqualTo(400);
        assertThat(alice.get("api/jobs/1/2/3").statusCode()).isEqualTo(404);
        HttpResponse<String> hugePage = root.get("api/admin/jobs?page=99999999999");
        assertThat(hugePage.statusCode()).isEqualTo(400);
        assertThat(hugePage.body()).contains("'page' 99999999999 is out of range.");
        assertThat(root.get("api/admin/jobs?page=x").body()).contains("'page' must be a whole number.");
        String big = "{\"x\":\"" + "a".repeat(DashboardRequest.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> tooLarge = alice.post("api/jobs/1/clear", big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("{\"error\":\"The request body is larger than 65536 bytes.\"}");
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        // Answered by the server adapter before the dashboard sees the request: the same headers all the same.
        assertThat(tooLarge.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(tooLarge.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(tooLarge.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(tooLarge.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }

    private static List<String> zipEntries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                assertThat(new String(in.readAllBytes())).startsWith("File ");
            }
        }
        return names;
    }
}
