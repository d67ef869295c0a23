package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed out (a restart ended the session), the APIs the page and its bell call answer 401, which
 * the bell reads as "signed out"; a redirect to the sign-in form it followed to a 200 page, took
 * for "still signed in", and reconnected for as long as the page stayed open. Pages still redirect.
 */
class SignedOutApiTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("signed-out");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theApisTheBellAndThePageCallAnswer401() throws Exception {
        for (String[] call : new String[][] {
            {"/jobs/api/me", "application/json"},
            {"/jobs/api/jobs", "application/json"},
            {"/jobs/api/events", "text/event-stream"},
            {"/api/session", "*/*"}
        }) {
            HttpResponse<String> response = get(call[0], call[1]);

            assertThat(response.statusCode()).as(call[0]).isEqualTo(401);
            assertThat(response.body()).as(call[0]).isEqualTo("{\"error\":\"Sign in first.\"}");
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as(call[0])
                    .startsWith("application/json");
        }
    }

    @Test
    void pagesStillRedirectToTheSignInForm() throws Exception {
        for (String page : new String[] {"/", "/jobs/admin"}) {
            HttpResponse<String> response = get(page, "text/html,application/xhtml+xml,*/*;q=0.8");

            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElse(""))
                    .as(page)
                    .endsWith("/login");
        }
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + path))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
