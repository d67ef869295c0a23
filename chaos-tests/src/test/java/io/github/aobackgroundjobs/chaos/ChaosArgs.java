package io.github.aobackgroundjobs.chaos;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments of the chaos processes. */
final class ChaosArgs {

    private final Map<String, String> values;

    private ChaosArgs(Map<String, String> values) {
        this.values = values;
    }

    static ChaosArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("Expected key=value, not '" + arg + "'.");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new ChaosArgs(values);
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing argument '" + key + "'.");
        }
        return value;
    }

    long getLong(String key) {
        return Long.parseLong(get(key));
    }
}
