package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The test application in a real web application context (Tomcat on a free port): its job runs
 * in the starter's worker, its transactional service queues with its data, and its users reach the
 * dashboard through its own login. Subclasses choose the database and the queue.
 */
abstract class ApplicationContextTestBase {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    static ConfigurableApplicationContext context;
    static WebClient web;

    static void start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("backgroundjobs.jdbc.migrate-schema", "true");
        all.put("backgroundjobs.worker.max-poll-interval", "200ms");
        all.put("backgroundjobs.worker.shutdown-timeout", "5s");
        all.put("management.endpoints.web.exposure.include", "health,prometheus");
        all.put("management.endpoint.health.show-details", "always");
        context = new SpringApplicationBuilder(TestApplication.class)
                .properties(all)
                .run();
        web = new WebClient(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @SuppressWarnings("unchecked")
    static SpringQueueJobClient<Long> jobs(org.springframework.context.ApplicationContext context) {
        return context.getBean(SpringQueueJobClient.class);
    }

    @SuppressWarnings("unchecked")
    static QueueJobClient<Long> client() {
        return context.getBean(QueueJobClient.class);
    }

    @Test
    void theStarterBuildsTheRepositoryOnTheApplicationsDatabaseAndStartsTheWorker() {
        assertThat(context.getBean(JobRepositoryBase.class)).isInstanceOf(JdbiJobRepository.class);
        assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
        assertThat(jobs(context).dataSource()).isPresent();
    }

    @Test
    void aJobQueuedOutsideATransactionRunsInTheWorker() {
        long id = jobs(context).queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("outside"));

        BackgroundJobInfo<Long> job = client().awaitCompletion(id, JOB_TIMEOUT);

        assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.getResultData()).contains("Hello, outside!");
    }

    @Test
    void aTransactionThatCommitsKeepsTheOrderAndItsJobRuns() {
        Orders orders = context.getBean(Orders.class);

        long id = orders.place("alice", "committed-order", false);

        assertThat(orders.count("committed-order")).isEqualTo(1);
        assertThat(client().awaitCompletion(id, JOB_TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aTransactionThatThrowsAfterQueueingLeavesNoRecordAndNoMessage() {
        Orders orders = context.getBean(Orders.class);
        JobQueue queue = context.getBean(JobQueue.class);
        AtomicInteger sends = new AtomicInteger();

        try (Registration listening = queue.addSendListener(name -> sends.incrementAndGet())) {
            assertThatThrownBy(() -> orders.place("alice", "rolled-back-order", true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed after its job was queued");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        long id = orders.lastJobId();
        assertThat(id).isPositive();
        assertThat(orders.count("rolled-back-order")).isZero();
        assertThat(client().repository().findJob(id)).isEmpty();
        assertThat(sends).hasValue(0);
    }

    @Test
    void usersReachTheDashboardThroughTheApplicationsLoginAndOnlyAdminsTheAdminView() throws Exception {
        long id = jobs(context).queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("dashboard"));
        client().awaitCompletion(id, JOB_TIMEOUT);

        assertThat(web.get("/jobs/api/me", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> alice = web.get("/jobs/api/me", "alice", "alice-pw");
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains("\"alice\"").contains("\"admin\":false");
        assertThat(web.get("/jobs/api/jobs", "alice", "alice-pw").body()).contains("\"id\":\"" + id + "\"");
        assertThat(web.get("/jobs/api/admin/jobs", "alice", "alice-pw").statusCode())
                .isEqualTo(403);

        HttpResponse<String> root = web.get("/jobs/api/me", "root", "root-pw");
        assertThat(root.body()).contains("\"admin\":true");
        HttpResponse<String> adminJobs = web.get("/jobs/api/admin/jobs?user=alice", "root", "root-pw");
        assertThat(adminJobs.statusCode()).isEqualTo(200);
        assertThat(adminJobs.body()).contains("\"id\":\"" + id + "\"");
    }

    @Test
    void theDashboardsOwnTokenProtectsItsPostsInsteadOfSpringSecuritysCsrfFilter() throws Exception {
        long id = jobs(context).queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("to clear"));
        client().awaitCompletion(id, JOB_TIMEOUT);
        String token =
                WebClient.field(web.get("/jobs/api/me", "alice", "alice-pw").body(), "csrfToken");

        HttpResponse<String> withoutToken =
                web.post("/jobs/api/jobs/" + id + "/clear", "alice", "alice-pw", null, "{}");
        HttpResponse<String> withToken = web.post("/jobs/api/jobs/" + id + "/clear", "alice", "alice-pw", token, "{}");

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).doesNotContain("\"cleared\"");
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(client().repository().findJob(id).orElseThrow().isCleared()).isTrue();
    }

    @Test
    void theActuatorShowsTheHealthChecksAndThePrometheusScrapeTheJobsCounters() throws Exception {
        long id = jobs(context).queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("metrics"));
        client().awaitCompletion(id, JOB_TIMEOUT);

        HttpResponse<String> health = web.get("/actuator/health", "root", "root-pw");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode indicator =
                new ObjectMapper().readTree(health.body()).path("components").path("backgroundJobs");
        assertThat(indicator.path("status").asText()).isEqualTo("UP");
        assertThat(indicator.path("details").path("worker").path("state").asText())
                .isEqualTo("RUNNING");
        assertThat(indicator
                        .path("details")
                        .path("queue:greetings")
                        .path("status")
                        .asText())
                .isEqualTo("UP");

        HttpResponse<String> scrape = web.get("/actuator/prometheus", "root", "root-pw");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("backgroundjobs_jobs_finished_total\\{[^}]*queue=\"greetings\"[^}]*\\} [1-9]")
                .contains("backgroundjobs_jobs_execution_seconds_count");
    }
}
