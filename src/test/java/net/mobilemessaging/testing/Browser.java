package net.mobilemessaging.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A real headless Chromium (Debian's {@code /usr/bin/chromium}) driven through Debian's {@code chromedriver} by
 * Selenium. Both binaries are given, so Selenium Manager never looks for (or downloads) anything. A fresh profile
 * per browser; screenshots go to {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser() throws IOException {
        profile = Files.createTempDirectory("mm-chromium");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2800", "--user-data-dir=" + profile);
        // An alert stays open, so that a test can see it rather than have the driver dismiss it.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            UploadTestServer.deleteRecursively(profile);
            throw e;
        }
    }

    public static Browser start() throws IOException {
        return new Browser();
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Clicks what {@code target} finds and waits until the page it leads to has replaced this one. */
    public void clickAndWaitForNewPage(By target) {
        clickAndWaitForNewPage(driver.findElement(target));
    }

    /** Clicks {@code element} and waits until the page it leads to has replaced this one. */
    public void clickAndWaitForNewPage(WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        waiting().until(d -> isGone(html));
    }

    /**
     * Whether an element of a page the browser has left is gone. ChromeDriver says so with a stale-element error,
     * or, when it asks while the old document is being torn down, with an inspector error that the node "does not
     * belong to the document" ({@code ExpectedConditions.stalenessOf} takes only the first).
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            UploadTestServer.deleteRecursively(profile);
        }
    }
}
