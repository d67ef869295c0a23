package io.github.aobackgroundjobs.samples.zipbuilder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What {@code azure-functions-maven-plugin} packaged (run after the package phase): the
 * function.json files bind the right queues, timer and connection setting, and the app's
 * host.json is staged with them.
 */
class FunctionJsonIT {

    private final Path staging =
            Path.of(System.getProperty("functions.staging", "target/azure-functions/zip-builder-function"));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theQueueTriggerBindsTheZipBuilderQueueOnTheStorageConnection() throws Exception {
        JsonNode trigger = binding("ZipBuilder");
        assertThat(trigger.path("type").asText()).isEqualTo("queueTrigger");
        assertThat(trigger.path("direction").asText()).isEqualTo("in");
        assertThat(trigger.path("queueName").asText()).isEqualTo("zip-builder");
        assertThat(trigger.path("connection").asText()).isEqualTo("AzureWebJobsStorage");
        assertThat(trigger.path("name").asText()).isEqualTo("message");
        assertThat(function("ZipBuilder").path("entryPoint").asText())
                .isEqualTo(ZipBuilderFunctions.class.getName() + ".build");
    }

    @Test
    void thePoisonHandlerBindsThePoisonQueue() throws Exception {
        JsonNode trigger = binding("ZipBuilderPoison");
        assertThat(trigger.path("type").asText()).isEqualTo("queueTrigger");
        assertThat(trigger.path("queueName").asText()).isEqualTo("zip-builder-poison");
        assertThat(trigger.path("connection").asText()).isEqualTo("AzureWebJobsStorage");
    }

    @Test
    void theRecoveryTimerRunsEveryFiveMinutes() throws Exception {
        JsonNode trigger = binding("RecoverJobs");
        assertThat(trigger.path("type").asText()).isEqualTo("timerTrigger");
        assertThat(trigger.path("schedule").asText()).isEqualTo("0 */5 * * * *");
    }

    @Test
    void hostJsonIsStagedWithTheQueueSettings() throws Exception {
        JsonNode queues = json.readTree(staging.resolve("host.json").toFile())
                .path("extensions")
                .path("queues");
        assertThat(queues.path("maxDequeueCount").asInt()).isEqualTo(5);
        assertThat(queues.path("messageEncoding").asText()).isEqualTo("base64");
    }

    private JsonNode function(String name) throws Exception {
        Path file = staging.resolve(name).resolve("function.json");
        assertThat(file).exists();
        return json.readTree(Files.readString(file));
    }

    private JsonNode binding(String name) throws Exception {
        JsonNode bindings = function(name).path("bindings");
        assertThat(bindings.size()).isEqualTo(1);
        return bindings.get(0);
    }
}
