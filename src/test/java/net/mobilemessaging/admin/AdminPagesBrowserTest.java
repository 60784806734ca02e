package net.mobilemessaging.admin;

import net.mobilemessaging.testing.AdminTestServer;
import net.mobilemessaging.testing.Browser;
import net.mobilemessaging.upload.UploadSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin pages in a real headless Chromium: they load, a bad value is shown with its message and not saved, a
 * good value is saved, applied and shown again, a POST without Openfire's CSRF token never reaches the page, and
 * user-supplied names are shown as text, never as markup. Screenshots: {@code target/screenshots/admin-*.png}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminPagesBrowserTest {

    private static final String MAX_FILE_SIZE = UploadSettings.MAX_FILE_SIZE.key();
    private static final String USER_QUOTA = UploadSettings.USER_QUOTA.key();

    private static Browser browser;
    private AdminTestServer server;
    private WebDriver driver;
    private String testName;

    @BeforeAll
    static void openBrowser() throws Exception {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        browser.close();
    }

    @BeforeEach
    void start(TestInfo info) throws Exception {
        server = AdminTestServer.start();
        driver = browser.driver;
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            browser.screenshot("admin-" + testName + "-last");
        } finally {
            server.close();
        }
    }

    private WebElement field(String key) {
        return driver.findElement(By.name(key));
    }

    private void submitSettings() {
        browser.clickAndWaitForNewPage(By.id("save-settings"));
    }

    @Test
    void theOverviewAndTheUploadPageLoad() throws Exception {
        driver.get(server.page("mobile-overview.jsp"));
        assertEquals("Mobile Messaging", driver.getTitle());
        assertEquals("1.2.3-test", driver.findElement(By.id("plugin-version")).getText());
        WebElement state = driver.findElement(By.cssSelector("[data-service-state]"));
        assertEquals("RUNNING", state.getAttribute("data-service-state"), state.getText());
        assertEquals(3, driver.findElements(By.cssSelector("tr.mm-check td.mm-ok")).size(),
                "component, HTTP handler and schema all fine");
        assertTrue(driver.getPageSource().contains("upload.example.org"));
        assertFalse(driver.getPageSource().contains("???"), "every text is in the bundle");
        browser.screenshot("admin-overview");

        driver.findElement(By.linkText("Details and settings of HTTP File Upload")).click();
        browser.waiting().until(ExpectedConditions.titleIs("HTTP File Upload"));
        assertEquals("mobilemessaging-upload",
                driver.findElement(By.cssSelector("meta[name=pageID]")).getAttribute("content"));
        for (var setting : UploadSettings.ALL) {
            assertEquals(1, driver.findElements(By.name(setting.key())).size(), setting.key() + " has a field");
        }
        assertEquals(server.upload.baseUrl(), driver.findElement(By.id("announced-url")).getText());
        assertTrue(driver.findElement(By.id("chart-uploads-per-day")).isDisplayed());
        assertTrue(driver.findElement(By.id("chart-storage-by-type")).isDisplayed());
        assertFalse(driver.getPageSource().contains("???"), "every text is in the bundle");
        browser.screenshot("admin-upload");
    }

    @Test
    void aBadValueShowsItsMessageBesideTheFieldAndNothingIsSaved() throws Exception {
        driver.get(server.page("mobile-upload.jsp"));
        field(MAX_FILE_SIZE).sendKeys("a lot");
        field(USER_QUOTA).sendKeys("300 MB");
        String hostile = "\"><img src=z onerror=alert(3)>";
        field(UploadSettings.CORS_ORIGINS.key()).sendKeys(hostile);
        submitSettings();

        String message = driver.findElement(By.id("error-" + MAX_FILE_SIZE)).getText();
        assertTrue(message.contains("must be a size such as 50 MB"), message);
        assertTrue(driver.findElement(By.id("error-" + UploadSettings.CORS_ORIGINS.key())).isDisplayed());
        assertTrue(driver.findElements(By.id("error-" + USER_QUOTA)).isEmpty(), "a valid field has no message");
        assertTrue(driver.findElement(By.id("rejected")).getText().contains("2 fields need correcting"));
        assertEquals("a lot", field(MAX_FILE_SIZE).getAttribute("value"), "what was typed is kept");
        assertEquals("300 MB", field(USER_QUOTA).getAttribute("value"), "what was typed is kept");
        assertEquals(hostile, field(UploadSettings.CORS_ORIGINS.key()).getAttribute("value"), "kept, as text");
        assertTrue(driver.findElements(By.cssSelector("img[src=z]")).isEmpty(), "typed text never becomes markup");
        browser.screenshot("admin-bad-value");

        assertNull(server.upload.settings.get(MAX_FILE_SIZE), "nothing saved");
        assertNull(server.upload.settings.get(USER_QUOTA), "not even the valid field");
        assertEquals(100L * 1024 * 1024, server.upload.runtime.settings().maxFileSize());
    }

    @Test
    void aGoodValueIsSavedAppliedAndShownAgain() throws Exception {
        driver.get(server.page("mobile-upload.jsp"));
        field(MAX_FILE_SIZE).sendKeys("50MB");
        submitSettings();

        assertEquals("Settings saved. They apply now.", driver.findElement(By.id("notice")).getText());
        assertEquals("50MB", field(MAX_FILE_SIZE).getAttribute("value"));
        assertEquals("50MB", server.upload.settings.get(MAX_FILE_SIZE), "stored as typed");
        assertEquals(50_000_000L, server.upload.runtime.settings().maxFileSize(), "applied without a restart");
        assertNull(server.upload.settings.get(USER_QUOTA), "untouched fields are not written");
        browser.screenshot("admin-good-value");

        driver.get(server.page("mobile-upload.jsp"));
        assertEquals("50MB", field(MAX_FILE_SIZE).getAttribute("value"), "shown again on a fresh load");

        field(MAX_FILE_SIZE).clear();
        submitSettings();
        assertNull(server.upload.settings.get(MAX_FILE_SIZE), "an emptied field goes back to the default");
        assertEquals(100L * 1024 * 1024, server.upload.runtime.settings().maxFileSize());
    }

    @Test
    void aPostWithoutTheCsrfTokenNeverReachesThePage() throws Exception {
        driver.get(server.page("mobile-upload.jsp"));
        field(MAX_FILE_SIZE).sendKeys("1 KB");
        ((JavascriptExecutor) driver).executeScript("document.querySelector('input[name=csrf]').remove()");
        submitSettings();

        assertEquals(1, server.csrf.refused());
        assertTrue(driver.findElements(By.id("notice")).isEmpty(), "no 'saved'");
        assertNull(server.upload.settings.get(MAX_FILE_SIZE), "nothing saved");
        assertEquals(server.page("mobile-upload.jsp"), driver.getCurrentUrl(), "sent back, as Openfire does");

        field(MAX_FILE_SIZE).sendKeys("1 KB");
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelector('input[name=csrf]').value = 'forged-token'");
        submitSettings();
        assertEquals(2, server.csrf.refused());
        assertNull(server.upload.settings.get(MAX_FILE_SIZE), "nothing saved with a forged token either");
        browser.screenshot("admin-csrf-refused");

        field(MAX_FILE_SIZE).sendKeys("1 KB");
        submitSettings();
        assertEquals("1 KB", server.upload.settings.get(MAX_FILE_SIZE), "the page's own token works");
    }

    @Test
    void fileNamesAndContentTypesAreShownAsText() throws Exception {
        String name = "<img src=x onerror=alert(1)>.png";
        String type = "image/png; name=\"<img src=y onerror=alert(2)>\"";
        server.uploadFile("mallory@example.org", name, 1234, type);

        driver.get(server.page("mobile-upload.jsp"));
        assertTrue(driver.findElement(By.id("top-users")).getText().contains("mallory@example.org"));
        driver.get(server.page("mobile-upload-user.jsp?jid="
                + URLEncoder.encode("mallory@example.org", StandardCharsets.UTF_8)));

        assertEquals(name, driver.findElement(By.cssSelector("tr.user-file td.file-name")).getText(),
                "the name is visible, as text");
        assertTrue(driver.getPageSource().contains("&lt;img src=x onerror=alert(1)&gt;.png"));
        assertTrue(driver.findElement(By.id("user-files")).getText().contains("<img src=y onerror=alert(2)>"));
        assertTrue(driver.findElements(By.tagName("img")).isEmpty(), "no element was injected");
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "no script ran");
        browser.screenshot("admin-hostile-file-name");
    }

    @Test
    void oneFileIsDeletedAndATamperedFormCannotDeleteAnotherUsersFile() throws Exception {
        var juliets = server.uploadFile("juliet@example.org", "balcony.jpg", 300, "image/jpeg");
        server.uploadFile("romeo@example.org", "song.ogg", 200, "audio/ogg");
        server.uploadFile("romeo@example.org", "poem.txt", 100, "text/plain");
        driver.get(server.page("mobile-upload-user.jsp?jid=romeo%40example.org"));
        assertEquals(2, driver.findElements(By.cssSelector("tr.user-file")).size());

        // Romeo's page, with the slot of Juliet's file put into his first delete form.
        ((JavascriptExecutor) driver).executeScript("document.querySelector('tr.user-file input[name=slot]').value"
                + " = arguments[0]", juliets.slotId());
        browser.clickAndWaitForNewPage(driver.findElements(By.cssSelector("button.delete-file")).get(0));
        assertTrue(driver.findElement(By.id("problem")).getText().contains("belongs to someone else"));
        assertTrue(server.upload.runtime.service().lookup(juliets.slotId()).isPresent(), "Juliet's file is kept");

        browser.clickAndWaitForNewPage(driver.findElements(By.cssSelector("button.delete-file")).get(0));
        assertEquals("1 file was deleted.", driver.findElement(By.id("notice")).getText());
        assertEquals(1, driver.findElements(By.cssSelector("tr.user-file")).size());
        assertEquals(1, server.upload.runtime.service().ledger().ofOwner("romeo@example.org").size());
        browser.screenshot("admin-one-file-deleted");
    }

    @Test
    void anAddressThatIsNoUserIsSaidToBeOne() {
        driver.get(server.page("mobile-upload-user.jsp?jid="
                + URLEncoder.encode("<b>not a jid", StandardCharsets.UTF_8)));
        assertEquals("<b>not a jid is not a user address such as juliet@example.org.",
                driver.findElement(By.id("problem")).getText());
        assertTrue(driver.findElements(By.tagName("b")).isEmpty());
    }
}
