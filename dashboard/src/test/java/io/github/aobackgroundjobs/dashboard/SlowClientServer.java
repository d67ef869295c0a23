package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;

/**
 * The dashboard on the JDK server in a JVM of its own, so that its server is the JVM's first
 * (the JDK reads its settings then): prints its port, serves until standard input closes.
 */
public final class SlowClientServer {

    private SlowClientServer() {}

    /**
     * @param args none
     * @throws Exception if the dashboard cannot start
     */
    public static void main(String[] args) throws Exception {
        try (DashboardFixture fx = new DashboardFixture()) {
            System.out.println("PORT " + fx.server.port());
            System.out.println("LIMIT " + System.getProperty("sun.net.httpserver.maxReqTime"));
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our input
            }
        }
    }
}
