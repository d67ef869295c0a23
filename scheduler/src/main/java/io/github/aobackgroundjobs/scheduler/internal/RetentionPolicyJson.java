package io.github.aobackgroundjobs.scheduler.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The retention policy as its stored definition carries it, so that a process which does not
 * declare (a web front end) shows the settings the declaring workers run with. Durations are
 * ISO-8601 text.
 */
public final class RetentionPolicyJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RetentionPolicyJson() {}

    /**
     * @param policy an enabled policy
     * @return its JSON
     */
    public static String write(RetentionPolicy policy) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode ages = root.putObject("ages");
        policy.ages().forEach((status, age) -> ages.put(status.name(), age.toString()));
        root.put("clearedAge", policy.clearedAge().toString());
        root.put("fireRecordAge", policy.fireRecordAge().toString());
        root.put("interval", policy.interval().toString());
        root.put("batchSize", policy.batchSize());
        root.put("pause", policy.pause().toString());
        root.put("maxBatchesPerRun", policy.maxBatchesPerRun());
        return root.toString();
    }

    /**
     * @param json what {@link #write} made, or anything else (a definition stored before the policy
     *     was, or edited by hand)
     * @return the policy, or empty if the text is not a whole policy
     */
    public static Optional<RetentionPolicy> read(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(json);
            RetentionPolicy.Builder b = RetentionPolicy.builder();
            JsonNode ages = root.required("ages");
            for (JobStatus status : JobStatus.values()) {
                if (ages.has(status.name())) {
                    b.age(status, Duration.parse(ages.get(status.name()).asText()));
                }
            }
            return Optional.of(b.clearedAge(duration(root, "clearedAge"))
                    .fireRecordAge(duration(root, "fireRecordAge"))
                    .interval(duration(root, "interval"))
                    .batchSize(root.required("batchSize").asInt())
                    .pause(duration(root, "pause"))
                    .maxBatchesPerRun(root.required("maxBatchesPerRun").asInt())
                    .build());
        } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Duration duration(JsonNode root, String field) {
        return Duration.parse(root.required(field).asText());
    }
}
