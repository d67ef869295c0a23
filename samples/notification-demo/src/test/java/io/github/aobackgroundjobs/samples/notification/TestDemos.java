package io.github.aobackgroundjobs.samples.notification;

import java.util.Map;

/** The demo as the HTTP and browser tests start it: a free port, known passwords, an H2 database in memory. */
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
}
