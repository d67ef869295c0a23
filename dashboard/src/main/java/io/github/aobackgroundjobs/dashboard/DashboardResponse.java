package io.github.aobackgroundjobs.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the dashboard answers, independent of any server: a status, headers and either a body
 * or an {@link EventStream} the adapter opens after sending the headers.
 *
 * <p>Immutable apart from {@link #withHeader}, which returns a copy; thread-safe.
 */
public final class DashboardResponse {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final EventStream stream;

    private DashboardResponse(int status, Map<String, String> headers, byte[] body, EventStream stream) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body;
        this.stream = stream;
    }

    /**
     * A response with a body.
     *
     * @param status the HTTP status, 200 to 599
     * @param contentType the content type, or null for none
     * @param body the body
     * @return the response
     * @throws NullPointerException if the body is null
     * @throws IllegalArgumentException if the status is not 200 to 599
     */
    public static DashboardResponse of(int status, String contentType, byte[] body) {
        // Nothing else is a final answer: the JDK server would send a status line clients refuse.
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("'status' must be 200 to 599, not " + status + ".");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new DashboardResponse(status, headers, Objects.requireNonNull(body, "'body' cannot be null."), null);
    }

    /**
     * A JSON response.
     *
     * @param status the HTTP status, 200 to 599
     * @param json the JSON text
     * @return the response
     * @throws NullPointerException if the text is null
     * @throws IllegalArgumentException if the status is not 200 to 599
     */
    public static DashboardResponse json(int status, String json) {
        Objects.requireNonNull(json, "'json' cannot be null.");
        return of(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A plain text response.
     *
     * @param status the HTTP status, 200 to 599
     * @param text the text
     * @return the response
     * @throws NullPointerException if the text is null
     * @throws IllegalArgumentException if the status is not 200 to 599
     */
    public static DashboardResponse text(int status, String text) {
        Objects.requireNonNull(text, "'text' cannot be null.");
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A redirect (303 See Other).
     *
     * @param location the target, relative or absolute
     * @return the response
     * @throws NullPointerException if the location is null
     */
    public static DashboardResponse redirect(String location) {
        Objects.requireNonNull(location, "'location' cannot be null.");
        return of(303, null, new byte[0]).withHeader("Location", location);
    }

    /**
     * A server-sent-events response: the adapter sends the headers, then calls
     * {@link EventStream#start} with a sink writing to the connection.
     *
     * @param stream what produces the events
     * @return the response
     */
    public static DashboardResponse eventStream(EventStream stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("X-Accel-Buffering", "no");
        return new DashboardResponse(
                200, headers, new byte[0], Objects.requireNonNull(stream, "'stream' cannot be null."));
    }

    /**
     * A copy with one more header, replacing one of the same name in any case (header names are
     * case-insensitive: {@code content-type} replaces {@code Content-Type}).
     *
     * @param name the header name
     * @param value its value
     * @return the new response
     * @throws NullPointerException if the name or the value is null
     */
    public DashboardResponse withHeader(String name, String value) {
        Objects.requireNonNull(name, "'name' cannot be null.");
        Objects.requireNonNull(value, "'value' cannot be null.");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        // Adapters set headers one by one, so two spellings of one name would both reach them.
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        copy.put(name, value);
        return new DashboardResponse(status, copy, body, stream);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the headers, in order */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the body (empty for an event stream) */
    public byte[] body() {
        return body;
    }

    /** @return the event stream, or null for an ordinary response */
    public EventStream eventStream() {
        return stream;
    }
}
