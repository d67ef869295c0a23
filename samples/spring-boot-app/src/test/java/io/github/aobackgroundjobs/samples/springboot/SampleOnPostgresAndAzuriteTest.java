package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spring.SpringQueueJobClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sample switched by properties alone to a real PostgreSQL (embedded) and a queue on Azurite,
 * as docs/spring-boot.md shows: an order and its report job commit together and the job runs.
 */
class SampleOnPostgresAndAzuriteTest {

    private static EmbeddedPostgres postgres;
    private static Azurite azurite;
    private static ConfigurableApplicationContext application;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        azurite = Azurite.builder().services(Azurite.Service.QUEUE).build();
        application = new SpringApplicationBuilder(SampleApplication.class)
                // Command-line arguments: they win over the sample's application.properties.
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--backgroundjobs.queue.type=azure",
                        "--backgroundjobs.queue.azure.connection-string=" + azurite.connectionString(),
                        "--sample.report-step=50ms");
    }

    @AfterAll
    static void stop() throws Exception {
        if (application != null) {
            application.close();
        }
        if (azurite != null) {
            azurite.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anOrderAndItsJobCommitTogetherAndTheJobRuns() throws Exception {
        assertThat(application.getBean(JobQueue.class)).isInstanceOf(AzureStorageJobQueue.class);
        Orders.Placed placed = application.getBean(Orders.class).place("demo", "Kettle");

        @SuppressWarnings("unchecked")
        SpringQueueJobClient<Long> jobs = application.getBean(SpringQueueJobClient.class);
        assertThat(jobs.client()
                        .awaitCompletion(placed.jobId(), Duration.ofSeconds(30))
                        .getStatus())
                .isEqualTo(JobStatus.SUCCEEDED);
        Integer orders = application
                .getBean(JdbcTemplate.class)
                .queryForObject("SELECT COUNT(*) FROM shop_orders WHERE id = ?", Integer.class, placed.orderId());
        assertThat(orders).isEqualTo(1);

        int port = ((WebServerApplicationContext) application).getWebServer().getPort();
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("PostgreSQL");
        // The details are for admins signed in (SampleBrowserTest signs in); here the indicator itself.
        Health indicator = application
                .getBean("backgroundJobsHealthIndicator", HealthIndicator.class)
                .health(true);
        assertThat(indicator.getStatus().getCode()).isEqualTo("UP");
        assertThat(indicator.getDetails()).containsKeys("worker", "store", "repository", "queue:order-reports");
    }
}
