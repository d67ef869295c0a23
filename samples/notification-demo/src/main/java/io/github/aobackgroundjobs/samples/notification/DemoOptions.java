package io.github.aobackgroundjobs.samples.notification;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's settings, from {@code --name=value} flags or {@code DEMO_NAME} environment
 * variables (flags win).
 *
 * @param port HTTP port ({@code --port}; default 8080, 0 picks a free one)
 * @param bind address to listen on ({@code --bind}; default 127.0.0.1)
 * @param stepDelay time per job step ({@code --step-millis}; default 500)
 * @param demoPassword the demo user's password ({@code --demo-password}; default random)
 * @param adminPassword the admin's password ({@code --admin-password}; default random)
 * @param db JDBC URL of the job records ({@code --db}; default an H2 file under {@code target/})
 * @param dbUser database user ({@code --db-user})
 * @param dbPassword database password ({@code --db-password})
 * @param queue {@code memory} or an Azure Storage connection string, e.g. Azurite's ({@code --queue})
 * @param worker {@code in-process} or {@code separate}: a worker JVM posting signed webhooks ({@code --worker})
 */
record DemoOptions(
        int port,
        String bind,
        Duration stepDelay,
        String demoPassword,
        String adminPassword,
        String db,
        String dbUser,
        String dbPassword,
        String queue,
        String worker) {

    static final String DEFAULT_DB = "jdbc:h2:file:./target/notification-demo-db";

    /** The flags {@link #parse} takes, each also a {@code DEMO_NAME} environment variable. */
    static final List<String> NAMES = List.of(
            "port",
            "bind",
            "step-millis",
            "demo-password",
            "admin-password",
            "db",
            "db-user",
            "db-password",
            "queue",
            "worker");

    static DemoOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; use --name=value.");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!NAMES.contains(name)) {
                // A misspelt flag would otherwise be ignored, and its default (a random password,
                // port 8080) used without a word.
                throw new IllegalArgumentException(
                        "Unknown option '--" + name + "'; the demo takes --" + String.join(", --", NAMES) + ".");
            }
            flags.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        long port = number(flags, env, "port", "8080", 0, 65535);
        long step = number(flags, env, "step-millis", "500", 0, 60_000);
        String worker = value(flags, env, "worker", "in-process");
        if (!worker.equals("in-process") && !worker.equals("separate")) {
            throw new IllegalArgumentException("'worker' must be in-process or separate.");
        }
        String queue = value(flags, env, "queue", "memory");
        if (worker.equals("separate") && queue.equals("memory")) {
            throw new IllegalArgumentException("--worker=separate needs a queue both processes reach: "
                    + "--queue=<Azure Storage or Azurite connection string>.");
        }
        return new DemoOptions(
                (int) port,
                value(flags, env, "bind", "127.0.0.1"),
                Duration.ofMillis(step),
                password(flags, env, "demo-password"),
                password(flags, env, "admin-password"),
                value(flags, env, "db", DEFAULT_DB),
                value(flags, env, "db-user", ""),
                value(flags, env, "db-password", ""),
                queue,
                worker);
    }

    private static long number(
            Map<String, String> flags, Map<String, String> env, String name, String dflt, long min, long max) {
        String text = value(flags, env, name, dflt);
        long n;
        try {
            n = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    "'" + name + "' must be a whole number from " + min + " to " + max + ", not '" + text + "'.");
        }
        return n;
    }

    /** A sign-in password: random unless given; an empty one given as a flag is refused, not used. */
    private static String password(Map<String, String> flags, Map<String, String> env, String name) {
        String password = value(flags, env, name, randomPassword());
        if (password.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' cannot be empty; leave it out for a random one.");
        }
        return password;
    }

    private static String value(Map<String, String> flags, Map<String, String> env, String name, String dflt) {
        String flag = flags.get(name);
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get("DEMO_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : dflt;
    }

    static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
