package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.EventSink;
import io.github.aobackgroundjobs.dashboard.JobActionRefusedException;
import io.github.aobackgroundjobs.dashboard.JobDownload;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of the server-independent value types, read as a new user: {@link DashboardRequest},
 * {@link DashboardResponse}, {@link DashboardUser}, {@link JobOutput}, {@link JobDownload} and
 * {@link JobActionRefusedException}.
 */
class RequestResponseJavadocTest {

    // ------------------------------------------------------------------ DashboardRequest

    @Test
    void aPathThatDoesNotStartWithASlashIsRefusedNamingPath() {
        for (String path : List.of("api/jobs", "jobs/", " /", "?x=1", "x".repeat(500))) {
            assertThatThrownBy(() -> DashboardRequest.builder("GET", path))
                    .as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'path' must start with '/', not '")
                    .hasMessageNotContaining("x".repeat(101));
        }
        assertThat(DashboardRequest.builder("GET", "/api/jobs").build().path()).isEqualTo("/api/jobs");
    }

    @Test
    void aRequestsMethodIsUpperCaseAndAnEmptyPathIsTheRoot() {
        DashboardRequest r = DashboardRequest.builder("post", "").build();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.body()).isEmpty();
        assertThat(r.bodyText()).isEmpty();
        assertThat(r.jsonBody().isMissingNode()).isTrue();
        assertThat(r.remoteAddress()).isEmpty();
        assertThat(r.nativeRequest()).isNull();
        assertThatThrownBy(() -> DashboardRequest.builder(null, "/"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'method'");
        assertThatThrownBy(() -> DashboardRequest.builder("GET", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'path'");
        assertThatThrownBy(() -> DashboardRequest.builder("GET", "/").body(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'body'");
    }

    @Test
    void aBuiltRequestIsImmutable_aBuilderUsedAgainDoesNotChangeIt() {
        DashboardRequest.Builder builder = DashboardRequest.builder("GET", "/api/jobs")
                .header("X-Thing", "one")
                .rawQuery("a=1");
        DashboardRequest first = builder.build();
        builder.header("X-Thing", "two").header("X-Other", "x").rawQuery("a=2&b=3");
        DashboardRequest second = builder.build();
        assertThat(first.header("X-Other")).isEmpty();
        assertThat(first.queryParams("a")).containsExactly("1");
        assertThat(first.queryParam("b")).isEmpty();
        assertThat(second.queryParams("a")).containsExactly("1", "2");
        assertThat(second.header("X-Other")).hasValue("x");
        assertThatThrownBy(() -> first.queryParams("a").add("9")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void headersAreFoundInAnyCaseAndTheFirstValueIsGiven() {
        DashboardRequest r = DashboardRequest.builder("GET", "/")
                .header("X-Thing", "one")
                .header("x-thing", "two")
                .header("X-Absent", null)
                .header("Cookie", "a=1; bgjobs_session = s.1 ; c=")
                .remoteAddress("10.0.0.7")
                .build();
        assertThat(r.header("x-THING")).hasValue("one");
        assertThat(r.header("X-Absent")).isEmpty();
        assertThat(r.cookie("bgjobs_session")).hasValue("s.1");
        assertThat(r.cookie("c")).hasValue("");
        assertThat(r.cookie("missing")).isEmpty();
        assertThat(r.remoteAddress()).hasValue("10.0.0.7");
    }

    @Test
    void queryParametersKeepEveryValueInOrder_aMalformedQueryKeepsNoneAndSaysWhy() {
        DashboardRequest r = DashboardRequest.builder("GET", "/api/admin/jobs")
                .rawQuery("status=FAILED&status=ABORTED&q=a+b%21&flag")
                .build();
        assertThat(r.queryError()).isEmpty();
        assertThat(r.queryParam("status")).hasValue("FAILED");
        assertThat(r.queryParams("status")).containsExactly("FAILED", "ABORTED");
        assertThat(r.queryParam("q")).hasValue("a b!");
        assertThat(r.queryParam("flag")).hasValue("");
        assertThat(r.queryParams("none")).isEmpty();
        assertThat(r.queryParam("none")).isEmpty();

        DashboardRequest bad =
                DashboardRequest.builder("GET", "/").rawQuery("a=1&b=%zz").build();
        assertThat(bad.queryError()).hasValueSatisfying(m -> assertThat(m).contains("%"));
        assertThat(bad.queryParam("a")).as("no parameter is kept").isEmpty();
        assertThat(DashboardRequest.builder("GET", "/").rawQuery(null).build().queryError())
                .isEmpty();
    }

    @Test
    void parseFormKeepsTheOrderOfAppearanceAndRefusesABadEscape() {
        Map<String, List<String>> form = DashboardRequest.parseForm("b=2&a=1&b=3&&c");
        assertThat(form.keySet()).containsExactly("b", "a", "c");
        assertThat(form.get("b")).containsExactly("2", "3");
        assertThat(form.get("c")).containsExactly("");
        assertThat(DashboardRequest.parseForm(null)).isEmpty();
        assertThat(DashboardRequest.parseForm("")).isEmpty();
        assertThatThrownBy(() -> DashboardRequest.parseForm("a=%4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bodyTextReplacesMalformedBytes_jsonBodyRefusesThem() {
        DashboardRequest r = DashboardRequest.builder("POST", "/")
                .body(new byte[] {'"', (byte) 0xC3, '"'})
                .build();
        assertThat(r.bodyText()).isEqualTo("\"\uFFFD\"");
        assertThatThrownBy(r::jsonBody).isInstanceOf(IllegalArgumentException.class);
        String deep = "[".repeat(65) + "]".repeat(65);
        assertThatThrownBy(() -> DashboardRequest.builder("POST", "/")
                        .body(deep.getBytes(StandardCharsets.UTF_8))
                        .build()
                        .jsonBody())
                .isInstanceOf(IllegalArgumentException.class);
        String ok = "[".repeat(64) + "]".repeat(64);
        assertThatCode(() -> DashboardRequest.builder("POST", "/")
                        .body(ok.getBytes(StandardCharsets.UTF_8))
                        .build()
                        .jsonBody())
                .doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ DashboardResponse

    @Test
    void theFactoriesSetTheContentTypeAndRedirectIs303() {
        assertThat(DashboardResponse.json(201, "{}").headers())
                .containsExactly(Map.entry("Content-Type", "application/json; charset=utf-8"));
        assertThat(DashboardResponse.text(200, "hi").headers())
                .containsExactly(Map.entry("Content-Type", "text/plain; charset=utf-8"));
        DashboardResponse bare = DashboardResponse.of(204, null, new byte[0]);
        assertThat(bare.headers()).isEmpty();
        assertThat(bare.eventStream()).isNull();
        assertThatThrownBy(() -> DashboardResponse.of(200, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'body'");
        DashboardResponse redirect = DashboardResponse.redirect("../login");
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.headers()).containsEntry("Location", "../login");
        assertThat(redirect.body()).isEmpty();
    }

    @Test
    void theFactoriesNameTheNullArgument() {
        assertThatThrownBy(() -> DashboardResponse.json(200, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'json'");
        assertThatThrownBy(() -> DashboardResponse.text(200, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> DashboardResponse.redirect(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'location'");
        DashboardRequest r = DashboardRequest.builder("GET", "/").build();
        assertThatThrownBy(() -> r.header(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> r.cookie(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'name'");
    }

    @Test
    void aStatusThatIsNoFinalHttpStatusIsRefusedNamingIt() {
        for (int status : new int[] {0, 42, 100, 199, 600, -1}) {
            assertThatThrownBy(() -> DashboardResponse.json(status, "{}"))
                    .as("%d", status)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'status'");
        }
        assertThat(DashboardResponse.of(200, null, new byte[0]).status()).isEqualTo(200);
        assertThat(DashboardResponse.text(599, "x").status()).isEqualTo(599);
    }

    @Test
    void anEventStreamResponseIs200NotStoredWithNoBody() {
        DashboardResponse r = DashboardResponse.eventStream(EventSink::close);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.eventStream()).isNotNull();
        assertThat(r.headers().get("Content-Type")).startsWith("text/event-stream");
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
        assertThatThrownBy(() -> DashboardResponse.eventStream(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'stream'");
    }

    @Test
    void withHeaderReturnsACopyAndReplacesAHeaderOfTheSameNameInAnyCase() {
        DashboardResponse original = DashboardResponse.json(200, "{}");
        DashboardResponse csv = original.withHeader("content-type", "text/csv");
        assertThat(original.headers()).containsExactly(Map.entry("Content-Type", "application/json; charset=utf-8"));
        assertThat(csv.headers()).hasSize(1);
        assertThat(csv.headers().values()).containsExactly("text/csv");
        DashboardResponse more = csv.withHeader("X-One", "1").withHeader("X-Two", "2");
        assertThat(more.headers().keySet()).as("in order").endsWith("X-One", "X-Two");
        assertThatThrownBy(() -> more.headers().put("X-Three", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> original.withHeader(null, "v"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> original.withHeader("X", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'value'");
    }

    // ------------------------------------------------------------------ DashboardUser

    @Test
    void aUserNeedsANameAndRolesWhichAreCopied() {
        Set<String> roles = new HashSet<>(Set.of("admin"));
        DashboardUser user = new DashboardUser("alice", roles);
        roles.clear();
        assertThat(user.hasRole("admin")).isTrue();
        assertThat(user.hasRole("other")).isFalse();
        assertThat(user.sessionId()).isNull();
        assertThatThrownBy(() -> user.roles().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new DashboardUser("alice", Set.of(), "s1").sessionId()).isEqualTo("s1");
        assertThatThrownBy(() -> new DashboardUser(" ", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> new DashboardUser(null, Set.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> new DashboardUser("alice", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'roles'");
        Set<String> withNull = new HashSet<>();
        withNull.add(null);
        assertThatThrownBy(() -> new DashboardUser("alice", withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'roles'");
    }

    // ------------------------------------------------------------------ JobOutput and JobDownload

    @Test
    void jobOutputKindsAndTheirValues() {
        assertThat(JobOutput.download("Download")).isEqualTo(new JobOutput("download", "Download", ""));
        assertThat(JobOutput.text("Rows", "12")).isEqualTo(new JobOutput("text", "Rows", "12"));
        assertThat(JobOutput.link("Report", "/reports/1").kind()).isEqualTo("link");
        assertThatThrownBy(() -> new JobOutput("html", "x", "<b>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kind'");
        assertThatThrownBy(() -> new JobOutput("link", "x", "//evil.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'value'");
        assertThatThrownBy(() -> JobOutput.text("x", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'value'");
        assertThatThrownBy(() -> JobOutput.text(null, "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'label'");
    }

    @Test
    void aDownloadsFileNameKeepsOnlyLettersDigitsDotUnderscoreAndHyphen() {
        JobDownload d = new JobDownload("../Report 2026/é.zip", "application/zip", new byte[] {1});
        assertThat(d.fileName()).isEqualTo(".._Report_2026__.zip");
        assertThat(new JobDownload("a-b_c.1", "text/plain", new byte[0]).fileName())
                .isEqualTo("a-b_c.1");
        assertThatThrownBy(() -> new JobDownload("", "text/plain", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fileName'");
        assertThatThrownBy(() -> new JobDownload("a", null, new byte[0]))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'contentType'");
        assertThatThrownBy(() -> new JobDownload("a", "text/plain", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'content'");
    }

    // ------------------------------------------------------------------ JobActionRefusedException

    @Test
    void aRefusalCarriesA4xxStatusAndAMessage() {
        assertThat(new JobActionRefusedException(400, "No.").getStatus()).isEqualTo(400);
        JobActionRefusedException quota = new JobActionRefusedException(499, "Quota reached.");
        assertThat(quota.getStatus()).isEqualTo(499);
        assertThat(quota.getMessage()).isEqualTo("Quota reached.");
        for (int status : new int[] {399, 500, 200}) {
            assertThatThrownBy(() -> new JobActionRefusedException(status, "No."))
                    .as("%d", status)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'status'");
        }
        for (String message : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> new JobActionRefusedException(409, message))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'message'");
        }
    }
}
