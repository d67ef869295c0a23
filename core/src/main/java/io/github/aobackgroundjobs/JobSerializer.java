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
     * Writes a value as JSON.
     *
     * @param value the value
     * @param field the name used in the error message (e.g. {@code "request"})
     * @return the JSON text
     * @throws IllegalArgumentException naming {@code field} if the value cannot be written
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
        return json;
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
     * @return the error, or empty if there is none or it is not readable
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
