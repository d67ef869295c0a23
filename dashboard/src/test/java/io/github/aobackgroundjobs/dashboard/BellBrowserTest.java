package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The bell in real Chromium, on a host page that queues jobs, against a running worker. */
class BellBrowserTest {

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

    private void openHostPage(String user) {
        browser.signIn(fx.server.uri(), user, "test");
        browser.waiting()
                .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
        browser.js("window.__sameDocument = true;");
        browser.find(".bgj-bell-button").click();
    }

    private int badge() {
        String count = browser.find("[data-bgjobs-bell]").getAttribute("data-count");
        return count == null ? 0 : Integer.parseInt(count);
    }

    private String queue(String buttonKind) {
        String before = browser.find("#queued").getText();
        browser.find("[data-kind='" + buttonKind + "']").click();
        browser.waiting()
                .until(d -> !browser.find("#queued").getText().equals(before)
                        && browser.find("#queued").getText().startsWith("Queued job "));
        return browser.find("#queued").getText().substring("Queued job ".length());
    }

    private WebElement item(String id) {
        return browser.find(".bgj-job[data-job-id='" + id + "']");
    }

    /** Clicks a button of a job's row; a row re-rendered meanwhile is looked up again. */
    private void click(String id, String css) {
        browser.waiting().until(d -> {
            item(id).findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private void awaitStatus(String id, String status) {
        browser.waiting()
                .until(d -> !d.findElements(
                                By.cssSelector(".bgj-job[data-job-id='" + id + "'][data-status='" + status + "']"))
                        .isEmpty());
    }

    private void assertNotReloaded() {
        assertThat(browser.js("return window.__sameDocument === true;")).isEqualTo(true);
    }

    @Test
    void aZipJobRunsLiveToADownloadableZipAndClearRemovesIt() throws Exception {
        openHostPage("alice");
        int before = badge();
        // Every progress value the page shows, as the page shows it.
        browser.js(
                "window.__progress = [];"
                        + "new MutationObserver(function () {"
                        + "  document.querySelectorAll('.bgj-job[data-status=RUNNING] .bgj-progress').forEach(function (p) {"
                        + "    var v = Number(p.getAttribute('aria-valuenow'));"
                        + "    if (window.__progress.indexOf(v) < 0) { window.__progress.push(v); }"
                        + "  });"
                        + "}).observe(document.querySelector('.bgj-list'), {childList: true, subtree: true, attributes: true});");
        String id = queue("zip");
        browser.waiting().until(d -> badge() == before + 1);
        awaitStatus(id, "RUNNING");
        assertThat(item(id).findElements(By.cssSelector(".bgj-icon-running"))).isNotEmpty();
        awaitStatus(id, "SUCCEEDED");
        assertThat(item(id).findElements(By.cssSelector(".bgj-icon-succeeded"))).isNotEmpty();
        @SuppressWarnings("unchecked")
        List<Number> progress = (List<Number>) browser.js("return window.__progress;");
        assertThat(progress.stream()
                        .map(Number::intValue)
                        .filter(v -> v > 0 && v < 100)
                        .distinct()
                        .count())
                .as("progress moved through several values: %s", progress)
                .isGreaterThanOrEqualTo(2);
        assertThat(item(id).findElement(By.cssSelector(".bgj-duration")).getText())
                .isNotEqualTo("\u2013");
        WebElement download = item(id).findElement(By.cssSelector("a.bgj-download"));
        assertThat(download.getText()).isEqualTo("Download");
        if (System.getProperty("backgroundjobs.screenshots") != null) {
            browser.screenshot(Path.of(System.getProperty("backgroundjobs.root"), "docs", "images", "bell.png"));
        }

        download.click();
        Path zip = browser.downloads.resolve("job-" + id + ".zip");
        browser.waiting().until(d -> Files.exists(zip) && zipEntries(zip).size() == 4);
        assertThat(zipEntries(zip)).containsExactly("file-1.txt", "file-2.txt", "file-3.txt", "file-4.txt");

        click(id, ".bgj-clear");
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".bgj-job[data-job-id='" + id + "']"))
                        .isEmpty());
        assertThat(badge()).isEqualTo(before);
        assertThat(fx.repository.getJob(Long.valueOf(id)).isCleared()).isTrue();
        assertNotReloaded();
    }

    @Test
    void aFailingJobShowsItsWarningAndRetryRunsItAgain() {
        openHostPage("alice");
        String id = queue("fail");
        awaitStatus(id, "FAILED");
        assertThat(item(id).findElements(By.cssSelector(".bgj-icon-failed"))).isNotEmpty();
        assertThat(item(id).findElement(By.cssSelector(".bgj-error")).getText())
                .contains("Step 2 of fail failed on purpose");
        long versionBefore = fx.repository.getJob(Long.valueOf(id)).getVersion();
        click(id, ".bgj-retry");
        // It runs again (the page sees it leave FAILED) and, failing on purpose, fails again.
        browser.waiting().until(d -> {
            String s = item(id).getAttribute("data-status");
            return s.equals("PENDING") || s.equals("RUNNING");
        });
        awaitStatus(id, "FAILED");
        assertThat(fx.repository.getJob(Long.valueOf(id)).getVersion()).isGreaterThan(versionBefore + 2);
        assertThat(fx.repository.getJob(Long.valueOf(id)).getAttempts()).isEqualTo(1);
        assertNotReloaded();
    }

    @Test
    void cancelStopsARunningJob() {
        openHostPage("alice");
        String id = queue("slow");
        awaitStatus(id, "RUNNING");
        click(id, ".bgj-cancel");
        awaitStatus(id, "CANCELLED");
        assertThat(item(id).findElements(By.cssSelector(".bgj-icon-cancelled"))).isNotEmpty();
        assertThat(fx.repository.getJob(Long.valueOf(id)).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(item(id).findElements(By.cssSelector(".bgj-retry"))).isNotEmpty();
        assertNotReloaded();
    }

    @Test
    void scriptInRequestDataAndErrorsRendersAsText() {
        String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
        Long id = fx.queueFor("alice", "fail", payload);
        openHostPage("alice");
        awaitStatus(id.toString(), "FAILED");
        WebElement li = item(id.toString());
        assertThat(li.findElement(By.cssSelector(".bgj-request")).getText()).contains("<img src=x onerror=");
        assertThat(li.findElement(By.cssSelector(".bgj-error")).getText()).contains("<script>window.__xss=2</script>");
        assertThat(li.findElements(By.tagName("img"))).isEmpty();
        assertThat(li.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.js("return typeof window.__xss;")).isEqualTo("undefined");
    }

    @Test
    void bobNeverSeesAlicesJobsInThePageOrTheApi() {
        Long alices = fx.queueFor("alice", "quick", "alice-only");
        org.awaitility.Awaitility.await()
                .atMost(Browser.WAIT)
                .until(() -> fx.repository.getJob(alices).getStatus() == JobStatus.SUCCEEDED);
        openHostPage("bob");
        String mine = queue("step");
        awaitStatus(mine, "RUNNING");
        assertThat(browser.findAll(".bgj-job[data-job-id='" + alices + "']")).isEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain("alice-only");
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                .executeAsyncScript("var done = arguments[arguments.length - 1];" + "fetch('api/jobs/" + alices
                        + "').then(function (r) { done(r.status); });");
        assertThat(((Number) status).intValue()).isEqualTo(404);
        Object adminStatus = ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                .executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "fetch('api/admin/jobs').then(function (r) { done(r.status); });");
        assertThat(((Number) adminStatus).intValue()).isEqualTo(403);
    }

    private static List<String> zipEntries(Path zip) {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        } catch (Exception e) {
            return List.of();
        }
        return names;
    }
}
