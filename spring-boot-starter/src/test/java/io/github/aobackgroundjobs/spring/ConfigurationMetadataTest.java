package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete {@code backgroundjobs.*} from: every property, described, with its default. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedWithItsDefault() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        for (String file : new String[] {
            "META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json"
        }) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                    properties.merge(property.path("name").asText(), property, (a, b) -> a);
                }
            }
        }

        assertThat(properties)
                .containsKeys(
                        "backgroundjobs.jdbc.migrate-schema",
                        "backgroundjobs.jdbc.table-name",
                        "backgroundjobs.jdbc.key-type",
                        "backgroundjobs.queue.type",
                        "backgroundjobs.queue.azure.connection-string",
                        "backgroundjobs.queue.azure.endpoint",
                        "backgroundjobs.worker.enabled",
                        "backgroundjobs.worker.concurrency",
                        "backgroundjobs.worker.shutdown-timeout",
                        "backgroundjobs.jobs",
                        "backgroundjobs.dashboard.path",
                        "backgroundjobs.dashboard.admin-role",
                        "backgroundjobs.dashboard.csrf-exempt");
        properties.forEach((name, property) -> {
            if (property.has("sourceType")) {
                assertThat(property.path("description").asText()).as(name).isNotBlank();
            }
        });
        assertThat(properties
                        .get("backgroundjobs.queue.type")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("memory");
        assertThat(properties
                        .get("backgroundjobs.jdbc.key-type")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("long");
        assertThat(properties
                        .get("backgroundjobs.dashboard.path")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("/jobs");
    }
}
