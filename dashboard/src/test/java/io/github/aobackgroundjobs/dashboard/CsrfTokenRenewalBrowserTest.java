package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page open since before a sign-in in another tab: the cookie now names a new session, whose
 * CSRF token differs from the one the page read at its start. Its buttons must still work.
 */
class CsrfTokenRenewalBrowserTest {

    private static DashboardFixture fx;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    @Test
    void aPostAfterASignInElsewhereSendsTheNewSessionsToken() {
        browser.signIn(fx.server.uri(), "alice", "test");
        browser.waiting()
                .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
        Long id = fx.queueFor("alice", "slow", "renewal");
        // The page reads its token (api/me) before its first post.
        Object first = browser.driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "window.BgJobs.request('POST', 'api/jobs/' + arguments[0] + '/clear')"
                        + ".then(function () { done('ok'); }, function (e) { done(e.status + ' ' + e.message); });",
                id.toString());
        assertThat(first).as("clear of an unfinished job").asString().startsWith("409 The job is ");
        // Another tab signs in again: the browser's cookie is replaced by the new session's.
        Object signedIn = browser.driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch('api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " credentials: 'same-origin', body: JSON.stringify({user: 'alice', password: arguments[0]})})"
                        + ".then(function (r) { done(r.status); }, function (e) { done(String(e)); });",
                DashboardFixture.PASSWORD);
        assertThat(signedIn).isEqualTo(200L);

        Object cancel = browser.driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "window.BgJobs.request('POST', 'api/jobs/' + arguments[0] + '/cancel')"
                        + ".then(function (r) { done(r.result); }, function (e) { done(e.status + ' ' + e.message); });",
                id.toString());
        assertThat(cancel).isIn("CANCELLED", "REQUESTED");
        assertThat(fx.repository.getJob(id).isCancelRequested()).isTrue();
    }
}
