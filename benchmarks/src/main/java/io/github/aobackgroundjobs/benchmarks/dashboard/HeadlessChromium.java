package io.github.aobackgroundjobs.benchmarks.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium through chromedriver, both by path (no driver download), signed in to a dashboard. */
final class HeadlessChromium implements AutoCloseable {

    final ChromeDriver driver;
    private final Path profile;

    HeadlessChromium() throws Exception {
        for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: apt-get install -y chromium chromium-driver");
            }
        }
        profile = Files.createTempDirectory("bgjobs-bench-chromium");
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
                "--window-size=1280,900");
        driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build(),
                options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    /** Signs in on the login page and opens the bell page with an observer recording when each job first shows a status. */
    void openBell(String base, String user, String password, String status) {
        driver.get(base + "login");
        driver.findElement(By.id("bgj-login-user")).sendKeys(user);
        driver.findElement(By.id("bgj-login-password")).sendKeys(password);
        driver.findElement(By.id("bgj-login-submit")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> "true"
                .equals(d.findElement(By.cssSelector("[data-bgjobs-bell]")).getAttribute("data-connected")));
        driver.executeScript(
                "window.__seen = {}; var wanted = arguments[0];"
                        + "var list = document.querySelector('.bgj-list');"
                        + "new MutationObserver(function (records) {"
                        + "  var now = Date.now();"
                        + "  records.forEach(function (r) { r.addedNodes.forEach(function (n) {"
                        + "    if (n.dataset && n.dataset.status === wanted && !(n.dataset.jobId in window.__seen)) {"
                        + "      window.__seen[n.dataset.jobId] = now; } }); });"
                        + "}).observe(list, {childList: true});",
                status);
    }

    @SuppressWarnings("unchecked")
    Map<String, Number> seen() {
        return (Map<String, Number>) driver.executeScript("return window.__seen;");
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
    }
}
