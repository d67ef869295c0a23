package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardServlet;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.ServletPrincipalAuthenticator;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.LoopbackJetty;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link DashboardServlet} and {@link ServletPrincipalAuthenticator} on Jetty: mapped
 * to {@code /jobs/*} in a context {@code /app}, behind no container login.
 */
class ServletJavadocTest {

    private static Server jetty;
    private static Dashboard<Long> dashboard;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = io.github.aobackgroundjobs.QueueJobClient.builder(repository, new InMemoryJobQueue())
                .build();
        dashboard = Dashboard.builder(repository)
                .authenticator(new ServletPrincipalAuthenticator("manager", Dashboard.DEFAULT_ADMIN_ROLE))
                .actions(JobActions.of(client))
                .build();
        LoopbackJetty app = new LoopbackJetty(dashboard, true, ServletContextHandler.NO_SESSIONS);
        jetty = app.server();
        jetty.start();
        base = URI.create("http://127.0.0.1:" + app.port() + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            jetty.stop();
        } finally {
            dashboard.close();
        }
    }

    @Test
    void theBareMountIsRedirectedBelowIt_withTheSecurityHeadersEveryResponseCarries() throws Exception {
        HttpResponse<String> bare = new HttpSession(base).get("app/jobs");
        assertThat(bare.statusCode()).isEqualTo(303);
        assertThat(bare.headers().firstValue("Location")).hasValue("/app/jobs/");
        assertThat(bare.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(bare.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(bare.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(bare.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'");
    }

    @Test
    void theBareMountsRedirectKeepsTheQueryString() throws Exception {
        HttpResponse<String> bare = new HttpSession(base).get("app/jobs?next=admin%2F&x=1");
        assertThat(bare.statusCode()).isEqualTo(303);
        assertThat(bare.headers().firstValue("Location")).hasValue("/app/jobs/?next=admin%2F&x=1");
    }

    @Test
    void withoutAContainerUserTheApiIs401_andABodyOverTheLimitIs413() throws Exception {
        HttpSession anonymous = new HttpSession(base.resolve("app/jobs/"));
        for (String path : List.of("api/me", "api/jobs")) {
            assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> tooLarge = anonymous
                .client()
                .send(
                        anonymous
                                .request("api/jobs/1/cancel")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        new byte[DashboardRequest.MAX_BODY_BYTES + 1]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
}
