package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Prometheus scrape answers only a client with the scrape's token. Open to anyone, it told
 * every visitor the queues and the worker (which health keeps for admins), the exact JVM build
 * ({@code jvm_info}), the server's working directory ({@code disk_free_bytes{path=...}}) and the
 * count of failed sign-ins.
 */
class MetricsScrapeHttpTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("metrics-scrape");

    private static final String TOKEN = "demo-metrics-token";

    @Test
    void theScrapeNeedsItsTokenAndHealthStaysOpen() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpClient demo = SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password");
        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        refused.put("no token", anonymous.send(scrape("/actuator/prometheus", null), ofString()));
        refused.put("a wrong token", anonymous.send(scrape("/actuator/prometheus", "Bearer wrong"), ofString()));
        refused.put("the token without Bearer", anonymous.send(scrape("/actuator/prometheus", TOKEN), ofString()));
        refused.put("a shopper signed in", demo.send(scrape("/actuator/prometheus", null), ofString()));
        for (String path : List.of("/actuator/%70rometheus", "/actuator/prometheus/", "/actuator//prometheus")) {
            refused.put(path, demo.send(scrape(path, null), ofString()));
        }

        refused.forEach((what, response) -> {
            assertThat(response.body())
                    .as(what)
                    .doesNotContain("jvm_info")
                    .doesNotContain("application_ready_time_seconds");
            assertThat(response.statusCode()).as(what).isBetween(400, 499);
        });
        assertThat(refused.get("no token").statusCode()).isEqualTo(401);
        assertThat(refused.get("no token").body()).contains("Authorization: Bearer <sample.metrics-token>");

        HttpResponse<String> scraped = anonymous.send(scrape("/actuator/prometheus", "Bearer " + TOKEN), ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("application_ready_time_seconds");
        HttpResponse<String> health = anonymous.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/actuator/health"))
                        .build(),
                ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private static HttpRequest scrape(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SAMPLE.base() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }
}
