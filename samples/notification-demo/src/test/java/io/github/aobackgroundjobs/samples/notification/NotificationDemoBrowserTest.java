package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo as a user meets it, in Debian's Chromium: the three "Queue a job" buttons and the admin view. */
class NotificationDemoBrowserTest {

    private static NotificationDemo demo;
    private static ChromeDriver driver;
    // JUnit deletes it after @AfterAll, once Chromium has quit.
    @TempDir
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver.");
            }
        }
        demo = TestDemos.start("demo-test", 150);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1280,800");
        driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build(),
                options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void signIn(String user, String password, String next) {
        driver.manage().deleteAllCookies();
        driver.get("http://127.0.0.1:" + demo.port() + "/login?next=" + next);
        driver.findElement(By.id("bgj-login-user")).sendKeys(user);
        driver.findElement(By.id("bgj-login-password")).sendKeys(password);
        driver.findElement(By.id("bgj-login-submit")).click();
        waiting().until(d -> !d.getCurrentUrl().contains("/login"));
    }

    private static String queued(String button) {
        driver.findElement(By.id(button)).click();
        waiting().until(d -> d.findElement(By.id("demo-status")).getText().startsWith("Queued job "));
        String text = driver.findElement(By.id("demo-status")).getText();
        driver.executeScript("document.getElementById('demo-status').textContent = '';");
        return text.substring("Queued job ".length(), text.length() - 1);
    }

    private static void awaitStatus(String id, String status) {
        waiting()
                .until(d -> !d.findElements(
                                By.cssSelector(".bgj-job[data-job-id='" + id + "'][data-status='" + status + "']"))
                        .isEmpty());
    }

    @Test
    void theDemoQueuesJobsThatRunLiveAndTheAdminSeesThem() throws Exception {
        signIn("demo", "demo-pass", "");
        waiting()
                .until(d -> "true"
                        .equals(d.findElement(By.cssSelector("[data-bgjobs-bell]"))
                                .getAttribute("data-connected")));
        String report = queued("queue-report");
        String failing = queued("queue-failing");
        awaitStatus(report, "RUNNING");
        String zip = queued("queue-zip");
        awaitStatus(failing, "FAILED");
        assertThat(driver.findElement(By.cssSelector(".bgj-job[data-job-id='" + failing + "'] .bgj-error"))
                        .getText())
                .contains("fails on purpose");
        awaitStatus(zip, "SUCCEEDED");
        assertThat(driver.findElements(By.cssSelector(".bgj-job[data-job-id='" + zip + "'] a.bgj-download")))
                .hasSize(1);
        String slow = queued("queue-report");
        waiting().until(d -> {
            var bars = d.findElements(By.cssSelector(".bgj-job[data-job-id='" + slow + "'] .bgj-progress"));
            return !bars.isEmpty() && Integer.parseInt(bars.get(0).getAttribute("aria-valuenow")) >= 30;
        });
        if (System.getProperty("backgroundjobs.screenshots") != null) {
            screenshot("bell.png");
        }
        awaitStatus(report, "SUCCEEDED");
        awaitStatus(slow, "SUCCEEDED");

        signIn("admin", "admin-pass", "admin");
        waiting()
                .until(d -> d.findElements(By.cssSelector("#bgj-jobs tbody tr[data-job-id]"))
                                .size()
                        == 4);
        waiting()
                .until(d -> !d.findElements(By.cssSelector("#bgj-throughput svg rect"))
                        .isEmpty());
        // One selector for row and status: the table re-renders on live updates, so a row found
        // first may be gone by the time its attribute is read.
        waiting()
                .until(d -> !d.findElements(By.cssSelector(
                                "#bgj-jobs tbody tr[data-job-id='" + failing + "'][data-status='FAILED']"))
                        .isEmpty());
        if (System.getProperty("backgroundjobs.screenshots") != null) {
            driver.findElement(By.cssSelector("#bgj-jobs tbody tr[data-job-id='" + failing + "'] a"))
                    .click();
            waiting().until(d -> d.findElement(By.id("bgj-detail")).isDisplayed());
            driver.executeScript("window.scrollTo(0, 0);");
            screenshot("admin.png");
        }
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of(System.getProperty("backgroundjobs.root"), "docs", "images", name);
        Files.createDirectories(target.getParent());
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    }
}
