package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/dashboard.md, as written there (port 0 instead of 8080), works. */
class DocsExamplesTest {

    @Test
    void theJdkServerExampleServesTheBellAndTheAdminView() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys(); // or JdbiJobRepository
        var queue = new InMemoryJobQueue(); // or AzureStorageJobQueue
        var client = QueueJobClient.builder(repository, queue).build();
        var users = PasswordAuthenticator.builder()
                .user("alice", PasswordAuthenticator.hashPassword("alice-password".toCharArray()))
                .user(
                        "root",
                        PasswordAuthenticator.hashPassword("root-password".toCharArray()),
                        Dashboard.DEFAULT_ADMIN_ROLE)
                .build();
        Dashboard<Long> dashboard = Dashboard.builder(repository)
                .authenticator(users) // or your own DashboardAuthenticator
                .actions(JobActions.of(client)) // Retry, Cancel, Clear
                .queues(queue, "reports") // queue lengths in the admin view
                .build();
        DashboardHttpServer server = DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0));
        try (server;
                dashboard) {
            HttpSession anonymous = new HttpSession(server.uri());
            assertThat(anonymous.get("").headers().firstValue("Location")).hasValue("login?next=");
            HttpResponse<String> login =
                    anonymous.postRaw("api/login", "{\"user\":\"root\",\"password\":\"root-password\"}", null);
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            HttpResponse<String> admin = anonymous
                    .client()
                    .send(
                            java.net.http.HttpRequest.newBuilder(server.uri().resolve("admin"))
                                    .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.body()).contains("assets/admin.js");
        }
    }

    @Test
    void theStreamLimitsAndRouteBodyExamplesBuildAndAnswer() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        var users = PasswordAuthenticator.builder()
                .user("alice", PasswordAuthenticator.hashPassword("alice-password".toCharArray(), 1_000))
                .build();
        Dashboard.Builder<Long> builder = Dashboard.builder(repository)
                .authenticator(users)
                .actions(JobActions.of(client))
                .maxStreamsPerUser(20) // default Dashboard.DEFAULT_MAX_STREAMS_PER_USER = 10
                .streamWriters(8); // default Dashboard.DEFAULT_STREAM_WRITERS = 4
        builder.route("POST", "/api/demo/jobs", (request, user) -> {
            com.fasterxml.jackson.databind.JsonNode body = request.jsonBody(); // 400 with the reason if it is not JSON
            String kind = body.path("kind").asText("");
            if (kind.isEmpty()) {
                throw new IllegalArgumentException("'kind' is required."); // 400 with this message
            }
            return DashboardResponse.json(200, "{\"queued\":true}");
        });
        try (Dashboard<Long> dashboard = builder.build();
                DashboardHttpServer server =
                        DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0))) {
            HttpSession signedIn = HttpSession.signedIn(server.uri(), "alice", "alice-password");
            assertThat(signedIn.post("api/demo/jobs", "{\"kind\":\"report\"}").body())
                    .isEqualTo("{\"queued\":true}");
            HttpResponse<String> bad = signedIn.post("api/demo/jobs", "{\"kind\":");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(HttpSession.json(bad).path("error").asText())
                    .isEqualTo("The body is not valid JSON (line 1, column 9).");
            assertThat(HttpSession.json(signedIn.post("api/demo/jobs", "{}"))
                            .path("error")
                            .asText())
                    .isEqualTo("'kind' is required.");
        }
    }
}
