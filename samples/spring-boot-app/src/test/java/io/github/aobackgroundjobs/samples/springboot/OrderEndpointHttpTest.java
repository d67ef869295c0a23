package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order endpoint over HTTP as the page (or an attacker signed in) calls it: signed in through
 * the form, with the CSRF token of {@code api/session}. Every refusal is a JSON error saying what
 * was wrong, and the cap holds for requests sent over the wire.
 */
class OrderEndpointHttpTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("order-http");

    @Test
    void badBodiesAreAnswered400NamingWhatTheEndpointTakes() throws Exception {
        Session demo = Session.signIn("demo", "demo-password");
        String expected =
                "{\"error\":\"The body must be a JSON object with a text 'item', such as {\\\"item\\\":\\\"Kettle\\\"}.\"}";

        for (String body : new String[] {"{\"item\":", "[1,2]", "{\"item\":{\"a\":1}}", "not json", ""}) {
            HttpResponse<String> response = demo.postOrder(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).isEqualTo(expected);
        }
        HttpResponse<String> half = demo.postOrder("{\"item\":\"Kettle \\ud83d\"}");
        assertThat(half.statusCode()).isEqualTo(400);
        assertThat(half.body()).contains("'item' cannot contain an unpaired surrogate");
        HttpResponse<String> nul = demo.postOrder("{\"item\":\"Ket\\u0000tle\"}");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).contains("'item' cannot contain the NUL character");
        assertThat(demo.postOrder("{\"item\":\"Kettle\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void anItemThatIsNoJsonTextIsRefused() throws Exception {
        Session demo = Session.signIn("demo", "demo-password");
        String expected =
                "{\"error\":\"The body must be a JSON object with a text 'item', such as {\\\"item\\\":\\\"Kettle\\\"}.\"}";

        for (String body : new String[] {"{\"item\":123}", "{\"item\":true}", "{\"item\":1.5e3}"}) {
            HttpResponse<String> response = demo.postOrder(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).isEqualTo(expected);
        }
    }

    @Test
    void aPropertyTwiceIsRefusedSayingSo() throws Exception {
        Session demo = Session.signIn("demo", "demo-password");

        HttpResponse<String> response = demo.postOrder("{\"item\":\"Kettle\",\"item\":\"Toaster\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"The body has a property twice in one object.\"}");
    }

    @Test
    void aBodyOverTheLimitIsAnswered413() throws Exception {
        Session demo = Session.signIn("demo", "demo-password");
        String padded = "{\"item\":\"Kettle\",\"note\":\"" + "x".repeat(16 * 1024) + "\"}";

        HttpResponse<String> response = demo.postOrder(padded);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"error\":\"The body is larger than 16384 bytes.\"}");
        String atTheLimit = "{\"item\":\"Kettle\",\"note\":\"" + "x".repeat(16 * 1024 - 100) + "\"}";
        assertThat(demo.postOrder(atTheLimit).statusCode()).isEqualTo(200);
    }

    @Test
    void theCapHoldsOverHttp() throws Exception {
        Session admin = Session.signIn("admin", "admin-password");
        for (int i = 0; i < OrderLimit.MAX_UNFINISHED_PER_CUSTOMER; i++) {
            assertThat(admin.postOrder("{\"item\":\"Kettle " + i + "\"}").statusCode())
                    .isEqualTo(200);
        }

        HttpResponse<String> refused = admin.postOrder("{\"item\":\"one more\"}");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("the shop takes at most 20 per customer");
    }

    /** A signed-in browser session: its cookies and its CSRF token. */
    private record Session(HttpClient http, String csrfHeader, String csrfToken) {

        private static final Pattern JSON_FIELD = Pattern.compile("\"(csrfHeader|csrfToken)\":\"([^\"]+)\"");

        static Session signIn(String user, String password) throws IOException, InterruptedException {
            HttpClient http = SampleHttp.signIn(SAMPLE.base(), user, password);
            String session = http.send(
                            HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/session"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String header = null;
            String value = null;
            Matcher field = JSON_FIELD.matcher(session);
            while (field.find()) {
                if (field.group(1).equals("csrfHeader")) {
                    header = field.group(2);
                } else {
                    value = field.group(2);
                }
            }
            assertThat(header).as(session).isNotNull();
            assertThat(value).as(session).isNotNull();
            return new Session(http, header, value);
        }

        HttpResponse<String> postOrder(String body) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/orders"))
                            .header("Content-Type", "application/json")
                            .header(csrfHeader, csrfToken)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
