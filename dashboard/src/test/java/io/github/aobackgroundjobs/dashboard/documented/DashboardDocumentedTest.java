package io.github.aobackgroundjobs.dashboard.documented;

import static io.github.aobackgroundjobs.dashboard.documented.Direct.error;
import static io.github.aobackgroundjobs.dashboard.documented.Direct.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.EventSink;
import io.github.aobackgroundjobs.dashboard.JobActionRefusedException;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import io.github.aobackgroundjobs.dashboard.JobRenderer;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.StepJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.LeaseState;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Second audit of docs/dashboard.md: the rules its JSON API section, its security section and its
 * live-updates section state that no other test asserts. Most requests go straight to
 * {@link Dashboard#handle} over a store without a worker and with a settable clock ({@link Direct});
 * those that need a job to have run use a fixture with a worker over real HTTP.
 */
class DashboardDocumentedTest {

    private static DashboardFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Long queue(Direct d, String user) {
        return d.client.queueJob(DashboardFixture.STEP_QUEUE, user, new StepJob.StepRequest("x", 1, 1, 0));
    }

    // ------------------------------------------------------------------ answers and their shapes

    @Test
    void apiJobsAnswersJobsAndServerTime_timesAreIso8601Text_idsAreText() {
        try (Direct d = new Direct()) {
            Long id = queue(d, "alice");
            DashboardResponse r = d.get("/api/jobs", d.signIn("alice").cookie());
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(names(body)).containsExactlyInAnyOrder("jobs", "serverTime");
            assertThat(Instant.parse(body.path("serverTime").asText())).isEqualTo(d.clock.instant());
            JsonNode job = body.path("jobs").get(0);
            assertThat(job.path("id").isTextual()).isTrue();
            assertThat(job.path("id").asText()).isEqualTo(id.toString());
            assertThat(job.path("created").isTextual()).isTrue();
            assertThat(Instant.parse(job.path("created").asText())).isEqualTo(d.clock.instant());
            assertThat(Instant.parse(job.path("updatedAt").asText())).isEqualTo(d.clock.instant());
        }
    }

    @Test
    void aUsersViewOfAnErrorHasMessageContextAndAttempt_theAdminsAlsoTypeMessagesAndStackTrace() throws Exception {
        Long failed = fx.queueFor("alice", "fail", "documented");
        awaitStatus(failed, JobStatus.FAILED);
        JsonNode own = HttpSession.json(
                        HttpSession.signedIn(fx.server.uri(), "alice").get("api/jobs/" + failed))
                .path("error");
        assertThat(names(own)).containsExactly("message", "context", "attempt");
        JsonNode admin = HttpSession.json(
                        HttpSession.signedIn(fx.server.uri(), "root").get("api/admin/jobs/" + failed))
                .path("error");
        assertThat(names(admin))
                .containsExactlyInAnyOrder("message", "context", "attempt", "type", "messages", "stackTrace");
    }

    @Test
    void aJobWithoutARendererShowsItsResultInTheUsersView() throws Exception {
        Long done = fx.queueFor("alice", "quick", "documented");
        awaitStatus(done, JobStatus.SUCCEEDED);
        JsonNode view =
                HttpSession.json(HttpSession.signedIn(fx.server.uri(), "alice").get("api/jobs/" + done));
        assertThat(view.path("resultData").asText()).contains("\"steps\":1");
        assertThat(view.path("output").isNull()).isTrue();
    }

    @Test
    void theAdminsRetryOfASucceededJobIs409WithTheReason() throws Exception {
        Long done = fx.queueFor("alice", "quick", "documented");
        awaitStatus(done, JobStatus.SUCCEEDED);
        HttpResponse<String> r =
                HttpSession.signedIn(fx.server.uri(), "root").post("api/admin/jobs/" + done + "/retry", "{}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(HttpSession.json(r).path("error").asText())
                .isEqualTo("The job succeeded; queue a new one to run it again.");
        assertThat(fx.repository.getJob(done).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void jsonBodyRefusesWhatIsNotStrictJsonWithAnIllegalArgumentExceptionNamingTheProblem() {
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"a\":", "The body is not valid JSON (line 1, column 6).");
        bodies.put("{\"a\":1} {}", "The body is not valid JSON (line 1, column 9).");
        bodies.put("{\"a\":1,\"a\":2}", "The body has a property twice in one object (line 1, column 11).");
        bodies.put("[".repeat(65) + "]".repeat(65), "The body is nested deeper than 64 levels of arrays and objects.");
        bodies.put("[1" + "0".repeat(1000) + "]", "The body has a number longer than 1000 characters.");
        bodies.put("{\"" + "n".repeat(1001) + "\":1}", "The body has a property name longer than 1000 characters.");
        for (var body : bodies.entrySet()) {
            DashboardRequest request = DashboardRequest.builder("POST", "/api/x")
                    .body(body.getKey().getBytes(StandardCharsets.UTF_8))
                    .build();
            org.assertj.core.api.Assertions.assertThatThrownBy(request::jsonBody)
                    .as(body.getKey().substring(0, Math.min(20, body.getKey().length())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(body.getValue());
        }
        DashboardRequest notUtf8 = DashboardRequest.builder("POST", "/api/x")
                .body(new byte[] {'[', '"', 'a', 'b', 'c', 'd', 'e', 'f', 'g', (byte) 0xff, '"', ']'})
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(notUtf8::jsonBody)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The body is not valid UTF-8 (at byte 9).");
        assertThat(DashboardRequest.builder("POST", "/api/x").build().jsonBody().isMissingNode())
                .as("an empty body")
                .isTrue();
    }

    @Test
    void anAuthenticatorsSignInsLastByDefaultUntilTheClientLeaves() {
        io.github.aobackgroundjobs.dashboard.DashboardAuthenticator host = request -> Optional.empty();
        assertThat(host.isSignedIn(new DashboardUser("carol", Set.of(), "session-1")))
                .isTrue();
    }

    @Test
    void aJobWithoutADownloadAnswers404() {
        try (Direct d = new Direct()) {
            Long id = queue(d, "alice");
            DashboardResponse r =
                    d.get("/api/jobs/" + id + "/download", d.signIn("alice").cookie());
            assertThat(r.status()).isEqualTo(404);
            assertThat(error(r)).isEqualTo("This job has no download.");
        }
    }

    /** The request of {@link #anAbsoluteLinkOffTheLinkOriginsIsShownAsText}. */
    record LinkReport(int n) {}

    @Test
    void anAbsoluteLinkOffTheLinkOriginsIsShownAsText() {
        JobRenderer<Long> links = job -> List.of(
                JobOutput.link("Here", "/reports/1"),
                JobOutput.link("Relative", "reports/1"),
                JobOutput.link("Allowed", "https://reports.example.com/r/1"),
                JobOutput.link("Elsewhere", "https://elsewhere.example/r/1"));
        try (Direct d = new Direct(b -> b.renderer("LinkReport", links).linkOrigins("https://reports.example.com"))) {
            Long id = d.client.queueJob(DashboardFixture.STEP_QUEUE, "alice", new LinkReport(1));
            JsonNode output =
                    json(d.get("/api/jobs/" + id, d.signIn("alice").cookie())).path("output");
            assertThat(output)
                    .extracting(
                            o -> o.path("label").asText() + "=" + o.path("kind").asText())
                    .containsExactly("Here=link", "Relative=link", "Allowed=link", "Elsewhere=text");
            assertThat(output.get(3).path("value").asText()).isEqualTo("https://elsewhere.example/r/1");
        }
    }

    // ------------------------------------------------------------------ the buttons

    @Test
    void aUserClearsOnlyAFinishedJob_409NamingItsStatus() {
        try (Direct d = new Direct()) {
            Long id = queue(d, "alice");
            DashboardResponse r = d.post("/api/jobs/" + id + "/clear", d.signIn("alice"), "{}");
            assertThat(r.status()).isEqualTo(409);
            assertThat(error(r)).isEqualTo("The job is PENDING; only a finished job can be cleared (cancel it first).");
            assertThat(d.repository.getJob(id).isCleared()).isFalse();
        }
    }

    @Test
    void aUserRetriesOnlyAFailedAbortedOrCancelledJob_409WithTheReason() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            Long id = queue(d, "alice");
            DashboardResponse pending = d.post("/api/jobs/" + id + "/retry", alice, "{}");
            assertThat(pending.status()).isEqualTo(409);
            assertThat(error(pending)).isEqualTo("Only a failed, aborted or cancelled job can be retried.");
            DashboardResponse cancel = d.post("/api/jobs/" + id + "/cancel", alice, "{}");
            assertThat(json(cancel).path("result").asText()).isEqualTo("CANCELLED");
            DashboardResponse again = d.post("/api/jobs/" + id + "/cancel", alice, "{}");
            assertThat(again.status()).as("cancel of a finished job").isEqualTo(409);
            assertThat(error(again)).isEqualTo("The job has already finished.");
            DashboardResponse retry = d.post("/api/jobs/" + id + "/retry", alice, "{}");
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"requeued\":true}");
            assertThat(d.repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        }
    }

    @Test
    void theButtonsReadNoBody_whileSignInAndPurgeRefuseOneThatIsNotJson() {
        try (Direct d = new Direct()) {
            Long id = queue(d, "alice");
            DashboardResponse cancel = d.post("/api/jobs/" + id + "/cancel", d.signIn("alice"), "not json");
            assertThat(cancel.status()).isEqualTo(200);
            assertThat(json(cancel).path("result").asText()).isEqualTo("CANCELLED");
            DashboardResponse purge = d.post("/api/admin/purge", d.signIn("root"), "not json");
            assertThat(purge.status()).isEqualTo(400);
            assertThat(error(purge)).startsWith("The body is not valid JSON");
            DashboardResponse login = d.dashboard.handle(Direct.request("POST", "/api/login", null)
                    .header("Content-Type", "application/json")
                    .body("not json".getBytes(StandardCharsets.UTF_8))
                    .build());
            assertThat(login.status()).isEqualTo(400);
            assertThat(error(login)).startsWith("The body is not valid JSON");
        }
    }

    @Test
    void theAdminClearsAnyJob_evenOneNotFinished() {
        try (Direct d = new Direct()) {
            Long id = queue(d, "alice");
            DashboardResponse r = d.post("/api/admin/jobs/" + id + "/clear", d.signIn("root"), "{}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r).path("cleared").asBoolean()).isTrue();
            assertThat(d.repository.getJob(id).isCleared()).isTrue();
        }
    }

    @Test
    void anApplicationsRefusalIsAnsweredWithItsStatusAndMessage() {
        JobActions<Long> quota = new JobActions<>() {
            @Override
            public boolean retry(Long id) {
                throw new JobActionRefusedException(429, "At most 20 jobs at a time; wait for one to finish.");
            }

            @Override
            public CancelResult cancel(Long id) {
                throw new JobActionRefusedException(409, "Cancelling is off during maintenance.");
            }

            @Override
            public boolean clear(Long id) {
                throw new JobActionRefusedException(403, "Clearing is not allowed here.");
            }
        };
        try (Direct d = new Direct(b -> b.actions(quota))) {
            Direct.Session alice = d.signIn("alice");
            Long id = queue(d, "alice");
            d.client.cancel(id);
            DashboardResponse retry = d.post("/api/jobs/" + id + "/retry", alice, "{}");
            assertThat(retry.status()).isEqualTo(429);
            assertThat(retry.body())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"error\":\"At most 20 jobs at a time; wait for one to finish.\"}");
            DashboardResponse adminCancel = d.post("/api/admin/jobs/" + id + "/cancel", d.signIn("root"), "{}");
            assertThat(adminCancel.status()).isEqualTo(409);
            assertThat(error(adminCancel)).isEqualTo("Cancelling is off during maintenance.");
        }
    }

    // ------------------------------------------------------------------ admin

    @Test
    void everyAdminCallAndTheAdminViewNeedTheAdminRole() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            Long own = queue(d, "alice");
            for (String path : List.of(
                    "/api/admin/jobs",
                    "/api/admin/jobs/" + own,
                    "/api/admin/stats",
                    "/api/admin/events",
                    "/api/admin/recurring")) {
                DashboardResponse r = d.get(path, alice.cookie());
                assertThat(r.status()).as(path).isEqualTo(403);
                assertThat(error(r)).as(path).isEqualTo("The admin API needs the admin role.");
            }
            for (String path :
                    List.of("/api/admin/purge", "/api/admin/jobs/" + own + "/cancel", "/api/admin/recurring/x/run")) {
                DashboardResponse r = d.post(path, alice, "{\"olderThanDays\":0,\"statuses\":[\"SUCCEEDED\"]}");
                assertThat(r.status()).as(path).isEqualTo(403);
            }
            assertThat(d.repository.getJob(own).getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(d.dashboard.subscriberCount()).isZero();
            DashboardResponse page = d.get("/admin", alice.cookie());
            assertThat(page.status()).isEqualTo(403);
            assertThat(error(page)).isEqualTo("The admin view needs the admin role.");
        }
    }

    @Test
    void fromAndThroughAreDatesInTheZoneTz() {
        try (Direct d = new Direct()) {
            String root = d.signIn("root").cookie();
            // 20:00 UTC on the 6th is 01:45 on the 7th in Kathmandu (UTC+05:45).
            d.clock.set(Instant.parse("2026-12-06T20:00:00Z"));
            queue(d, "tz-user");
            String day6 = "/api/admin/jobs?user=tz-user&from=2026-12-06&through=2026-12-06";
            String day7 = "/api/admin/jobs?user=tz-user&from=2026-12-07&through=2026-12-07";
            assertThat(json(d.get(day6, root)).path("total").asLong())
                    .as("UTC by default")
                    .isEqualTo(1);
            assertThat(json(d.get(day7, root)).path("total").asLong()).isZero();
            assertThat(json(d.get(day7 + "&tz=Asia/Kathmandu", root))
                            .path("total")
                            .asLong())
                    .isEqualTo(1);
            assertThat(json(d.get(day6 + "&tz=Asia/Kathmandu", root))
                            .path("total")
                            .asLong())
                    .isZero();
        }
    }

    @Test
    void statsCoverTheLast24HoursByDefaultAndListTheRecentFailures() {
        try (Direct d = new Direct()) {
            JsonNode stats = json(d.get("/api/admin/stats", d.signIn("root").cookie()));
            Instant from = Instant.parse(stats.path("from").asText());
            Instant to = Instant.parse(stats.path("to").asText());
            assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(24));
            assertThat(to).isAfter(d.clock.instant());
            assertThat(stats.path("bucket").asText()).isEqualTo("HOURS");
            assertThat(stats.path("countsByStatus").path("PENDING").isNumber()).isTrue();
            assertThat(stats.path("recentFailures").isArray()).isTrue();
        }
    }

    @Test
    void purgeDeletesOnlyJobsThatFinishedMoreThanTheGivenDaysAgo() {
        try (Direct d = new Direct()) {
            Direct.Session root = d.signIn("root");
            Long cancelled = queue(d, "alice");
            d.client.cancel(cancelled);
            Long pending = queue(d, "alice");
            d.clock.advance(Duration.ofDays(1).plusHours(1));
            String body = "{\"olderThanDays\":%d,\"statuses\":[\"CANCELLED\",\"SUCCEEDED\"]}";
            assertThat(json(d.post("/api/admin/purge", root, body.formatted(2)))
                            .path("deleted")
                            .asInt())
                    .isZero();
            assertThat(d.repository.findJob(cancelled)).isPresent();
            DashboardResponse r = d.post("/api/admin/purge", root, body.formatted(1));
            assertThat(r.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"deleted\":1}");
            assertThat(d.repository.findJob(cancelled)).isEmpty();
            assertThat(d.repository.findJob(pending)).isPresent();
        }
    }

    @Test
    void withoutAQueryRepositoryTheAdminListIs501AndAdminAvailableIsFalse_aStoreOutageIs503() {
        UnreachableStore store = new UnreachableStore();
        try (Dashboard<Long> dashboard = Dashboard.builder(store)
                .authenticator(request -> Optional.of(new DashboardUser("root", Set.of(Dashboard.DEFAULT_ADMIN_ROLE))))
                .actions(JobActions.of(
                        QueueJobClient.builder(store, new InMemoryJobQueue()).build()))
                .build()) {
            DashboardResponse me =
                    dashboard.handle(Direct.request("GET", "/api/me", null).build());
            assertThat(json(me).path("adminAvailable").asBoolean()).isFalse();
            DashboardResponse list = dashboard.handle(
                    Direct.request("GET", "/api/admin/jobs", null).build());
            assertThat(list.status()).isEqualTo(501);
            assertThat(error(list)).isEqualTo("The repository does not answer dashboard queries.");
            for (String path : List.of("/api/jobs", "/api/jobs/1", "/api/admin/jobs/1")) {
                DashboardResponse r =
                        dashboard.handle(Direct.request("GET", path, null).build());
                assertThat(r.status()).as(path).isEqualTo(503);
                assertThat(error(r)).as(path).isEqualTo("The job store is unavailable; try again shortly.");
            }
        }
    }

    @Test
    void aJdbcRepositoryWhoseJobsTableIsMissingIs503_asAnOutage() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:mem:no-table-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> store = JdbiJobRepository.builder(ds).build();
        try (Dashboard<Long> dashboard = Dashboard.builder(store)
                .authenticator(request -> Optional.of(new DashboardUser("root", Set.of(Dashboard.DEFAULT_ADMIN_ROLE))))
                .actions(JobActions.of(
                        QueueJobClient.builder(store, new InMemoryJobQueue()).build()))
                .build()) {
            for (String path : List.of("/api/jobs", "/api/jobs/1", "/api/admin/jobs", "/api/admin/stats")) {
                DashboardResponse r =
                        dashboard.handle(Direct.request("GET", path, null).build());
                assertThat(r.status()).as(path).isEqualTo(503);
                assertThat(error(r)).as(path).isEqualTo("The job store is unavailable; try again shortly.");
            }
        }
    }

    @Test
    void theRecurringActionsAnswerOk_andRecurringAvailableIsForAnAdminWithAScheduler() {
        try (Direct d = new Direct()) {
            RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                            new InMemoryRecurringJobStore<>(d.repository), d.queue)
                    .declare(RecurringJob.builder("nightly")
                            .cron("0 30 2 * * *")
                            .zone("Europe/Berlin")
                            .queue(DashboardFixture.STEP_QUEUE)
                            .user("alice")
                            .request(new StepJob.StepRequest("n", 1, 1, 0))
                            .build())
                    .build();
            try (Dashboard<Long> withScheduler = Dashboard.builder(d.repository)
                    .authenticator(d.users)
                    .actions(JobActions.of(d.client))
                    .recurring(scheduler)
                    .build()) {
                // Each dashboard signs its own tokens: root's comes from this one's api/me.
                String rootCookie = d.signIn("root").cookie();
                JsonNode rootMe = json(withScheduler.handle(
                        Direct.request("GET", "/api/me", rootCookie).build()));
                assertThat(rootMe.path("recurringAvailable").asBoolean()).isTrue();
                Direct.Session root =
                        new Direct.Session(rootCookie, rootMe.path("csrfToken").asText());
                Direct.Session alice = d.signIn("alice");
                assertThat(json(withScheduler.handle(Direct.request("GET", "/api/me", alice.cookie())
                                        .build()))
                                .path("recurringAvailable")
                                .asBoolean())
                        .as("not an admin")
                        .isFalse();
                for (String action : List.of("pause", "resume")) {
                    DashboardResponse r = withScheduler.handle(
                            Direct.request("POST", "/api/admin/recurring/nightly/" + action, root.cookie())
                                    .header("Origin", Direct.ORIGIN)
                                    .header("X-CSRF-Token", root.token())
                                    .build());
                    assertThat(r.status()).as(action).isEqualTo(200);
                    assertThat(r.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"ok\":true}");
                }
                assertThat(scheduler.get("nightly").paused()).isFalse();
                DashboardResponse get =
                        withScheduler.handle(Direct.request("GET", "/api/admin/recurring/nightly/run", root.cookie())
                                .build());
                assertThat(get.status()).isEqualTo(405);
                assertThat(get.headers()).containsEntry("Allow", "POST");
            }
        }
    }

    // ------------------------------------------------------------------ cross-site protection

    @Test
    void aPostWithTheTokenAndNoOriginIsAccepted() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            Long id = queue(d, "alice");
            DashboardResponse r =
                    d.dashboard.handle(Direct.request("POST", "/api/jobs/" + id + "/cancel", alice.cookie())
                            .header("X-CSRF-Token", alice.token())
                            .build());
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r).path("result").asText()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void aMissingOrWrongTokenIs403NamingTheHeader() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            Long id = queue(d, "alice");
            for (String token : new String[] {null, "", "x", d.signIn("bob").token()}) {
                DashboardResponse r =
                        d.post("/api/jobs/" + id + "/cancel", new Direct.Session(alice.cookie(), token), "{}");
                assertThat(r.status()).as(token).isEqualTo(403);
                assertThat(error(r)).isEqualTo("Missing or wrong X-CSRF-Token header.");
            }
            assertThat(d.repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        }
    }

    @Test
    void secFetchSiteCrossSiteIsRefusedEvenWithTheTokenAndTheOrigin() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            Long id = queue(d, "alice");
            DashboardResponse r =
                    d.dashboard.handle(Direct.request("POST", "/api/jobs/" + id + "/cancel", alice.cookie())
                            .header("Origin", Direct.ORIGIN)
                            .header("X-CSRF-Token", alice.token())
                            .header("Sec-Fetch-Site", "cross-site")
                            .build());
            assertThat(r.status()).isEqualTo(403);
            assertThat(error(r)).isEqualTo("Cross-site request refused.");
            DashboardResponse login = d.dashboard.handle(Direct.request("POST", "/api/login", null)
                    .header("Content-Type", "application/json")
                    .header("Sec-Fetch-Site", "cross-site")
                    .body(("{\"user\":\"alice\",\"password\":\"" + DashboardFixture.PASSWORD + "\"}")
                            .getBytes(StandardCharsets.UTF_8))
                    .build());
            assertThat(login.status()).isEqualTo(403);
            assertThat(error(login)).isEqualTo("Cross-site sign-in refused.");
            assertThat(d.repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        }
    }

    @Test
    void behindAProxyThatDoesNotPassTheHostEverySignInAndButtonIsRefused() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            Long id = queue(d, "alice");
            // nginx's default: the upstream's address as Host, the browser's site as Origin.
            DashboardResponse button =
                    d.dashboard.handle(DashboardRequest.builder("POST", "/api/jobs/" + id + "/cancel")
                            .header("Host", "127.0.0.1:8080")
                            .header("Origin", "https://jobs.example.com")
                            .header("Cookie", alice.cookie())
                            .header("X-CSRF-Token", alice.token())
                            .build());
            assertThat(button.status()).isEqualTo(403);
            assertThat(error(button)).isEqualTo("Cross-site request refused.");
            DashboardResponse login = d.dashboard.handle(DashboardRequest.builder("POST", "/api/login")
                    .header("Host", "127.0.0.1:8080")
                    .header("Origin", "https://jobs.example.com")
                    .header("Content-Type", "application/json")
                    .body(("{\"user\":\"alice\",\"password\":\"" + DashboardFixture.PASSWORD + "\"}")
                            .getBytes(StandardCharsets.UTF_8))
                    .build());
            assertThat(login.status()).isEqualTo(403);
            assertThat(error(login)).isEqualTo("Cross-site sign-in refused.");
            DashboardResponse passed =
                    d.dashboard.handle(DashboardRequest.builder("POST", "/api/jobs/" + id + "/cancel")
                            .header("Host", "jobs.example.com")
                            .header("Origin", "https://jobs.example.com")
                            .header("Cookie", alice.cookie())
                            .header("X-CSRF-Token", alice.token())
                            .build());
            assertThat(passed.status()).as("with the browser's Host passed on").isEqualTo(200);
        }
    }

    @Test
    void anAuthenticatorThatNamesNoSessionGetsOneTokenPerUser() {
        try (Direct d = new Direct(b ->
                b.authenticator(request -> request.header("X-User").map(name -> new DashboardUser(name, Set.of()))))) {
            String first = json(d.dashboard.handle(Direct.request("GET", "/api/me", null)
                            .header("X-User", "carol")
                            .build()))
                    .path("csrfToken")
                    .asText();
            String second = json(d.dashboard.handle(Direct.request("GET", "/api/me", null)
                            .header("X-User", "carol")
                            .build()))
                    .path("csrfToken")
                    .asText();
            String dave = json(d.dashboard.handle(Direct.request("GET", "/api/me", null)
                            .header("X-User", "dave")
                            .build()))
                    .path("csrfToken")
                    .asText();
            assertThat(first).isNotEmpty().isEqualTo(second).isNotEqualTo(dave);
            Long id = queue(d, "carol");
            DashboardResponse withDaves = d.dashboard.handle(Direct.request("POST", "/api/jobs/" + id + "/cancel", null)
                    .header("X-User", "carol")
                    .header("X-CSRF-Token", dave)
                    .build());
            assertThat(withDaves.status()).isEqualTo(403);
            DashboardResponse withOwn = d.dashboard.handle(Direct.request("POST", "/api/jobs/" + id + "/cancel", null)
                    .header("X-User", "carol")
                    .header("X-CSRF-Token", first)
                    .build());
            assertThat(withOwn.status()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ sign-in and pages

    @Test
    void signOutIsOfferedOnlyUnderTheBuiltInSignIn_whichAloneHasASignInPage() {
        try (Direct d = new Direct()) {
            JsonNode me = json(d.get("/api/me", d.signIn("alice").cookie()));
            assertThat(names(me))
                    .containsExactlyInAnyOrder(
                            "user", "admin", "csrfToken", "adminAvailable", "recurringAvailable", "signOutAvailable");
            assertThat(me.path("signOutAvailable").asBoolean()).isTrue();
        }
        try (Direct d = new Direct(b ->
                b.authenticator(request -> request.header("X-User").map(name -> new DashboardUser(name, Set.of()))))) {
            DashboardResponse me = d.dashboard.handle(Direct.request("GET", "/api/me", null)
                    .header("X-User", "carol")
                    .build());
            assertThat(json(me).path("signOutAvailable").asBoolean()).isFalse();
            assertThat(d.get("/login", null).status()).isEqualTo(404);
            DashboardResponse page = d.get("/admin", null);
            assertThat(page.status()).as("nowhere to redirect to").isEqualTo(401);
            assertThat(error(page)).isEqualTo("Sign in first.");
        }
    }

    @Test
    void signOutNeedsNoTokenButTheSameOrigin() {
        try (Direct d = new Direct()) {
            Direct.Session alice = d.signIn("alice");
            DashboardResponse crossSite = d.dashboard.handle(Direct.request("POST", "/api/logout", alice.cookie())
                    .header("Origin", "http://evil.example")
                    .build());
            assertThat(crossSite.status()).isEqualTo(403);
            assertThat(error(crossSite)).isEqualTo("Cross-site request refused.");
            assertThat(d.get("/api/me", alice.cookie()).status())
                    .as("still signed in")
                    .isEqualTo(200);
            DashboardResponse out = d.dashboard.handle(Direct.request("POST", "/api/logout", alice.cookie())
                    .header("Origin", Direct.ORIGIN)
                    .build());
            assertThat(out.status()).isEqualTo(200);
            assertThat(out.body()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
            assertThat(out.headers().get("Set-Cookie"))
                    .startsWith("bgjobs_session=;")
                    .contains("Max-Age=0");
            assertThat(d.get("/api/me", alice.cookie()).status()).isEqualTo(401);
        }
    }

    @Test
    void theBellPageTheAdminViewAndTheSignInPageAreServedAtTheirPaths() {
        try (Direct d = new Direct()) {
            DashboardResponse bell = d.get("/", d.signIn("alice").cookie());
            DashboardResponse admin = d.get("/admin", d.signIn("root").cookie());
            DashboardResponse login = d.get("/login", null);
            for (DashboardResponse r : List.of(bell, admin, login)) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().get("Content-Type")).startsWith("text/html");
            }
            assertThat(new String(bell.body(), StandardCharsets.UTF_8)).contains("<title>Background jobs</title>");
            assertThat(new String(admin.body(), StandardCharsets.UTF_8)).contains("<title>Admin - Background jobs");
            assertThat(new String(login.body(), StandardCharsets.UTF_8)).contains("<title>Sign in - Background jobs");
        }
    }

    @Test
    void theBellsFilesForAHostsOwnPagesAreServedToAnyone() {
        try (Direct d = new Direct()) {
            for (String path : List.of("/assets/dashboard.css", "/assets/common.js", "/assets/bell.js")) {
                DashboardResponse r = d.get(path, null);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.headers().get("Content-Type"))
                        .as(path)
                        .startsWith(path.endsWith(".css") ? "text/css" : "text/javascript");
            }
        }
    }

    @Test
    void aHostsRouteIsBehindTheSignInAndTheCrossSiteProtection() {
        try (Direct d = new Direct(b -> b.route(
                        "POST",
                        "/api/demo/jobs",
                        (request, user) -> DashboardResponse.json(200, "{\"user\":\"" + user.name() + "\"}"))
                .route("GET", "/api/demo/quota", (request, user) -> DashboardResponse.json(200, "{}")))) {
            assertThat(d.get("/api/demo/quota", null).status()).as("signed out").isEqualTo(401);
            DashboardResponse signedOut = d.dashboard.handle(Direct.request("POST", "/api/demo/jobs", null)
                    .header("Origin", Direct.ORIGIN)
                    .build());
            assertThat(signedOut.status()).isEqualTo(401);
            Direct.Session alice = d.signIn("alice");
            DashboardResponse noToken = d.post("/api/demo/jobs", new Direct.Session(alice.cookie(), null), "{}");
            assertThat(noToken.status()).isEqualTo(403);
            assertThat(error(noToken)).isEqualTo("Missing or wrong X-CSRF-Token header.");
            DashboardResponse crossSite = d.dashboard.handle(Direct.request("POST", "/api/demo/jobs", alice.cookie())
                    .header("Origin", "http://evil.example")
                    .header("X-CSRF-Token", alice.token())
                    .build());
            assertThat(crossSite.status()).isEqualTo(403);
            DashboardResponse ok = d.post("/api/demo/jobs", alice, "{}");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"user\":\"alice\"}");
            assertThat(ok.headers())
                    .containsEntry("X-Frame-Options", "DENY")
                    .containsEntry("Cache-Control", "no-store");
        }
    }

    @Test
    void instancesSharingTheSecretAcceptEachOthersTokens() {
        byte[] secret = "a secret every instance is given!".getBytes(StandardCharsets.UTF_8);
        java.util.function.Consumer<Dashboard.Builder<Long>> hostSignIn = b ->
                b.authenticator(request -> request.header("X-User").map(name -> new DashboardUser(name, Set.of())));
        try (Direct one = new Direct(hostSignIn.andThen(b -> b.secret(secret)));
                Direct two = new Direct(hostSignIn.andThen(b -> b.secret(secret)));
                Direct other = new Direct(hostSignIn)) {
            String token = json(one.dashboard.handle(Direct.request("GET", "/api/me", null)
                            .header("X-User", "carol")
                            .build()))
                    .path("csrfToken")
                    .asText();
            for (Direct d : List.of(two, other)) {
                Long id = queue(d, "carol");
                DashboardResponse r = d.dashboard.handle(Direct.request("POST", "/api/jobs/" + id + "/cancel", null)
                        .header("X-User", "carol")
                        .header("Origin", Direct.ORIGIN)
                        .header("X-CSRF-Token", token)
                        .build());
                assertThat(r.status())
                        .as(d == two ? "same secret" : "another secret")
                        .isEqualTo(d == two ? 200 : 403);
            }
        }
    }

    @Test
    void mountedBesideTheApplicationsOwnContextsTheDashboardAnswersBelowItsPath() throws Exception {
        com.sun.net.httpserver.HttpServer app =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        app.setExecutor(threads);
        app.createContext("/health", exchange -> {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        io.github.aobackgroundjobs.dashboard.DashboardHttpServer.mount(app, "/jobs", fx.dashboard);
        app.start();
        try {
            java.net.URI base =
                    java.net.URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/jobs/");
            HttpSession anonymous = new HttpSession(base);
            HttpResponse<String> bare = anonymous.get("/jobs");
            assertThat(bare.statusCode()).isEqualTo(303);
            assertThat(bare.headers().firstValue("Location")).hasValue("/jobs/");
            assertThat(anonymous.get("").headers().firstValue("Location")).hasValue("login?next=");
            assertThat(anonymous.get("login").statusCode()).isEqualTo(200);
            assertThat(anonymous.get("/health").body()).isEqualTo("ok");
            // The JDK hands the context "/jobs" every path that starts so, "/jobsfoo" too: not the dashboard's.
            for (String beside : List.of("/jobsfoo", "/jobsapi/me", "/jobs-admin")) {
                HttpResponse<String> r = anonymous.get(beside);
                assertThat(r.statusCode()).as(beside).isEqualTo(404);
                assertThat(r.headers().firstValue("Location")).as(beside).isEmpty();
            }
            HttpSession alice = HttpSession.signedIn(base, "alice");
            assertThat(HttpSession.json(alice.get("api/me")).path("user").asText())
                    .isEqualTo("alice");
            Long id = fx.queueFor("alice", "slow", "mounted");
            HttpResponse<String> cancel = alice.post("api/jobs/" + id + "/cancel", "{}");
            assertThat(cancel.statusCode()).isEqualTo(200);
        } finally {
            app.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void theIconIsServedToAnyone() {
        try (Direct d = new Direct()) {
            for (String path : List.of("/favicon.ico", "/assets/icon.svg")) {
                DashboardResponse r = d.get(path, null);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.headers().get("Content-Type")).as(path).startsWith("image/svg+xml");
            }
        }
    }

    @Test
    void refusalsAndRedirectsCarryTheSecurityHeadersToo() {
        try (Direct d = new Direct()) {
            DashboardResponse refused = d.get("/api/jobs", null);
            DashboardResponse redirect = d.get("/admin/", null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(redirect.status()).isEqualTo(303);
            assertThat(redirect.headers()).containsEntry("Location", "../login?next=admin%2F");
            for (DashboardResponse r : List.of(refused, redirect)) {
                assertThat(r.headers().get("Content-Security-Policy"))
                        .startsWith("default-src 'self'; script-src 'self';")
                        .endsWith("frame-ancestors 'none'");
                assertThat(r.headers())
                        .containsEntry("X-Content-Type-Options", "nosniff")
                        .containsEntry("X-Frame-Options", "DENY")
                        .containsEntry("Referrer-Policy", "no-referrer");
            }
            assertThat(refused.headers()).containsEntry("Cache-Control", "no-store");
            assertThat(error(refused)).isEqualTo("Sign in first.");
        }
    }

    @Test
    void headIsNotServed() {
        try (Direct d = new Direct()) {
            String alice = d.signIn("alice").cookie();
            DashboardResponse page =
                    d.dashboard.handle(Direct.request("HEAD", "/", alice).build());
            assertThat(page.status()).isEqualTo(405);
            assertThat(page.headers()).containsEntry("Allow", "GET");
            assertThat(d.dashboard
                            .handle(Direct.request("HEAD", "/api/jobs", alice).build())
                            .status())
                    .isEqualTo(405);
            assertThat(d.dashboard
                            .handle(Direct.request("HEAD", "/assets/bell.js", alice)
                                    .build())
                            .status())
                    .isEqualTo(404);
            assertThat(d.dashboard
                            .handle(Direct.request("HEAD", "/", null).build())
                            .status())
                    .as("signed out")
                    .isEqualTo(401);
        }
    }

    // ------------------------------------------------------------------ live updates

    @Test
    void anEventStreamIsNotStoredAndEachEventsIdIsTheJobsUpdatedAt() throws Exception {
        try (Direct d = new Direct()) {
            Long id = queue(d, "alice");
            DashboardResponse r = d.get("/api/events", d.signIn("alice").cookie());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("Content-Type")).startsWith("text/event-stream");
            assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
            Collected sink = new Collected();
            r.eventStream().start(sink);
            sink.await("event: ready");
            d.clock.advance(Duration.ofSeconds(3));
            d.client.cancel(id);
            String text = sink.await("\"status\":\"CANCELLED\"");
            Matcher m = Pattern.compile("id: (\\S+)\nevent: job\ndata: (.*\"status\":\"CANCELLED\".*)\n")
                    .matcher(text);
            assertThat(m.find()).as(text).isTrue();
            Instant updatedAt = d.repository.getJob(id).getUpdatedAt();
            assertThat(Instant.parse(m.group(1))).isEqualTo(updatedAt).isEqualTo(d.clock.instant());
            assertThat(Instant.parse(new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(m.group(2))
                            .path("updatedAt")
                            .asText()))
                    .isEqualTo(updatedAt);
        }
    }

    @Test
    void aReconnectCatchesUpWhatChangedSince_orIsToldToReloadWhenTooMuchDid() throws Exception {
        try (Direct d = new Direct(b -> b.subscriberBuffer(8))) {
            String alice = d.signIn("alice").cookie();
            Collected everything = open(d, d.signIn("root").cookie(), "/api/admin/events", null);
            everything.await("event: ready");
            String lastEventId = d.clock.instant().toString();
            d.clock.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 3; i++) {
                queue(d, "alice");
            }
            queue(d, "bob");
            settle(d, everything);
            Collected caughtUp = open(d, alice, "/api/events", lastEventId);
            String text = caughtUp.await("event: ready");
            assertThat(text.split("event: job", -1)).as(text).hasSize(4);
            assertThat(text).doesNotContain("\"userName\":\"bob\"", "event: resync");
            // Half a stream's buffer (8) changed since: the page is told to reload its list instead.
            queue(d, "alice");
            settle(d, everything);
            Collected behind = open(d, alice, "/api/events", lastEventId);
            String reload = behind.await("event: ready");
            assertThat(reload).contains("event: resync").doesNotContain("event: job");
        }
    }

    /**
     * Waits until the dashboard has dispatched every update so far: a reconnect opened afterwards
     * receives only its catch-up, no live event of a change made before it.
     */
    private static void settle(Direct d, Collected adminStream) throws InterruptedException {
        Long marker = queue(d, "marker");
        d.client.cancel(marker);
        adminStream.await("\"id\":\"" + marker + "\",\"userName\":\"marker\",\"requestType\":\"StepRequest\","
                + "\"queueName\":\"steps\",\"status\":\"CANCELLED\"");
    }

    private static Collected open(Direct d, String cookie, String path, String lastEventId) {
        DashboardRequest.Builder request = Direct.request("GET", path, cookie);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        DashboardResponse r = d.dashboard.handle(request.build());
        assertThat(r.status()).isEqualTo(200);
        Collected sink = new Collected();
        r.eventStream().start(sink);
        return sink;
    }

    // ------------------------------------------------------------------ webhook

    @Test
    void aSignedWebhookThatIsNoStatusWebhookOrNamesNoJobIdIs400SayingWhich() {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        try (Direct d = new Direct(b -> b.webhookReceiver(new WebhookVerifier(secret)))) {
            DashboardResponse notAWebhook =
                    webhook(d, secret, "/webhook", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8));
            assertThat(notAWebhook.status()).isEqualTo(400);
            assertThat(error(notAWebhook)).isEqualTo("The body must be a status webhook with the job's 'id'.");
            Long id = queue(d, "alice");
            byte[] genuine = new WebhookPayload(id.toString(), JobStatus.PENDING, "StepRequest", "steps", Instant.now())
                    .toJson();
            DashboardResponse badPath = webhook(d, secret, "/webhook/report-7", genuine);
            assertThat(badPath.status()).isEqualTo(400);
            assertThat(error(badPath))
                    .as("the path is at fault, not the body")
                    .isEqualTo("The path's id 'report-7' is not a Long job id.");
            // The refused post's signature is spent (a replay now): the sender's retry is a post of its own.
            byte[] retry = new WebhookPayload(id.toString(), JobStatus.CANCELLED, "StepRequest", "steps", Instant.now())
                    .toJson();
            assertThat(webhook(d, secret, "/webhook/" + id, retry).status()).isEqualTo(204);
        }
    }

    private static DashboardResponse webhook(Direct d, byte[] secret, String path, byte[] body) {
        long now = Instant.now().getEpochSecond();
        return d.dashboard.handle(DashboardRequest.builder("POST", path)
                .header("Content-Type", "application/json")
                .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(secret, now, body))
                .body(body)
                .build());
    }

    // ------------------------------------------------------------------ support

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void awaitStatus(Long id, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (fx.repository.getJob(id).getStatus() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fx.repository.getJob(id).getStatus()).isEqualTo(status);
    }

    /** An event stream's text, written by the dashboard's writer threads. */
    private static final class Collected implements EventSink {
        private final StringBuffer text = new StringBuffer();

        @Override
        public void write(byte[] chunk) {
            text.append(new String(chunk, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {}

        String await(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!text.toString().contains(marker) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(text.toString()).contains(marker);
            return text.toString();
        }
    }

    /** A store that cannot be reached, and that answers no dashboard queries. */
    private static final class UnreachableStore extends JobRepositoryBase<Long> {

        private static JobStoreUnavailableException down() {
            return new JobStoreUnavailableException("the store is down for this test", null);
        }

        @Override
        public JobKeyType<Long> keyType() {
            return JobKeyType.LONG;
        }

        @Override
        public Optional<BackgroundJobInfo<Long>> findJob(Long id) {
            throw down();
        }

        @Override
        protected BackgroundJobInfo<Long> insertValidated(BackgroundJobInfo<Long> job) {
            throw down();
        }

        @Override
        public ClaimResult<Long> claim(ClaimRequest<Long> request) {
            throw down();
        }

        @Override
        public LeaseState renewLease(Long id, String owner, Instant now, Instant leaseExpiresAt) {
            throw down();
        }

        @Override
        public LeaseState saveProgress(Long id, String owner, int percent, String message, Instant now) {
            throw down();
        }

        @Override
        public boolean complete(JobCompletion<Long> completion) {
            throw down();
        }

        @Override
        public boolean markSent(Long id, Instant now) {
            throw down();
        }

        @Override
        public boolean markAborted(Long id, String exceptionData, Instant now) {
            throw down();
        }

        @Override
        public CancelResult requestCancel(Long id, Instant now) {
            throw down();
        }

        @Override
        public boolean requeue(Long id, Instant now, Instant nextAttemptAt) {
            throw down();
        }

        @Override
        public boolean markCleared(Long id, Instant now) {
            throw down();
        }

        @Override
        public List<BackgroundJobInfo<Long>> findActiveJobs(String userName, int limit) {
            throw down();
        }

        @Override
        public List<BackgroundJobInfo<Long>> findSweepCandidates(Instant unsentBefore, Instant staleBefore, int limit) {
            throw down();
        }
    }
}
