package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's own routes over real HTTP: a body that is not JSON is answered 400 with the reason;
 * its page and script are revalidated.
 */
class NotificationDemoBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static NotificationDemo demo;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static URI base;
    private static String cookie;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        demo = TestDemos.start("demo-body-test", 50);
        base = URI.create("http://127.0.0.1:" + demo.port() + "/");
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/login"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"demo\",\"password\":\"demo-pass\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> me = HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/me"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        token = JSON.readTree(me.body()).path("csrfToken").asText();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static HttpResponse<String> queue(byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/demo/jobs"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Cookie", cookie)
                        .header("X-CSRF-Token", token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemosOwnPageAndScriptAreRevalidatedAsTheDashboardsAssetsAre() throws Exception {
        for (String path : new String[] {"", "demo.js", "assets/bell.js"}) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
        }
    }

    @Test
    void bodiesThatAreNotJsonAreAnswered400WithTheReason() throws Exception {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("truncated", "{\"kind\":".getBytes(StandardCharsets.UTF_8));
        bodies.put("unquoted", "{kind:report}".getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 'k', 'i', 'n', 'd', '"', ':', '"', (byte) 0xFF, '"', '}'});
        bodies.put("20,000 deep", "[".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            HttpResponse<String> r = queue(body.getValue());
            assertThat(r.statusCode()).as(body.getKey() + ": " + r.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body()).path("error");
            assertThat(error.asText()).as(body.getKey()).startsWith("The body is ");
        }
        HttpResponse<String> unknownKind = queue("{\"kind\":\"bogus\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknownKind.statusCode()).isEqualTo(400);
        assertThat(unknownKind.body()).contains("'kind' must be report, failing or zip.");
        assertThat(queue("{\"kind\":\"report\"}".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(200);
    }
}
