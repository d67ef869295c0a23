package io.github.aobackgroundjobs.dashboard.support;

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven through chromedriver, both given by path: Selenium never
 * looks for or downloads a driver. A missing binary fails the test with a message saying how to
 * install it; it never skips.
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);

    public final ChromeDriver driver;
    public final Path downloads;
    private final Path profile;

    public Browser() throws IOException {
        String chromium = System.getProperty("backgroundjobs.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("backgroundjobs.chromedriver", "/usr/bin/chromedriver");
        for (String binary : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them).");
            }
        }
        profile = Files.createTempDirectory("bgjobs-chromium-profile");
        downloads = Files.createTempDirectory("bgjobs-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
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
                "--window-size=1280,860");
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    public WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(25));
        // The page re-renders live; an element found a moment ago may have been replaced.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Signs in through the login page and waits until the page behind it is there. */
    public void signIn(java.net.URI base, String user, String next) {
        driver.manage().deleteAllCookies();
        driver.get(base.resolve("login?next=" + next).toString());
        find("#bgj-login-user").sendKeys(user);
        find("#bgj-login-password").sendKeys(DashboardFixture.PASSWORD);
        find("#bgj-login-submit").click();
        waiting().until(d -> !d.getCurrentUrl().contains("/login"));
    }

    public void screenshot(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            for (Path dir : List.of(profile, downloads)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException e) {
                    // a temp directory left behind is harmless
                }
            }
        }
    }
}
