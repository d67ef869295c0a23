package io.github.aobackgroundjobs.dashboard;

import static io.github.aobackgroundjobs.dashboard.support.HttpSession.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.LoopbackJetty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by {@link DashboardApiFuzzTest}, over real HTTP (the JDK server and the
 * servlet on Jetty). A query string with a bad {@code %} escape threw from the servlet while it
 * built the request, so the container answered 500 with its own error page; and a body that is
 * not JSON made purge and sign-in answer 500. Both are now a 400 that says what is
 * wrong, and change nothing.
 */
class MalformedRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static DashboardFixture fx;
    private static HttpSession root;
    private static Server jetty;
    private static Dashboard<Long> mounted;
    private static URI servletBase;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        root = HttpSession.signedIn(fx.server.uri(), "root");
        mounted = Dashboard.builder(fx.repository)
                .authenticator(DashboardFixture.authenticator())
                .actions(JobActions.of(fx.client))
                .build();
        // Async off, as where setAsyncSupported(true) is forgotten (Jetty's holders default to on).
        LoopbackJetty app = new LoopbackJetty(mounted, false, ServletContextHandler.NO_SESSIONS);
        jetty = app.server();
        jetty.start();
        servletBase = URI.create("http://127.0.0.1:" + app.port() + "/app/jobs/");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (jetty != null) {
                jetty.stop();
            }
        } finally {
            if (mounted != null) {
                mounted.close();
            }
            if (fx != null) {
                fx.close();
            }
        }
    }

    @Test
    void aServletRegisteredWithoutAsyncSupportAnswersTheEventStream500SayingSo() throws Exception {
        HttpSession alice = HttpSession.signedIn(servletBase, "alice");
        var events = alice.client()
                .send(
                        alice.request("api/events")
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(500);
        assertThat(json(events).path("error").asText())
                .isEqualTo("Live updates are not available: the dashboard's servlet is registered without async"
                        + " support.");
        assertThat(alice.get("api/jobs").statusCode()).as("the rest is served").isEqualTo(200);
    }

    @Test
    void aBadPercentEscapeInTheQueryIsAnswered400() throws Exception {
        for (String query : new String[] {"user=%zz", "status=%", "page=%2", "%ud800=1"}) {
            // The JDK server refuses such a URI itself, before the dashboard sees it.
            assertThat(rawGet(fx.server.uri(), "api/admin/jobs?" + query).status())
                    .as(query)
                    .isEqualTo(400);
            // Jetty passes it on: the dashboard answers.
            RawResponse r = rawGet(servletBase, "api/jobs?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(error(r.body()))
                    .isEqualTo("The query string is malformed: a '%' must be followed by two hex digits.");
        }
    }

    @Test
    void aPurgeBodyThatIsNotJsonIsAnswered400AndDeletesNothing() throws Exception {
        Long done = fx.queueFor("erin", "quick", "kept");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fx.repository.getJob(done).getStatus() == JobStatus.SUCCEEDED);
        for (String body :
                new String[] {"{", "not json", "{\"olderThanDays\":0,\"statuses\":[\"SUCCEEDED\"]", "[".repeat(5000)}) {
            var r = root.post("api/admin/purge", body);
            assertThat(r.statusCode())
                    .as(body.substring(0, Math.min(40, body.length())))
                    .isEqualTo(400);
            assertThat(json(r).path("error").asText()).matches(BODY_REASON);
        }
        assertThat(fx.repository.findJob(done)).isPresent();
        assertThat(root.post("api/admin/purge", "{\"olderThanDays\":0,\"statuses\":[\"RUNNING\"]}")
                        .statusCode())
                .isEqualTo(400);
    }

    /** What a body that is not JSON is answered: the reason, never the parser's message. */
    private static final String BODY_REASON = "The body is (not valid JSON \\(line \\d+, column \\d+\\)"
            + "|nested deeper than 64 levels of arrays and objects|not valid UTF-8 \\(at byte \\d+\\))\\.";

    @Test
    void anApplicationRouteGetsItsBodyThroughOnePlaceThatAnswers400WithTheReason() throws Exception {
        HttpSession alice = HttpSession.signedIn(fx.server.uri(), "alice");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("truncated", "{\"kind\":".getBytes(StandardCharsets.UTF_8));
        bodies.put("unquoted", "{kind:report}".getBytes(StandardCharsets.UTF_8));
        bodies.put(
                "invalid UTF-8", new byte[] {'{', '"', 'k', 'i', 'n', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}'});
        bodies.put("20,000 deep", "[".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        bodies.put("7,000 objects deep", "{\"kind\":".repeat(7_000).getBytes(StandardCharsets.UTF_8));
        bodies.put("trailing data", "{\"kind\":\"quick\"} {}".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            var r = alice.client()
                    .send(
                            alice.request("api/test/queue")
                                    .header("Content-Type", "application/json")
                                    .header("X-CSRF-Token", alice.csrfToken())
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.getValue()))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(body.getKey()).matches(BODY_REASON);
        }
    }

    @Test
    void aSignInBodyThatIsNotJsonIsAnswered400() throws Exception {
        HttpSession anonymous = new HttpSession(fx.server.uri());
        var r = anonymous.postRaw("api/login", "{\"user\":\"alice\",", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("The body is not valid JSON (line 1, column 17).");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }

    /** Found by the same fuzz: the answer named the builder's fields ('pageSize'), not the page's parameters. */
    @Test
    void aBadListParameterIsNamedAsThePageSentIt() throws Exception {
        assertThat(json(root.get("api/admin/jobs?size=0")).path("error").asText())
                .isEqualTo("'size' must be between 1 and 200, not 0.");
        assertThat(json(root.get("api/admin/jobs?user=" + "u".repeat(51)))
                        .path("error")
                        .asText())
                .startsWith("'user' is 51 characters long");
        assertThat(json(root.get("api/admin/jobs?type=" + "t".repeat(51)))
                        .path("error")
                        .asText())
                .startsWith("'type' is 51 characters long");
        assertThat(json(root.get("api/admin/jobs?status=nope")).path("error").asText())
                .startsWith("'status' \"nope\" is not a job status; use one of [PENDING, RUNNING");
        assertThat(json(root.get("api/admin/jobs?from=2026-12-01&through=2026-11-01"))
                        .path("error")
                        .asText())
                .isEqualTo("'from' 2026-12-01 is after 'through' 2026-11-01.");
        var farFuture = root.get("api/admin/jobs?through=%2B999999999-12-31");
        assertThat(farFuture.statusCode()).isEqualTo(400);
        assertThat(json(farFuture).path("error").asText())
                .isEqualTo("'through' must be between 0001-01-01 and 9999-12-31, not +999999999-12-31.");
        var farPast = root.get("api/admin/jobs?from=-999999999-01-01");
        assertThat(farPast.statusCode()).isEqualTo(400);
        assertThat(json(farPast).path("error").asText()).startsWith("'from' must be between 0001-01-01 and 9999-12-31");
        assertThat(root.get("api/admin/jobs?from=0001-01-01&through=9999-12-31").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPurgeWhoseFieldsHaveTheWrongShapeIsAnswered400NamingTheField() throws Exception {
        Long done = fx.queueFor("erin", "quick", "kept");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fx.repository.getJob(done).getStatus() == JobStatus.SUCCEEDED);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("{\"statuses\":[\"SUCCEEDED\"]}", "'olderThanDays' is required.");
        bodies.put(
                "{\"olderThanDays\":3.7,\"statuses\":[\"SUCCEEDED\"]}",
                "'olderThanDays' must be a whole number of days from 0 to 3650, not 3.7.");
        bodies.put(
                "{\"olderThanDays\":\"5\",\"statuses\":[\"SUCCEEDED\"]}",
                "'olderThanDays' must be a whole number of days from 0 to 3650, not \"5\".");
        bodies.put(
                "{\"olderThanDays\":1e10,\"statuses\":[\"SUCCEEDED\"]}",
                "'olderThanDays' must be a whole number of days from 0 to 3650, not 1.0E10.");
        bodies.put(
                "{\"olderThanDays\":0,\"statuses\":{\"x\":\"SUCCEEDED\"}}",
                "'statuses' must be an array of job states, such as [\"SUCCEEDED\"].");
        bodies.put(
                "{\"olderThanDays\":0,\"statuses\":[true]}",
                "'statuses' holds true; each entry must be a job state's name.");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            var r = root.post("api/admin/purge", body.getKey());
            assertThat(r.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(body.getKey()).isEqualTo(body.getValue());
        }
        assertThat(fx.repository.findJob(done)).isPresent();
    }

    private static String error(String body) throws IOException {
        JsonNode node = MAPPER.readTree(body);
        return node.path("error").asText();
    }

    /** The request line as written: {@link java.net.http.HttpClient} refuses to send a bad escape. */
    private static RawResponse rawGet(URI base, String relative) throws IOException {
        String target = base.getRawPath() + relative;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET " + target + " HTTP/1.1\r\nHost: " + base.getRawAuthority() + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            assertThat(text).as("an answer to " + target).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
            return new RawResponse(status, dechunk(text, body));
        }
    }

    /** Jetty may send the body chunked: keep only the chunks' data. */
    private static String dechunk(String head, String body) {
        if (!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    private record RawResponse(int status, String body) {}
}
