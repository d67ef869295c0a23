package io.github.aobackgroundjobs.dashboard.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one place request bodies become JSON: strict UTF-8, bounded nesting, no trailing data.
 * Every failure is an {@link IllegalArgumentException} whose message names what was wrong
 * (the dashboard answers it 400) and never quotes the body. Thread-safe.
 */
public final class JsonBodies {

    /** Deepest nesting of arrays and objects a body may have. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Longest number (digits, sign, point and exponent) a body may hold. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /** Longest property name a body may hold. */
    public static final int MAX_NAME_LENGTH = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"a":30,"a":0} would be read as 0 while a proxy or a log reading the first saw 30.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBodies() {}

    /**
     * @param body the request body bytes
     * @return the body's tree; a missing node if the body is empty
     * @throws IllegalArgumentException naming the problem: not UTF-8, not JSON (with line and
     *     column), a property given twice in one object, nested too deep, or a number or property
     *     name too long
     */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        String text = decode(body);
        if (text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException(limitMessage(e), e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            // The parser's own message quotes the input: only the position goes out.
            boolean duplicate = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
            throw new IllegalArgumentException(
                    (duplicate ? "The body has a property twice in one object" : "The body is not valid JSON")
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                            + ".",
                    e);
        }
    }

    private static String limitMessage(StreamConstraintsException e) {
        // Jackson names the limit in its message and quotes no input; which limit decides ours.
        String reason = String.valueOf(e.getOriginalMessage());
        if (reason.startsWith("Document nesting depth")) {
            return "The body is nested deeper than " + MAX_NESTING_DEPTH + " levels of arrays and objects.";
        }
        if (reason.startsWith("Number value length")) {
            return "The body has a number longer than " + MAX_NUMBER_LENGTH + " characters.";
        }
        if (reason.startsWith("Name length")) {
            return "The body has a property name longer than " + MAX_NAME_LENGTH + " characters.";
        }
        return "The body is beyond a JSON parsing limit.";
    }

    private static String decode(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The body is not valid UTF-8 (at byte " + in.position() + ").", e);
        }
    }
}
