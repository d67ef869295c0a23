package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.RequestTypes;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.StepJob;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The admin view in real Chromium: filters, paging, detail, actions, live refresh; none of it for non-admins. */
class AdminBrowserTest {

    private static DashboardFixture fx;
    private static Browser browser;
    private static final List<Long> erin = new ArrayList<>();
    private static Long erinFailed;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        browser = new Browser();
        for (int i = 0; i < 13; i++) {
            erin.add(fx.queueFor("erin", "quick", "e" + i));
        }
        erinFailed = fx.queueFor("erin", "fail", "<b>bold?</b>");
        fx.queueFor("frank", "quick", "f");
        org.awaitility.Awaitility.await()
                .atMost(Browser.WAIT)
                .until(() ->
                        erin.stream().allMatch(id -> fx.repository.getJob(id).getStatus() == JobStatus.SUCCEEDED)
                                && fx.repository.getJob(erinFailed).getStatus() == JobStatus.FAILED);
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

    private List<String> rowIds() {
        List<String> ids = new ArrayList<>();
        for (WebElement row : browser.findAll("#bgj-jobs tbody tr[data-job-id]")) {
            ids.add(row.getAttribute("data-job-id"));
        }
        return ids;
    }

    private void openAdmin() {
        browser.signIn(fx.server.uri(), "root", "admin");
        browser.waiting().until(d -> browser.find("#bgj-live").getText().equals("live"));
        browser.waiting().until(d -> !rowIds().isEmpty());
    }

    private void filter(String user, String status) {
        browser.find("#f-user").clear();
        browser.find("#f-user").sendKeys(user);
        new org.openqa.selenium.support.ui.Select(browser.find("#f-status")).selectByValue(status);
        String before = String.join(",", rowIds());
        browser.find("#f-apply").click();
        browser.waiting()
                .until(d -> !String.join(",", rowIds()).equals(before)
                        || browser.find("#bgj-page-info").getText().contains(" 1 of "));
    }

    @Test
    void theBuiltInSignInOffersSignOut() {
        openAdmin();
        browser.waiting().until(d -> browser.find("#bgj-logout").isDisplayed());
    }

    @Test
    void filtersAndPagingShowTheRightRows() throws Exception {
        openAdmin();
        filter("erin", "SUCCEEDED");
        browser.waiting().until(d -> browser.find("#bgj-page-info").getText().contains("13 jobs"));
        List<String> expectedFirst =
                erin.subList(3, 13).stream().map(String::valueOf).toList();
        assertThat(rowIds()).containsExactlyInAnyOrderElementsOf(expectedFirst);
        assertThat(browser.findAll("#bgj-jobs tbody .bgj-cell-user"))
                .allMatch(c -> c.getText().equals("erin"));
        browser.find("#bgj-next").click();
        browser.waiting().until(d -> browser.find("#bgj-page-info").getText().startsWith("Page 2 of 2"));
        assertThat(rowIds())
                .containsExactlyInAnyOrder(
                        erin.get(0).toString(),
                        erin.get(1).toString(),
                        erin.get(2).toString());
        assertThat(browser.find("#bgj-next").isEnabled()).isFalse();

        filter("erin", "FAILED");
        browser.waiting().until(d -> rowIds().equals(List.of(erinFailed.toString())));
        // The counts, charts and queue table are drawn.
        assertThat(browser.find(".bgj-card[data-status='SUCCEEDED'] .bgj-card-value")
                        .getText())
                .isNotEqualTo("0");
        assertThat(browser.findAll("#bgj-throughput svg rect")).isNotEmpty();
        assertThat(browser.findAll("#bgj-queues tr[data-queue]")).hasSize(2);
        if (System.getProperty("backgroundjobs.screenshots") != null) {
            filter("", "");
            browser.waiting().until(d -> rowIds().size() == 10);
            browser.screenshot(Path.of(System.getProperty("backgroundjobs.root"), "docs", "images", "admin.png"));
        }
    }

    @Test
    void jobDetailShowsTheErrorWithItsStackTraceAsTextAndRetryWorks() {
        openAdmin();
        filter("erin", "FAILED");
        browser.waiting().until(d -> rowIds().equals(List.of(erinFailed.toString())));
        browser.find("#bgj-jobs tbody tr[data-job-id='" + erinFailed + "'] a").click();
        browser.waiting().until(d -> browser.find("#bgj-detail").isDisplayed());
        assertThat(browser.find(".bgj-detail-request").getText()).contains("<b>bold?</b>");
        assertThat(browser.find("#bgj-detail").findElements(By.tagName("b"))).isEmpty();
        assertThat(browser.find(".bgj-stack").getText()).contains("StepJob.onExecute");
        long versionBefore = fx.repository.getJob(erinFailed).getVersion();
        browser.find("#bgj-detail .bgj-retry").click();
        org.awaitility.Awaitility.await()
                .atMost(Browser.WAIT)
                .until(() -> fx.repository.getJob(erinFailed).getVersion() > versionBefore + 2
                        && fx.repository.getJob(erinFailed).getStatus() == JobStatus.FAILED);
    }

    @Test
    void aRunningJobWhoseWorkerIsGoneOffersRetryAndCancel() {
        // A job whose worker died while running it: RUNNING, its lease over, no message left.
        BackgroundJobInfo<Long> record = new BackgroundJobInfo<>();
        record.setUserName("henry");
        record.setRequestType(RequestTypes.nameOf(StepJob.StepRequest.class));
        record.setRequestData(fx.serializer.toJson(new StepJob.StepRequest("h", 1, 1, 0), "request"));
        record.setQueueName(DashboardFixture.STEP_QUEUE);
        record.setCreated(fx.clock.instant().minus(Duration.ofMinutes(2)));
        record.setNextAttemptAt(record.getCreated());
        long id = fx.repository.insert(record).getId();
        fx.repository.claim(
                new ClaimRequest<>(id, "dead-worker", record.getCreated(), Duration.ofSeconds(30), 3, "{}"));

        openAdmin();
        filter("henry", "RUNNING");
        String row = "#bgj-jobs tbody tr[data-job-id='" + id + "']";
        browser.waiting().until(d -> rowIds().equals(List.of(Long.toString(id))));
        assertThat(browser.find(row + " .bgj-status-cell").getText()).contains("worker gone");
        assertThat(browser.findAll(row + " .bgj-retry")).as("Retry is offered").hasSize(1);
        assertThat(browser.findAll(row + " .bgj-cancel"))
                .as("Cancel is offered")
                .hasSize(1);
        browser.find(row + " .bgj-cancel").click();
        org.awaitility.Awaitility.await()
                .atMost(Browser.WAIT)
                .until(() -> fx.repository.getJob(id).getStatus() == JobStatus.CANCELLED);
    }

    @Test
    void newJobsAppearLiveWithoutReload() {
        openAdmin();
        filter("grace", "");
        browser.js("window.__sameDocument = true;");
        Long id = fx.queueFor("grace", "quick", "g");
        browser.waiting().until(d -> rowIds().contains(id.toString()));
        browser.waiting()
                .until(d -> !d.findElements(
                                By.cssSelector("#bgj-jobs tbody tr[data-job-id='" + id + "'][data-status='SUCCEEDED']"))
                        .isEmpty());
        assertThat(browser.js("return window.__sameDocument === true;")).isEqualTo(true);
    }

    @Test
    void aNonAdminGetsNoAdminData() {
        browser.signIn(fx.server.uri(), "alice", "");
        browser.waiting().until(d -> !browser.find("#bgj-user").getText().isEmpty());
        assertThat(browser.find("#bgj-admin-link").isDisplayed()).isFalse();
        browser.driver.get(fx.uri("admin").toString());
        assertThat(browser.driver.getPageSource()).contains("admin role").doesNotContain("erin", "bgj-jobs");
        browser.driver.get(fx.uri("api/admin/jobs").toString());
        assertThat(browser.driver.getPageSource()).doesNotContain("erin");
    }
}
