package io.github.aobackgroundjobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place JSON is written and read: requests, results and error data. Wraps one
 * configurable Jackson {@link ObjectMapper}.
 *
 * <p>The default mapper writes {@code java.time} values as ISO-8601 text and is strict when
 * reading: unknown properties and nulls for primitives are errors, so a request that does not
 * fit its class is rejected instead of running with missing fields.
 *
 * <p>Thread-safe as long as the mapper is not reconfigured after construction.
 */
public final class JobSerializer {

    private static final JobSerializer DEFAULT = new JobSerializer(defaultObjectMapper());

    private final ObjectMapper mapper;

    private JobSerializer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return the shared serializer built on {@link #defaultObjectMapper()} */
    public static JobSerializer defaults() {
        return DEFAULT;
    }

    /**
     * Wraps a mapper of the caller's (register the {@code JavaTimeModule} on it for java.time).
     *
     * @param mapper the mapper; must not be reconfigured afterwards
     * @return the serializer
     */
    public static JobSerializer of(ObjectMapper mapper) {
        return new JobSerializer(Objects.requireNonNull(mapper, "'mapper' cannot be null."));
    }

    /** @return a new mapper configured as this library's default */
    public static ObjectMapper defaultObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @return the underlying mapper */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Writes a value as JSON. Half of a surrogate pair in a string value is written as a
     * {@code \\u} escape (six ASCII characters), so every database stores the text alike and
     * reading it gives back the same characters; everything else is as the mapper writes it. Half
     * a pair in a property name (a map's key) is refused: no JSON reader of Jackson's takes it.
     *
     * @param value the value
     * @param field the name used in the error message (e.g. {@code "request"})
     * @return the JSON text
     * @throws IllegalArgumentException naming {@code field} if the value cannot be written, or
     *     only as JSON that cannot be read back
     */
    public String toJson(Object value, String field) {
        String json;
        try {
            json = mapper.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("'" + field + "' cannot be serialized to JSON: " + describe(e), e);
        }
        if ("{}".equals(json) && value != null) {
            requireVisibleState(value, field);
        }
        String stored = escapeUnpairedSurrogates(json);
        if (stored != json) {
            requireReadable(stored, field);
        }
        return stored;
    }

    /**
     * Half of a surrogate pair in a property name (a map's key) cannot be read back by Jackson,
     * escaped or not: refused here rather than stored as a job that can never read its input.
     */
    private void requireReadable(String json, String field) {
        try {
            mapper.readTree(json);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "'" + field + "' cannot be serialized to JSON that reads back: " + describe(e), e);
        }
    }

    /**
     * The JSON text with each unpaired surrogate written as a {@code \\uXXXX} escape. A string
     * value may hold half of a surrogate pair (a text cut in the middle of an emoji); Jackson writes
     * it as it is, and a UTF-8 database (PostgreSQL) then stores {@code ?} in its place, so the job
     * would read another value than the one queued. The escape is ASCII, stored alike everywhere,
     * and read back by Jackson as the same character. Such a character can only stand inside a JSON
     * string, where the escape is valid.
     */
    static String escapeUnpairedSurrogates(String json) {
        int first = firstUnpairedSurrogate(json, 0);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        int from = 0;
        for (int at = first; at >= 0; at = firstUnpairedSurrogate(json, at + 1)) {
            out.append(json, from, at).append(String.format("\\u%04x", (int) json.charAt(at)));
            from = at + 1;
        }
        return out.append(json, from, json.length()).toString();
    }

    private static int firstUnpairedSurrogate(String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * A value whose class has fields but came out as {@code {}}: Jackson saw none of them
     * (private fields without getters), and the job would run with empty input. Checked here,
     * whatever the mapper's {@code FAIL_ON_EMPTY_BEANS} says; a class without fields
     * ({@code record Ping()}), an empty map and an empty JSON object stay valid. Only the value
     * itself is checked: an object nested in it that Jackson sees no fields of is written as
     * {@code {}}.
     */
    private static void requireVisibleState(Object value, String field) {
        if (value instanceof Map || value instanceof Collection || value instanceof JsonNode) {
            return;
        }
        List<String> fields = new ArrayList<>();
        for (Class<?> c = value.getClass(); c != null && !isLibraryType(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    fields.add(f.getName());
                }
            }
        }
        if (!fields.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + field + "' of type " + value.getClass().getName()
                            + " serializes to {} although it has fields " + fields
                            + ": Jackson sees none of them. Give it getters, make the fields public, make it a record,"
                            + " or annotate the fields with @JsonProperty.");
        }
    }

    private static boolean isLibraryType(Class<?> c) {
        String name = c.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("com.fasterxml.jackson.");
    }

    /**
     * Reads JSON into a value.
     *
     * @param json the JSON text
     * @param type the class to read into
     * @param field the name used in the error message
     * @param <T> the value type
     * @return the value
     * @throws IllegalArgumentException naming {@code field} if the JSON does not fit the class
     */
    public <T> T fromJson(String json, Class<T> type, String field) {
        if (json == null) {
            throw new IllegalArgumentException("'" + field + "' is missing.");
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "'" + field + "' does not fit " + type.getName() + ": " + describe(e), e);
        }
    }

    /**
     * A job's request, typed.
     *
     * @param job the record
     * @param type the request class
     * @param <T> the request type
     * @return the request
     * @throws IllegalArgumentException if the request data does not fit the class
     */
    public <T> T readRequest(BackgroundJobInfo<?> job, Class<T> type) {
        return fromJson(job.getRequestData(), type, "requestData");
    }

    /**
     * A job's result, typed: present once the job SUCCEEDED.
     *
     * @param job the record
     * @param type the result class
     * @param <T> the result type
     * @return the result, or empty if there is none
     * @throws IllegalArgumentException if the result data does not fit the class
     */
    public <T> Optional<T> readResult(BackgroundJobInfo<?> job, Class<T> type) {
        if (job.getResultData() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(fromJson(job.getResultData(), type, "resultData"));
    }

    /**
     * A job's last error.
     *
     * @param job the record
     * @return the error; empty if there is none; for error data that is not an {@link ErrorInfo}'s
     *     JSON (written by an older version or by hand), a reason ({@link ErrorInfo#reason}) whose
     *     message is that data and whose context is {@code unreadable}, so that it is still shown
     */
    public Optional<ErrorInfo> readError(BackgroundJobInfo<?> job) {
        if (job.getExceptionData() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(job.getExceptionData(), ErrorInfo.class));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.of(ErrorInfo.reason(job.getExceptionData(), "unreadable", 0));
        }
    }

    /**
     * Writes an error description as JSON.
     *
     * @param error the error
     * @return the JSON text
     */
    public String errorJson(ErrorInfo error) {
        return toJson(error, "exceptionData");
    }

    private static String describe(Exception e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : String.valueOf(e.getMessage());
    }
}
