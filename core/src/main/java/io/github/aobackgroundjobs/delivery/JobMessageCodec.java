package io.github.aobackgroundjobs.delivery;

import io.github.aobackgroundjobs.internal.Text;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Turns a job id into queue message text and back. Only the id travels; the request stays in
 * the repository, so the queue's 64 KiB limit never bites.
 *
 * <p>On send: base64(UTF-8(JSON(id))), the .NET original's format and the Azure Functions
 * host's default. On receive, both that and the plain JSON text (what the Functions host hands
 * a {@code String} trigger after decoding) are accepted: a number or a quoted string for
 * {@link JobKeyType#LONG} keys, a quoted string for {@link JobKeyType#UUID} keys.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <K> the key type
 */
public final class JobMessageCodec<K> {

    /** Texts longer than this are rejected before any decoding. */
    public static final int MAX_TEXT_LENGTH = 512;

    private final JobKeyType<K> keyType;

    /**
     * @param keyType the key type
     */
    public JobMessageCodec(JobKeyType<K> keyType) {
        this.keyType = Objects.requireNonNull(keyType, "'keyType' cannot be null.");
    }

    /** @return the key type */
    public JobKeyType<K> keyType() {
        return keyType;
    }

    /**
     * Encodes an id as message text.
     *
     * @param id the id
     * @return base64(UTF-8(JSON(id)))
     * @throws NullPointerException if {@code id} is null
     */
    public String encode(K id) {
        return encodeJson(toJson(id));
    }

    /**
     * @param id the id
     * @return the id as JSON: a number, or a quoted UUID
     */
    public String toJson(K id) {
        Objects.requireNonNull(id, "'id' cannot be null.");
        return id instanceof Number ? id.toString() : "\"" + id + "\"";
    }

    /**
     * @param idJson an id as JSON
     * @return base64(UTF-8(idJson)): the message text a queue carries
     * @throws NullPointerException if {@code idJson} is null
     */
    public static String encodeJson(String idJson) {
        Objects.requireNonNull(idJson, "'idJson' cannot be null.");
        return Base64.getEncoder().encodeToString(idJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes message text into an id.
     *
     * @param text the message text: base64 of the JSON id, or the JSON id itself
     * @return the id
     * @throws MalformedJobMessageException saying what is wrong if it is neither
     */
    public K decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedJobMessageException("The message is empty; expected a job id.", null);
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MalformedJobMessageException(
                    "The message is " + text.length() + " characters long; a job id message is at most "
                            + MAX_TEXT_LENGTH + ".",
                    null);
        }
        String trimmed = text.trim();
        K plain = parseJson(trimmed);
        if (plain != null) {
            return plain;
        }
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(trimmed);
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new MalformedJobMessageException(
                    "The message is neither a JSON job id nor base64 of one: '" + Text.abbreviate(text) + "'.", e);
        }
        K id = parseJson(decoded.trim());
        if (id == null) {
            throw new MalformedJobMessageException(
                    "The message is base64, but its content is not a JSON "
                            + keyType.javaType().getSimpleName() + " job id: '" + Text.abbreviate(decoded) + "'.",
                    null);
        }
        return id;
    }

    private K parseJson(String json) {
        if (json.length() >= 2 && json.charAt(0) == '"' && json.charAt(json.length() - 1) == '"') {
            return tryParse(json.substring(1, json.length() - 1));
        }
        if (keyType == JobKeyType.LONG && !json.isEmpty() && isJsonInteger(json)) {
            return tryParse(json);
        }
        return null;
    }

    private static boolean isJsonInteger(String s) {
        // Ids come from a database identity or sequence: positive, no sign, no leading zero.
        if (s.charAt(0) == '0' && s.length() > 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private K tryParse(String value) {
        if (value.isEmpty() || !value.strip().equals(value) || value.startsWith("-") || value.startsWith("+")) {
            return null;
        }
        try {
            return keyType.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
