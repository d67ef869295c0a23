package io.github.aobackgroundjobs.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The malformed messages the producer sends next to the jobs: none is a job id. */
final class ChaosMessages {

    private static final List<String> KINDS = List.of(
            "chaos: this is not a job id",
            b64("{\"id\":17}"),
            b64("\"not-a-number\""),
            b64("99999999999999999999999"),
            "%%%%",
            b64("[1,2,3]"),
            b64("1.5"));

    private ChaosMessages() {}

    /** @return {@code count} malformed texts, cycling through the kinds */
    static List<String> malformed(int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(KINDS.get(i % KINDS.size()));
        }
        return texts;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
