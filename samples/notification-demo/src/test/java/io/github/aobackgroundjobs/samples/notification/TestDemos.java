package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo as the tests start it: a free port, known passwords, an H2 database in memory; or with
 * its worker in a JVM of its own, on an H2 file and an Azurite queue.
 */
final class TestDemos {

    /** The demo user's password in these tests. */
    static final String DEMO_PASSWORD = "demo-pass";
    /** The admin's password in these tests. */
    static final String ADMIN_PASSWORD = "admin-pass";

    private TestDemos() {}

    /**
     * @param database names the in-memory database, one per test class
     * @param stepMillis how long each step of a demo job takes
     * @return the started demo
     * @throws Exception if it cannot start
     */
    static NotificationDemo start(String database, long stepMillis) throws Exception {
        return new NotificationDemo(DemoOptions.parse(
                new String[] {
                    "--port=0",
                    "--demo-password=" + DEMO_PASSWORD,
                    "--admin-password=" + ADMIN_PASSWORD,
                    "--step-millis=" + stepMillis,
                    "--db=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1"
                },
                Map.of()));
    }

    /**
     * @param azurite the queue both processes reach
     * @param dir where the H2 file ({@code demo-db}) goes
     * @param more further arguments (the port among them)
     * @return the arguments of a demo whose worker runs in a JVM of its own
     */
    static String[] separateWorkerArgs(Azurite azurite, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--worker=separate",
                "--queue=" + azurite.connectionString(),
                "--db=jdbc:h2:file:" + dir.resolve("demo-db").toAbsolutePath(),
                "--demo-password=" + DEMO_PASSWORD,
                "--admin-password=" + ADMIN_PASSWORD));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * @param args the demo's arguments
     * @return the command line starting the demo in a JVM of its own, with this test's class path
     */
    static List<String> demoProcess(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NotificationDemo.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
