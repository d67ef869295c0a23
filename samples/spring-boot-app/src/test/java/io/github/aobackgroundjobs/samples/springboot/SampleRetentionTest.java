package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample keeps its job records for a day (a week for failed ones, an hour once cleared), not
 * for ever: the starter's retention with the sample's ages, shown in the admin view.
 */
class SampleRetentionTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("sample-retention", true);

    @Test
    void theAdminViewShowsTheSamplesRetention() throws Exception {
        HttpClient http = SampleHttp.signIn(SAMPLE.base(), "admin", "admin-password");
        HttpResponse<String> recurring = http.send(
                HttpRequest.newBuilder(URI.create(SAMPLE.base() + "/jobs/api/admin/recurring"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(recurring.statusCode()).as(recurring.body()).isEqualTo(200);
        JsonNode retention = new ObjectMapper().readTree(recurring.body()).path("retention");
        assertThat(retention.path("enabled").asBoolean()).as(recurring.body()).isTrue();
        assertThat(retention.path("ages").path("SUCCEEDED").asText()).isEqualTo("PT24H");
        assertThat(retention.path("ages").path("FAILED").asText()).isEqualTo("PT168H");
        assertThat(retention.path("ages").path("ABORTED").asText()).isEqualTo("PT168H");
        assertThat(retention.path("ages").path("CANCELLED").asText()).isEqualTo("PT168H");
        assertThat(retention.path("clearedAge").asText()).isEqualTo("PT1H");
        RecurringScheduler<?> scheduler = SAMPLE.application().getBean(RecurringScheduler.class);
        assertThat(scheduler.find("backgroundjobs.retention").orElseThrow().declared())
                .isTrue();
    }
}
