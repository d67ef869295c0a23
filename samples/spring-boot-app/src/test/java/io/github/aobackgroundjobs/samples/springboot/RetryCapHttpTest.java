package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
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
 * The cap of unfinished reports holds for the bell's Retry too: without it a customer cancelled
 * reports, ordered again, then retried the cancelled ones, and had as many queued as they liked.
 */
class RetryCapHttpTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("retry-cap");

    private static final Pattern FIELD = Pattern.compile("\"(csrfHeader|csrfToken|jobId)\":\"?([^\",}]+)");

    @Test
    void retryingACancelledReportAtTheCapIsRefused429() throws Exception {
        HttpClient http = signIn("demo", "demo-password");
        String session = send(http, get("/api/session")).body();
        String springHeader = field(session, "csrfHeader");
        String springToken = field(session, "csrfToken");
        String dashboardToken = field(send(http, get("/jobs/api/me")).body(), "csrfToken");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < OrderLimit.MAX_UNFINISHED_PER_CUSTOMER; i++) {
            HttpResponse<String> placed = send(http, order(springHeader, springToken, "Kettle " + i));
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
            jobs.add(field(placed.body(), "jobId"));
        }
        HttpResponse<String> cancelled =
                send(http, dashboardPost("/jobs/api/jobs/" + jobs.get(0) + "/cancel", dashboardToken));
        assertThat(cancelled.body()).isEqualTo("{\"result\":\"CANCELLED\"}");
        assertThat(send(http, order(springHeader, springToken, "one more")).statusCode())
                .isEqualTo(200);

        HttpResponse<String> retried =
                send(http, dashboardPost("/jobs/api/jobs/" + jobs.get(0) + "/retry", dashboardToken));

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(429);
        // Named by the customer whose cap it is: the one retrying may be an admin.
        assertThat(retried.body())
                .contains("Customer 'demo' has 20 reports queued or running; the shop takes at most 20 per customer");
        assertThat(unfinished("demo")).isEqualTo(OrderLimit.MAX_UNFINISHED_PER_CUSTOMER);
        // Below the cap the retry goes through.
        assertThat(send(http, dashboardPost("/jobs/api/jobs/" + jobs.get(1) + "/cancel", dashboardToken))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(http, dashboardPost("/jobs/api/jobs/" + jobs.get(0) + "/retry", dashboardToken))
                        .body())
                .isEqualTo("{\"requeued\":true}");
        assertThat(unfinished("demo")).isEqualTo(OrderLimit.MAX_UNFINISHED_PER_CUSTOMER);
    }

    private static long unfinished(String customer) {
        @SuppressWarnings("unchecked")
        JobQueryRepository<Long> jobs = SAMPLE.application().getBean(JobQueryRepository.class);
        return jobs.findJobs(JobQuery.builder()
                        .userName(customer)
                        .statuses(JobStatus.PENDING, JobStatus.RUNNING)
                        .pageSize(1)
                        .build())
                .total();
    }

    private static HttpClient signIn(String user, String password) throws Exception {
        return SampleHttp.signIn(SAMPLE.base(), user, password);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(SAMPLE.base() + path)).build();
    }

    private static HttpRequest order(String csrfHeader, String csrfToken, String item) {
        return HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/api/orders"))
                .header("Content-Type", "application/json")
                .header(csrfHeader, csrfToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"" + item + "\"}"))
                .build();
    }

    private static HttpRequest dashboardPost(String path, String token) {
        return HttpRequest.newBuilder(URI.create(SAMPLE.base() + path))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no " + name + " in " + json);
    }
}
