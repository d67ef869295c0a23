package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code backgroundjobs.dashboard.csrf-exempt=false} Spring Security's CSRF filter guards the
 * dashboard's path too, so a post that carries only the dashboard's token is refused before the
 * dashboard sees it: what the exemption is for.
 */
class CsrfExemptionOffTest {

    private static ConfigurableApplicationContext context;
    private static WebClient web;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(TestApplication.class)
                .properties(Map.of(
                        "server.port", "0",
                        "server.address", "127.0.0.1",
                        "spring.datasource.url",
                                "jdbc:h2:mem:starter_csrf_"
                                        + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1",
                        "backgroundjobs.jdbc.migrate-schema", "true",
                        "backgroundjobs.dashboard.csrf-exempt", "false"))
                .run();
        web = new WebClient(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void springSecurityRefusesTheDashboardsPostWithoutItsOwnToken() throws Exception {
        @SuppressWarnings("unchecked")
        JobRepositoryBase<Long> repository = context.getBean(JobRepositoryBase.class);
        long id = ApplicationContextTestBase.jobs(context)
                .queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("guarded"));
        ApplicationContextTestBase.jobs(context).client().awaitCompletion(id, Duration.ofSeconds(30));
        String token =
                WebClient.field(web.get("/jobs/api/me", "alice", "alice-pw").body(), "csrfToken");

        HttpResponse<String> post = web.post("/jobs/api/jobs/" + id + "/clear", "alice", "alice-pw", token, "{}");

        // Spring Security answers 403, which its error dispatch (unauthenticated) turns into 401.
        assertThat(post.statusCode()).isIn(401, 403);
        assertThat(repository.findJob(id).orElseThrow().isCleared()).isFalse();
    }
}
