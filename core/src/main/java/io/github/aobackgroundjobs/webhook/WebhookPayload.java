package io.github.aobackgroundjobs.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aobackgroundjobs.JobStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The body of a webhook request: which job changed, to what, and when. See
 * {@link WebhookSignatures} for the whole wire format.
 *
 * @param id the job's id as text
 * @param status its new state
 * @param requestType its request type, or null if unknown to the sender
 * @param queueName its queue, or null if unknown to the sender
 * @param at when the change was reported
 */
public record WebhookPayload(String id, JobStatus status, String requestType, String queueName, Instant at) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Largest body {@link #parse} reads. */
    public static final int MAX_BODY_LENGTH = 8 * 1024;

    /**
     * Validates the arguments.
     *
     * @throws NullPointerException if {@code id}, {@code status} or {@code at} is null (the message
     *     names it)
     * @param id see {@link #id()}
     * @param status see {@link #status()}
     * @param requestType see {@link #requestType()}
     * @param queueName see {@link #queueName()}
     * @param at see {@link #at()}
     */
    public WebhookPayload {
        Objects.requireNonNull(id, "'id' cannot be null.");
        Objects.requireNonNull(status, "'status' cannot be null.");
        Objects.requireNonNull(at, "'at' cannot be null.");
    }

    /**
     * Writes the body.
     *
     * @return the JSON bytes (UTF-8)
     */
    public byte[] toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", id);
        node.put("status", status.name());
        node.put("requestType", requestType);
        node.put("queueName", queueName);
        node.put("at", at.toString());
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree of strings could not be written", e);
        }
    }

    /**
     * Reads a body. Verify the request with {@link WebhookVerifier} first.
     *
     * @param body the body bytes
     * @return the payload
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalArgumentException if the body is not a payload (says what is wrong)
     */
    public static WebhookPayload parse(byte[] body) {
        Objects.requireNonNull(body, "'body' cannot be null.");
        if (body.length > MAX_BODY_LENGTH) {
            throw new IllegalArgumentException(
                    "'body' is " + body.length + " bytes long; at most " + MAX_BODY_LENGTH + " are read.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("'body' is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'body' is not a JSON object.");
        }
        String id = requiredText(node, "id");
        String status = requiredText(node, "status");
        String at = requiredText(node, "at");
        try {
            return new WebhookPayload(
                    id,
                    JobStatus.valueOf(status),
                    optionalText(node, "requestType"),
                    optionalText(node, "queueName"),
                    Instant.parse(at));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'at' is not an ISO-8601 instant: '" + at + "'.", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'status' is not a JobStatus: '" + status + "'.", e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not text.");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
