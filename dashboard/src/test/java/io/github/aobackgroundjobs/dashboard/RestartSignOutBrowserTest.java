package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server restarts and its sessions (kept in memory) are gone: the pages' streams are refused
 * (401) rather than ended with a {@code signedout} event. The bell and the admin page ask whether
 * the sign-in holds, show "signed out" and stop reconnecting; they had retried every 3 s for as
 * long as the page stayed open, showing "reconnecting…".
 */
class RestartSignOutBrowserTest {

    @Test
    void theBellStopsAfterARestartEndedItsSession() throws Exception {
        try (DashboardFixture fx = new DashboardFixture();
                Browser browser = new Browser()) {
            int port = fx.server.port();
            browser.signIn(fx.server.uri(), "alice", "");
            browser.waiting()
                    .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));

            fx.server.close();
            try (DashboardHttpServer restarted =
                    DashboardHttpServer.start(freshDashboard(fx), new InetSocketAddress("127.0.0.1", port))) {
                browser.waiting()
                        .until(d ->
                                "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-signed-out")));
                assertThat(browser.find("[data-bgjobs-bell] .bgj-conn").getAttribute("textContent"))
                        .isEqualTo("signed out");
                // A retry period (3 s) later it has not started over.
                TimeUnit.SECONDS.sleep(4);
                assertThat(browser.find("[data-bgjobs-bell] .bgj-conn").getAttribute("textContent"))
                        .isEqualTo("signed out");
                assertThat(browser.find("[data-bgjobs-bell]").getAttribute("data-connected"))
                        .isEqualTo("false");
            }
        }
    }

    @Test
    void theAdminPageStopsAfterARestartEndedItsSession() throws Exception {
        try (DashboardFixture fx = new DashboardFixture();
                Browser browser = new Browser()) {
            int port = fx.server.port();
            browser.signIn(fx.server.uri(), "root", "admin");
            browser.waiting().until(d -> "live".equals(browser.find("#bgj-live").getAttribute("textContent")));

            fx.server.close();
            try (DashboardHttpServer restarted =
                    DashboardHttpServer.start(freshDashboard(fx), new InetSocketAddress("127.0.0.1", port))) {
                browser.waiting()
                        .until(d -> "true".equals(browser.find("#bgj-live").getAttribute("data-signed-out")));
                TimeUnit.SECONDS.sleep(4);
                assertThat(browser.find("#bgj-live").getAttribute("textContent"))
                        .isEqualTo("signed out");
            }
        }
    }

    /** The same jobs behind a new dashboard whose sign-in knows none of the old sessions. */
    private static Dashboard<Long> freshDashboard(DashboardFixture fx) {
        return Dashboard.builder(fx.repository)
                .authenticator(DashboardFixture.authenticator())
                .actions(JobActions.of(fx.client))
                .clock(fx.clock)
                .queues(fx.queue, DashboardFixture.STEP_QUEUE, DashboardFixture.ZIP_QUEUE)
                .build();
    }
}
