package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in again and again keeps at most {@link SessionsPerUser#MAX_PER_USER} sessions of a
 * user on the server: each sign-in beyond ends the oldest. The sample's passwords are public, and
 * every sign-in made a session held for 30 minutes (30 sign-ins, 30 sessions, all valid).
 */
class SessionsPerUserTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("sessions-per-user");

    private static final int SIGN_INS = 20;
    private static final Pattern CSRF_TOKEN = Pattern.compile("\"csrfToken\":\"([^\"]+)\"");

    @Test
    void aUserKeepsTheNewestSessionsOnlyAndOtherUsersKeepTheirs() throws Exception {
        HttpClient admin = SampleHttp.signIn(SAMPLE.base(), "admin", "admin-password");
        // The user at the cap first, whatever sessions the other tests left.
        for (int i = 0; i < SessionsPerUser.MAX_PER_USER; i++) {
            SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password");
        }
        int sessionsBefore = SAMPLE.activeSessions();
        List<HttpClient> demos = new ArrayList<>();
        for (int i = 0; i < SIGN_INS; i++) {
            demos.add(SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password"));
        }

        assertThat(SAMPLE.activeSessions())
                .as("sessions on the server after " + SIGN_INS + " more sign-ins of a user at the cap")
                .isEqualTo(sessionsBefore);
        List<Integer> statuses = new ArrayList<>();
        for (HttpClient demo : demos) {
            statuses.add(sessionStatus(demo));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < SIGN_INS; i++) {
            expected.add(i < SIGN_INS - SessionsPerUser.MAX_PER_USER ? 401 : 200);
        }
        assertThat(statuses).as("each sign-in's session, oldest first").isEqualTo(expected);
        assertThat(sessionStatus(admin)).as("another user's session").isEqualTo(200);
    }

    @Test
    void aSessionSignedOutMakesRoomWithoutEndingAnother() throws Exception {
        List<HttpClient> demos = new ArrayList<>();
        for (int i = 0; i < SessionsPerUser.MAX_PER_USER; i++) {
            demos.add(SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password"));
        }
        HttpClient leaving = demos.remove(demos.size() - 1);
        String session = leaving.send(
                        HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/session"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = CSRF_TOKEN.matcher(session);
        assertThat(csrf.find()).as(session).isTrue();
        HttpResponse<String> signOut = leaving.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/logout"))
                        .header("X-XSRF-TOKEN", csrf.group(1))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(sessionStatus(leaving)).isEqualTo(401);

        demos.add(SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password"));

        for (HttpClient demo : demos) {
            assertThat(sessionStatus(demo))
                    .as("the sessions still within the cap")
                    .isEqualTo(200);
        }
    }

    @Test
    void aSessionSignedInAgainAsAnotherUserCountsForThatUserOnly() throws Exception {
        HttpClient shared = SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password");
        HttpResponse<String> asAdmin = SampleHttp.submitSignIn(shared, SAMPLE.base(), "admin", "admin-password");
        assertThat(asAdmin.statusCode()).isEqualTo(302);
        assertThat(asAdmin.headers().firstValue("Location").orElse("")).doesNotContain("error");

        for (int i = 0; i < SessionsPerUser.MAX_PER_USER + 1; i++) {
            SampleHttp.signIn(SAMPLE.base(), "demo", "demo-password");
        }

        assertThat(sessionStatus(shared))
                .as("the session now admin's, after demo's sign-ins ended demo's oldest")
                .isEqualTo(200);
    }

    private static int sessionStatus(HttpClient http) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/session"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
