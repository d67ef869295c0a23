package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.StepJob;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What an outsider could make the bell page show, in real Chromium: links that would lead
 * off-site, bidirectional controls that disguise text, and the icons and favicon every page
 * needs.
 */
class PageHardeningBrowserTest {

    private static final String UNSERVED_QUEUE = "nobody-serves-this";

    private static DashboardFixture fx;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture(b -> b.linkOrigins("https://reports.example.com")
                .renderer(
                        "StepRequest",
                        job -> List.of(
                                JobOutput.link("Same site", "/reports/1"),
                                JobOutput.link("Allowed", "https://reports.example.com/r/1"),
                                JobOutput.link("Elsewhere", "https://evil.example/x"))));
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

    private void openBell(String user) {
        browser.signIn(fx.server.uri(), user, "test");
        browser.waiting()
                .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
        browser.find(".bgj-bell-button").click();
    }

    private WebElement awaitRow(Long id, String status) {
        String css = ".bgj-job[data-job-id='" + id + "'][data-status='" + status + "']";
        browser.waiting().until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
        return browser.find(css);
    }

    @Test
    void onlySameSiteAndAllowedLinksBecomeLinks() {
        Long id = fx.queueFor("alice", "quick", "links");
        openBell("alice");
        WebElement row = awaitRow(id, "SUCCEEDED");
        List<String> hrefs = row.findElements(By.cssSelector("a.bgj-link")).stream()
                .map(a -> a.getAttribute("href"))
                .toList();
        assertThat(hrefs).containsExactly(fx.uri("/reports/1").toString(), "https://reports.example.com/r/1");
        assertThat(row.findElement(By.cssSelector(".bgj-output")).getText())
                .as("the URL off the allow-list, as text")
                .contains("Elsewhere: https://evil.example/x");
    }

    @Test
    void targetsThatChromiumWouldFollowOffSiteAreNeverLinksInThePage() {
        openBell("alice");
        // The danger is real: Chromium reads a backslash as a slash.
        assertThat(browser.js("return new URL('/\\\\evil.example/', location.href).host;"))
                .isEqualTo("evil.example");
        for (String payload : List.of(
                "/\\evil.example/",
                "\\\\evil.example/x",
                "//evil.example/",
                "/\t/evil.example/",
                "/\n/evil.example/",
                " //evil.example/",
                "javascript:window.__xss=1",
                "JaVaScRiPt:window.__xss=1",
                "data:text/html,<script>1</script>",
                "https:\\\\evil.example",
                "\u0000//evil.example")) {
            assertThat(browser.js("return BgJobs.safeHref(arguments[0]);", payload))
                    .as("safeHref of %s", payload.replace("\t", "\\t").replace("\n", "\\n"))
                    .isNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobOutput.link("x", payload))
                    .as("JobOutput.link of %s", payload)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'value' of a link");
        }
        assertThat(browser.js("return BgJobs.safeHref('/reports/1');"))
                .isEqualTo(fx.uri("/reports/1").toString());
        assertThat(browser.js("return BgJobs.safeHref('reports/1');"))
                .isEqualTo(fx.uri("/reports/1").toString());
    }

    @Test
    void bidiControlsInRequestsAndMessagesShowVisibly() {
        Long id = fx.client.queueJob(
                DashboardFixture.STEP_QUEUE, "alice", new StepJob.StepRequest("\u202Efdp.exe", 1, 10, 1));
        openBell("alice");
        WebElement row = awaitRow(id, "FAILED");
        String error = row.findElement(By.cssSelector(".bgj-error")).getText();
        String request = row.findElement(By.cssSelector(".bgj-request")).getText();
        assertThat(error).contains("\u27E8U+202E\u27E9fdp.exe").doesNotContain("\u202E");
        assertThat(request).contains("\u27E8U+202E\u27E9fdp.exe").doesNotContain("\u202E");
        for (String control : List.of("\u061C", "\u200E", "\u200F", "\u202A", "\u202D", "\u2066", "\u2069")) {
            assertThat(browser.js("return BgJobs.visible(arguments[0]);", "a" + control + "b"))
                    .isEqualTo(
                            "a\u27E8U+" + Integer.toHexString(control.charAt(0)).toUpperCase() + "\u27E9b");
        }
    }

    @Test
    void aQueuedJobShowsTheDashboardsOwnHourglassIcon() {
        Long id = fx.client.queueJob(UNSERVED_QUEUE, "alice", new StepJob.StepRequest("waits", 1, 1, 0));
        openBell("alice");
        WebElement row = awaitRow(id, "PENDING");
        WebElement icon = row.findElement(By.cssSelector(".bgj-icon-pending svg.bgj-icon-svg"));
        assertThat(icon.getSize().getWidth()).isPositive();
        assertThat(icon.getSize().getHeight()).isPositive();
        assertThat(row.findElement(By.cssSelector(".bgj-icon-pending")).getText())
                .as("no font glyph")
                .isEmpty();
    }

    @Test
    void everyPageNamesAnIconAndFaviconIcoIsServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("favicon.ico", "assets/icon.svg")) {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(fx.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("image/svg+xml");
            assertThat(r.body()).as(path).startsWith("<svg");
        }
        browser.driver.get(fx.uri("login").toString());
        assertThat(browser.js("return document.querySelector('link[rel=icon]').href;"))
                .isEqualTo(fx.uri("assets/icon.svg").toString());
        openBell("alice");
        for (String page : List.of("", "test")) {
            browser.driver.get(fx.uri(page).toString());
            Object status = browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch(document.querySelector('link[rel=icon]').href).then(function (r) { done(r.status); });");
            assertThat(Map.of("page", page, "icon", String.valueOf(status))).containsEntry("icon", "200");
        }
    }

    /**
     * Until login.js has taken the form over, a submit is the browser's own: while the script is
     * still loading, or when it failed to load, pressing Enter sends the form as the HTML says.
     */
    @Test
    void aSignInSentBeforeItsScriptRanNeverPutsThePasswordInAUrl() {
        browser.driver.manage().deleteAllCookies();
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/assets/login.js")));
        try {
            browser.driver.get(fx.uri("login?next=test").toString());
            browser.js("window.bgjLoginPage = true;");
            browser.find("#bgj-login-user").sendKeys("alice");
            browser.find("#bgj-login-password").sendKeys(DashboardFixture.PASSWORD);
            browser.find("#bgj-login-submit").click();
            browser.waiting().until(d -> browser.js("return window.bgjLoginPage === undefined;") == Boolean.TRUE);
            assertThat(browser.driver.getCurrentUrl())
                    .as("the address the form was sent to")
                    .doesNotContain("password")
                    .doesNotContain("correct");
        } finally {
            browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
    }
}
