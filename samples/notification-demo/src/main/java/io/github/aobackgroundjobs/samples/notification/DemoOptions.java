package io.github.aobackgroundjobs.samples.notification;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's settings, from {@code --name=value} flags or environment variables
 * ({@code DEMO_NAME}); flags win.
 *
 * @param port HTTP port ({@code --port}, {@code DEMO_PORT}; default 8080, 0 picks a free one)
 * @param bind address to listen on ({@code --bind}, {@code DEMO_BIND}; default 127.0.0.1)
 * @param stepDelay time per job step ({@code --step-millis}, {@code DEMO_STEP_MILLIS}; default 500)
 * @param demoPassword the demo user's password ({@code --demo-password}, {@code DEMO_DEMO_PASSWORD}; default random)
 * @param adminPassword the admin's password ({@code --admin-password}, {@code DEMO_ADMIN_PASSWORD}; default random)
 */
record DemoOptions(int port, String bind, Duration stepDelay, String demoPassword, String adminPassword) {

    static DemoOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; use --name=value.");
            }
            flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int port = Integer.parseInt(value(flags, env, "port", "8080"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'port' must be between 0 and 65535.");
        }
        long step = Long.parseLong(value(flags, env, "step-millis", "500"));
        if (step < 0 || step > 60_000) {
            throw new IllegalArgumentException("'step-millis' must be between 0 and 60000.");
        }
        return new DemoOptions(port, value(flags, env, "bind", "127.0.0.1"), Duration.ofMillis(step),
                value(flags, env, "demo-password", randomPassword()), value(flags, env, "admin-password", randomPassword()));
    }

    private static String value(Map<String, String> flags, Map<String, String> env, String name, String dflt) {
        String flag = flags.get(name);
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get("DEMO_" + name.toUpperCase().replace('-', '_'));
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : dflt;
    }

    private static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
