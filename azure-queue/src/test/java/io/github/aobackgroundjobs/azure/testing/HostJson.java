package io.github.aobackgroundjobs.azure.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The queue settings of a Functions app's {@code host.json} ({@code extensions.queues}), with
 * the host's defaults for what is not set.
 *
 * @param batchSize messages received per poll (default 16)
 * @param maxDequeueCount deliveries before a failing message goes to the poison queue (default 5)
 * @param visibilityTimeout how long a failed message stays hidden before its next delivery
 *     (default zero)
 * @param maxPollingInterval longest wait between polls of an empty queue (default 1 minute)
 * @param base64 whether message text is base64-decoded before the function sees it
 *     ({@code messageEncoding}, default {@code base64})
 */
public record HostJson(
        int batchSize, int maxDequeueCount, Duration visibilityTimeout, Duration maxPollingInterval, boolean base64) {

    /** The host's defaults. */
    public static final HostJson DEFAULTS = new HostJson(16, 5, Duration.ZERO, Duration.ofMinutes(1), true);

    /**
     * Reads a host.json.
     *
     * @param file the file
     * @return its queue settings
     */
    public static HostJson read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        JsonNode queues = root.path("extensions").path("queues");
        return new HostJson(
                queues.path("batchSize").asInt(DEFAULTS.batchSize),
                queues.path("maxDequeueCount").asInt(DEFAULTS.maxDequeueCount),
                queues.has("visibilityTimeout")
                        ? timeSpan(queues.get("visibilityTimeout").asText())
                        : DEFAULTS.visibilityTimeout,
                queues.has("maxPollingInterval")
                        ? timeSpan(queues.get("maxPollingInterval").asText())
                        : DEFAULTS.maxPollingInterval,
                !queues.has("messageEncoding")
                        || queues.get("messageEncoding")
                                .asText()
                                .toLowerCase(Locale.ROOT)
                                .equals("base64"));
    }

    /**
     * Parses a .NET TimeSpan as host.json writes it: {@code hh:mm:ss}, {@code hh:mm:ss.fff} or
     * {@code d.hh:mm:ss}.
     *
     * @param text the text
     * @return the duration
     */
    static Duration timeSpan(String text) {
        String[] dayAndRest = text.split("\\.", 2);
        long days = 0;
        String rest = text;
        if (dayAndRest.length == 2 && !dayAndRest[0].contains(":")) {
            days = Long.parseLong(dayAndRest[0]);
            rest = dayAndRest[1];
        }
        String[] parts = rest.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a TimeSpan: '" + text + "'");
        }
        double seconds = Double.parseDouble(parts[2]);
        return Duration.ofDays(days)
                .plusHours(Long.parseLong(parts[0]))
                .plusMinutes(Long.parseLong(parts[1]))
                .plusMillis(Math.round(seconds * 1000));
    }
}
