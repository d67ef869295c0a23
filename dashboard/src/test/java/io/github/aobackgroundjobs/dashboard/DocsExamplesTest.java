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
}
