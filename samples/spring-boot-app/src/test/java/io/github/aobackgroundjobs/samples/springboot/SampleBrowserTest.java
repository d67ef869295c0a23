package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as its users meet it, in Debian's Chromium: a shopper signs in through the
 * application's login, places an order and watches its report job finish in the bell; the admin
 * sees the job in the dashboard; the shopper is refused there; Prometheus scrapes the job's
 * counters.
 */
class SampleBrowserTest {

    private static ConfigurableApplicationContext application;
    private static ChromeDriver driver;
    // JUnit deletes it after @AfterAll, once Chromium has quit.
    @TempDir
    static Path profile;

    private static String base;

    @BeforeAll
    static void start() throws Exception {
        for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver.");
            }
        }
        application = new SpringApplicationBuilder(SampleApplication.class)
                // Command-line arguments: they win over the sample's application.properties.
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:sample_browser_"
                                + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1",
                        "--sample.report-step=100ms");
        base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) application).getWebServer().getPort();
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
        if (application != null) {
            application.close();
        }
    }

    @Test
    void aShopperSeesTheOrdersJobFinishInTheBellAndTheAdminSeesItInTheDashboard() throws Exception {
        signIn("demo", "demo-password");
        driver.get(base + "/");
        waiting()
                .until(d -> "true"
                        .equals(d.findElement(By.cssSelector("[data-bgjobs-bell]"))
                                .getAttribute("data-connected")));
        assertThat(driver.findElement(By.id("shop-user")).getText()).isEqualTo("demo");

        driver.findElement(By.id("shop-item")).clear();
        driver.findElement(By.id("shop-item")).sendKeys("Grinder");
        driver.findElement(By.id("shop-place")).click();
        waiting().until(d -> d.findElement(By.id("shop-status")).getAttribute("data-job-id") != null);
        String jobId = driver.findElement(By.id("shop-status")).getAttribute("data-job-id");
        assertThat(driver.findElement(By.id("shop-status")).getText())
                .startsWith("Order ")
                .contains("report job " + jobId);
        waiting()
                .until(d -> !d.findElements(
                                By.cssSelector(".bgj-job[data-job-id='" + jobId + "'][data-status='SUCCEEDED']"))
                        .isEmpty());

        assertThat(statusInBrowser("/jobs/admin")).isEqualTo(403);
        assertThat(statusInBrowser("/jobs/api/admin/jobs")).isEqualTo(403);
        assertThat(statusInBrowser("/jobs/api/jobs")).isEqualTo(200);

        signIn("admin", "admin-password");
        driver.get(base + "/jobs/admin");
        // One selector for row and status: the table re-renders on live updates, so a row found
        // first may be gone by the time its attribute is read.
        waiting()
                .until(d -> !d.findElements(By.cssSelector(
                                "#bgj-jobs tbody tr[data-job-id='" + jobId + "'][data-status='SUCCEEDED']"))
                        .isEmpty());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> scrape = http.send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                        .header("Authorization", "Bearer demo-metrics-token")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern(
                        "backgroundjobs_jobs_finished_total\\{[^}]*outcome=\"[^\"]*\"[^}]*queue=\"order-reports\"[^}]*\\} 1\\.0")
                .containsPattern(
                        "backgroundjobs_jobs_execution_seconds_count\\{[^}]*queue=\"order-reports\"[^}]*\\} 1");
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .as("health without a sign-in: the status only")
                .contains("\"status\":\"UP\"")
                .doesNotContain("backgroundJobs")
                .doesNotContain("order-reports");

        signIn("demo", "demo-password");
        assertThat(bodyInBrowser("/actuator/health"))
                .as("health for a user who is no admin: the status only")
                .doesNotContain("backgroundJobs");
        signIn("admin", "admin-password");
        assertThat(bodyInBrowser("/actuator/health"))
                .as("health for an admin: with the details")
                .contains("\"backgroundJobs\"")
                .contains("\"queue:order-reports\"");
    }

    private static void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type='submit']")).click();
        waiting().until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** The body of a GET made by the page itself, with the browser's session. */
    private static String bodyInBrowser(String path) {
        return String.valueOf(getInBrowser(path).get(1));
    }

    /** The status of a GET made by the page itself, with the browser's session (-1 if it failed). */
    private static long statusInBrowser(String path) {
        return ((Number) getInBrowser(path).get(0)).longValue();
    }

    /** A GET made by the page itself, with the browser's session: its status and its body. */
    private static List<?> getInBrowser(String path) {
        Object answer = driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(function (r) { return r.text().then(function (t) { done([r.status, t]); }); })"
                        + ".catch(function (e) { done([-1, 'fetch failed: ' + e]); });",
                base + path);
        return (List<?>) answer;
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
