package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import java.net.InetSocketAddress;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The page loses its stream (the server goes away), the job finishes meanwhile, the server comes
 * back: the page reconnects by itself and catches up from the last event's updated-at, without
 * a reload.
 */
class ReconnectBrowserTest {

    @Test
    void thePageReconnectsAndCatchesUpWhatItMissed() throws Exception {
        try (DashboardFixture fx = new DashboardFixture();
                Browser browser = new Browser()) {
            int port = fx.server.port();
            browser.signIn(fx.server.uri(), "alice", "");
            browser.waiting()
                    .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
            browser.js("window.__sameDocument = true;");
            Long id = fx.queueFor("alice", "slow", "across-a-restart");
            String sel = ".bgj-job[data-job-id='" + id + "']";
            browser.waiting()
                    .until(d -> !d.findElements(By.cssSelector(sel + "[data-status='RUNNING']"))
                            .isEmpty());

            fx.server.close();
            browser.waiting()
                    .until(d ->
                            "false".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
            fx.client.cancel(id);
            Awaitility.await()
                    .atMost(Browser.WAIT)
                    .until(() -> fx.repository.getJob(id).getStatus() == JobStatus.CANCELLED);
            Long missed = fx.queueFor("alice", "quick", "while-offline");
            Awaitility.await()
                    .atMost(Browser.WAIT)
                    .until(() -> fx.repository.getJob(missed).getStatus() == JobStatus.SUCCEEDED);
            assertThat(browser.findAll(sel + "[data-status='RUNNING']")).hasSize(1);

            try (DashboardHttpServer again =
                    DashboardHttpServer.start(fx.dashboard, new InetSocketAddress("127.0.0.1", port))) {
                browser.waiting()
                        .until(d -> !d.findElements(By.cssSelector(sel + "[data-status='CANCELLED']"))
                                .isEmpty());
                browser.waiting()
                        .until(d -> !d.findElements(By.cssSelector(
                                        ".bgj-job[data-job-id='" + missed + "'][data-status='SUCCEEDED']"))
                                .isEmpty());
                assertThat(browser.find("[data-bgjobs-bell]").getAttribute("data-connected"))
                        .isEqualTo("true");
                assertThat(browser.js("return window.__sameDocument === true;")).isEqualTo(true);
            }
        }
    }
}
