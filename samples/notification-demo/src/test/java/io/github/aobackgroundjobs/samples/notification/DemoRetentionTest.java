package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RetentionReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo purges finished jobs an hour after they finished (cleared ones after ten minutes):
 * without it, the job records grew for as long as anyone (or a script) queued jobs. The admin
 * view shows the retention.
 */
class DemoRetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void finishedJobsOlderThanTheAgesArePurgedAndTheRestKept() throws SQLException {
        Clock clock = Clock.systemUTC();
        DemoDatabase database = DemoDatabase.open("jdbc:h2:mem:demo-retention;DB_CLOSE_DELAY=-1", "", "");
        try {
            JdbiJobRepository<Long> repository = database.repository();
            Instant now = clock.instant();
            Long old = finished(database, JobStatus.SUCCEEDED, now.minus(Duration.ofMinutes(61)), false);
            Long oldFailed = finished(database, JobStatus.FAILED, now.minus(Duration.ofMinutes(61)), false);
            Long recent = finished(database, JobStatus.SUCCEEDED, now.minus(Duration.ofMinutes(50)), false);
            Long clearedOld = finished(database, JobStatus.SUCCEEDED, now.minus(Duration.ofMinutes(11)), true);
            Long clearedRecent = finished(database, JobStatus.SUCCEEDED, now.minus(Duration.ofMinutes(9)), true);
            Long pending = repository
                    .insert(record(JobStatus.PENDING, now.minus(Duration.ofDays(2))))
                    .getId();

            RetentionReport report = DemoRetention.purging(database, new InMemoryJobQueue(clock), clock)
                    .runRetentionNow();

            assertThat(report.deletedJobs()).isEqualTo(3);
            assertThat(repository.findJob(old)).isEmpty();
            assertThat(repository.findJob(oldFailed)).isEmpty();
            assertThat(repository.findJob(clearedOld)).isEmpty();
            assertThat(repository.findJob(recent)).isPresent();
            assertThat(repository.findJob(clearedRecent)).isPresent();
            assertThat(repository.findJob(pending)).isPresent();
        } finally {
            database.close();
        }
    }

    @Test
    void theAdminViewShowsTheRetention() throws Exception {
        NotificationDemo demo = TestDemos.start("demo-retention-view", 20);
        try {
            URI base = URI.create("http://127.0.0.1:" + demo.port() + "/");
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(base.resolve("api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                    Map.of("user", "admin", "password", TestDemos.ADMIN_PASSWORD))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            HttpResponse<String> recurring = http.send(
                    HttpRequest.newBuilder(base.resolve("api/admin/recurring"))
                            .header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(recurring.statusCode()).as(recurring.body()).isEqualTo(200);
            JsonNode retention = JSON.readTree(recurring.body()).path("retention");
            assertThat(retention.path("enabled").asBoolean())
                    .as(recurring.body())
                    .isTrue();
            for (String status : new String[] {"SUCCEEDED", "FAILED", "CANCELLED", "ABORTED"}) {
                assertThat(retention.path("ages").path(status).asText())
                        .as(status)
                        .isEqualTo("PT1H");
            }
            assertThat(retention.path("clearedAge").asText()).isEqualTo("PT10M");
            assertThat(retention.path("interval").asText()).isEqualTo("PT5M");
        } finally {
            demo.close();
        }
    }

    /** A job queued, then marked finished in the table as a worker would have left it. */
    private static Long finished(DemoDatabase database, JobStatus status, Instant completed, boolean cleared)
            throws SQLException {
        Long id = database.repository()
                .insert(record(JobStatus.PENDING, completed.minusSeconds(5)))
                .getId();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE background_jobs SET status = ?, started = ?,"
                        + " completed = ?, updated_at = ?, cleared = ? WHERE id = ?")) {
            update.setInt(1, status.code());
            update.setObject(2, completed.minusSeconds(4).atOffset(ZoneOffset.UTC));
            update.setObject(3, completed.atOffset(ZoneOffset.UTC));
            update.setObject(4, completed.atOffset(ZoneOffset.UTC));
            update.setBoolean(5, cleared);
            update.setLong(6, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    private static BackgroundJobInfo<Long> record(JobStatus status, Instant created) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("demo");
        job.setRequestType("ReportRequest");
        job.setRequestData("{}");
        job.setQueueName(DemoJobs.REPORTS);
        job.setStatus(status);
        job.setCreated(created);
        job.setUpdatedAt(created);
        return job;
    }
}
