package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests of a client that has not signed in keep nothing on the server: no session for the
 * sign-in form (its CSRF token is in a cookie), for a page that redirects to it (the page to
 * return to is in a cookie), for an API's 401 or for a failed sign-in. Otherwise every such
 * request held a session for 30 minutes, and an anonymous client could fill the memory. The
 * session is made by a successful sign-in, and CSRF still guards the form and the API.
 */
class AnonymousSessionTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("anonymous-session");

    private static final int REQUESTS = 40;

    @Test
    void anonymousRequestsCreateNoSession() throws Exception {
        // A new client each time, as a flood from scripts without a cookie jar sends them.
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        int sessionsBefore = SAMPLE.activeSessions();
        Map<String, Integer> sessionCookies = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            for (String[] call : List.of(
                    new String[] {"/login", "text/html"},
                    new String[] {"/", "text/html"},
                    new String[] {"/jobs/admin", "text/html"},
                    new String[] {"/api/session", "application/json"})) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(SAMPLE.base() + call[0]))
                                .header("Accept", call[1])
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.headers().allValues("Set-Cookie").stream()
                        .anyMatch(cookie -> cookie.startsWith("JSESSIONID="))) {
                    sessionCookies.merge(call[0], 1, Integer::sum);
                }
            }
        }
        assertThat(sessionCookies)
                .as("session cookies set, by path; sessions made: " + (SAMPLE.activeSessions() - sessionsBefore))
                .isEmpty();
        HttpResponse<String> failed =
                SampleHttp.submitSignIn(SampleHttp.newClient(), SAMPLE.base(), "demo", "wrong-password");
        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(failed.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(failed.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("JSESSIONID="));

        assertThat(SAMPLE.activeSessions()).as("sessions on the server").isEqualTo(sessionsBefore);
    }

    @Test
    void signingInStillMakesTheSessionAndCsrfStillGuardsTheFormAndTheApi() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> noToken = SampleHttp.postSignIn(anonymous, SAMPLE.base(), "demo", "demo-password", null);
        assertThat(noToken.statusCode())
                .as("a sign-in without the form's token")
                .isEqualTo(403);
        // The form's token without the cookie it belongs to, as a cross-site post sends it.
        String token = SampleHttp.signInToken(anonymous, SAMPLE.base());
        HttpResponse<String> tokenWithoutCookie =
                SampleHttp.postSignIn(anonymous, SAMPLE.base(), "demo", "demo-password", token);
        assertThat(tokenWithoutCookie.statusCode()).isEqualTo(403);

        int sessionsBefore = SAMPLE.activeSessions();
        HttpClient demo = SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password");
        assertThat(SAMPLE.activeSessions()).as("the signed-in session").isEqualTo(sessionsBefore + 1);
        HttpResponse<String> unguarded = demo.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"Kettle\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unguarded.statusCode())
                .as("an order without the CSRF header")
                .isEqualTo(403);
        String session = demo.send(
                        HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/session"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher header = Pattern.compile("\"csrfHeader\":\"([^\"]+)\"").matcher(session);
        Matcher csrf = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(session);
        assertThat(header.find() && csrf.find()).as(session).isTrue();
        HttpResponse<String> order = demo.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/orders"))
                        .header("Content-Type", "application/json")
                        .header(header.group(1), csrf.group(1))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"Kettle\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
    }

    @Test
    void afterSigningInThePageAskedForIsShown() throws Exception {
        HttpClient http = SampleHttp.newClient();
        HttpResponse<String> admin = http.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/jobs/admin"))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(302);

        HttpResponse<String> login = SampleHttp.submitSignIn(http, SAMPLE.base(), "admin", "admin-password");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).startsWith(SAMPLE.base() + "/jobs/admin");
    }
}
