package io.github.aobackgroundjobs.dashboard.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import java.util.Map;

/** JSON responses. */
public final class Json {

    private Json() {}

    /**
     * @param mapper the mapper
     * @param value what to write
     * @return a 200 JSON response
     */
    public static DashboardResponse ok(ObjectMapper mapper, Object value) {
        return DashboardResponse.json(200, write(mapper, value));
    }

    /**
     * @param mapper the mapper
     * @param status the status
     * @param message the error message (never internals)
     * @return a JSON error response
     */
    public static DashboardResponse error(ObjectMapper mapper, int status, String message) {
        return DashboardResponse.json(status, write(mapper, Map.of("error", message == null ? "Error." : message)));
    }

    /**
     * @param mapper the mapper
     * @param value what to write
     * @return the JSON text
     */
    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON.", e);
        }
    }

    /**
     * Reads a request body as JSON, through {@link DashboardRequest#jsonBody()}.
     *
     * @param mapper unused; kept so callers read alike
     * @param request the request
     * @return the body's tree; a missing node if the body is empty
     * @throws IllegalArgumentException if the body is not JSON (answered 400, like any bad argument)
     */
    public static JsonNode readBody(ObjectMapper mapper, DashboardRequest request) {
        return request.jsonBody();
    }
}
