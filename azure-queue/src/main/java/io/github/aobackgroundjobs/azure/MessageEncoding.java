package io.github.aobackgroundjobs.azure;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How the Functions host turns queue message text into the {@code String} a trigger gets:
 * host.json's {@code extensions.queues.messageEncoding}. The adapter needs it to write the
 * queue text back unchanged (to the poison queue) and to send fresh messages the host can read.
 */
public enum MessageEncoding {
    /** The host's default: the queue holds base64 of the UTF-8 text. */
    BASE64,
    /** {@code "messageEncoding": "none"}: the queue holds the text itself. */
    NONE;

    /**
     * The queue text whose decoding is {@code text}.
     *
     * @param text what the trigger received
     * @return what the queue holds
     * @throws NullPointerException if {@code text} is null
     */
    public String toQueueText(String text) {
        Objects.requireNonNull(text, "'text' cannot be null.");
        return this == BASE64 ? Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) : text;
    }
}
