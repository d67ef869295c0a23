package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.StepJob;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The admin view's recurring jobs in real Chromium: the definitions with schedule, zone, next and
 * last fire, the last job's status linked to its detail, declared or not; run now, pause, resume,
 * delete; the retention settings. Only for admins; the run-now job is in its user's own list.
 */
class RecurringBrowserTest {

    private static DashboardFixture fx;
    private static Browser browser;
    private static RecurringScheduler<Long> scheduler;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture((fixture, builder) -> {
            InMemoryRecurringJobStore<Long> store = new InMemoryRecurringJobStore<>(fixture.repository);
            // Version 1 of the application declared "old-export"; version 2 no longer does.
            RecurringScheduler.builder(store, fixture.queue)
                    .declare(definition("old-export", "0 0 4 * * *"))
                    .build();
            scheduler = RecurringScheduler.builder(store, fixture.queue)
                    .declare(definition("nightly-digest", "0 30 2 * * *"))
                    .build();
            builder.recurring(scheduler);
        });
        browser = new Browser();
    }

    private static RecurringJob definition(String name, String cron) {
        return RecurringJob.builder(name)
                .cron(cron)
                .zone("Europe/Berlin")
                .queue(DashboardFixture.STEP_QUEUE)
                .user("alice")
                .request(new StepJob.StepRequest("<i>" + name + "</i>", 1, 1, 0))
                .build();
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

    private WebElement row(String name) {
        return browser.find("#bgj-recurring-table tr[data-recurring='" + name + "']");
    }

    private void click(String name, String action) {
        row(name)
                .findElement(org.openqa.selenium.By.cssSelector("button[data-action='" + action + "']"))
                .click();
    }

    @Test
    void adminSeesDefinitionsAndActsOnThem() {
        browser.signIn(fx.server.uri(), "root", "admin");
        browser.waiting().until(d -> browser.find("#bgj-recurring").isDisplayed());
        browser.waiting()
                .until(d -> browser.findAll("#bgj-recurring-table tr[data-recurring]")
                                .size()
                        == 2);

        WebElement digest = row("nightly-digest");
        assertThat(digest.findElement(org.openqa.selenium.By.cssSelector(".bgj-cell-schedule"))
                        .getText())
                .isEqualTo("0 30 2 * * *");
        assertThat(digest.getText()).contains("Europe/Berlin").contains("steps / alice");
        assertThat(digest.findElement(org.openqa.selenium.By.cssSelector(".bgj-cell-next"))
                        .getText())
                .isNotEqualTo("\u2014");
        assertThat(digest.findElement(org.openqa.selenium.By.cssSelector(".bgj-cell-state"))
                        .getText())
                .isEqualTo("active");
        assertThat(row("old-export")
                        .findElement(org.openqa.selenium.By.cssSelector(".bgj-cell-state"))
                        .getText())
                .isEqualTo("not declared");
        // Only a definition the application no longer declares can be deleted.
        assertThat(digest.findElements(org.openqa.selenium.By.cssSelector("button[data-action='delete']")))
                .isEmpty();
        assertThat(browser.find("#bgj-retention").getText())
                .contains("Retention every PT15M")
                .contains("Succeeded PT168H")
                .contains("Not run yet");

        click("nightly-digest", "run");
        browser.waiting()
                .until(d -> row("nightly-digest")
                        .findElement(org.openqa.selenium.By.cssSelector(".bgj-cell-lastjob"))
                        .getText()
                        .contains("Succeeded"));
        row("nightly-digest")
                .findElement(org.openqa.selenium.By.cssSelector(".bgj-recurring-last"))
                .click();
        browser.waiting().until(d -> browser.find("#bgj-detail").isDisplayed());
        // The request is shown as text, never as markup.
        browser.waiting()
                .until(d -> browser.find(".bgj-detail-request").getText().contains("<i>nightly-digest</i>"));

        click("nightly-digest", "pause");
        browser.waiting().until(d -> "true".equals(row("nightly-digest").getAttribute("data-paused")));
        assertThat(scheduler.get("nightly-digest").paused()).isTrue();
        click("nightly-digest", "resume");
        browser.waiting().until(d -> "false".equals(row("nightly-digest").getAttribute("data-paused")));
        assertThat(scheduler.get("nightly-digest").paused()).isFalse();

        browser.js("window.confirm = function () { return true; };");
        click("old-export", "delete");
        browser.waiting()
                .until(d -> browser.findAll("#bgj-recurring-table tr[data-recurring]")
                                .size()
                        == 1);
        assertThat(scheduler.find("old-export")).isEmpty();
    }

    @Test
    void theRecurringApiIsForAdminsOnly_andARunIsAnOrdinaryJobOfItsUser() throws Exception {
        HttpSession alice = HttpSession.signedIn(fx.server.uri(), "alice");
        assertThat(alice.get("api/admin/recurring").statusCode()).isEqualTo(403);
        assertThat(alice.post("api/admin/recurring/nightly-digest/run", "{}").statusCode())
                .isEqualTo(403);

        HttpSession root = HttpSession.signedIn(fx.server.uri(), "root");
        // A POST without the cross-site token is refused.
        assertThat(root.postRaw("api/admin/recurring/nightly-digest/run", "{}", null)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> run = root.post("api/admin/recurring/nightly-digest/run", "{}");
        assertThat(run.statusCode()).isEqualTo(200);
        String jobId = HttpSession.json(run).path("jobId").asText();
        assertThat(root.post("api/admin/recurring/nightly-digest/delete", "{}").statusCode())
                .isEqualTo(409);
        assertThat(root.post("api/admin/recurring/no-such/run", "{}").statusCode())
                .isEqualTo(404);

        JsonNode mine = HttpSession.json(alice.get("api/jobs"));
        boolean found = false;
        for (JsonNode job : mine.path("jobs")) {
            found |= job.path("id").asText().equals(jobId);
        }
        assertThat(found)
                .as("the run-now job %s is in alice's own list: %s", jobId, mine)
                .isTrue();
    }
}
