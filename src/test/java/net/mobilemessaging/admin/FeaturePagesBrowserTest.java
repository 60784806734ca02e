package net.mobilemessaging.admin;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.testing.Browser;
import net.mobilemessaging.testing.FeatureAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media archive, client state and push pages in a real headless Chromium: each is reached from the overview,
 * loads with its sidebar page id and every text, and saves a setting that is then stored and shown again; the
 * archive page's button sets the Monitoring plugin; a Web Push app gets a generated key pair, and only its public
 * key appears. Screenshots: {@code target/screenshots/features-*.png}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FeaturePagesBrowserTest {

    private FeatureAdminServer server;
    private Browser browser;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        server = FeatureAdminServer.start();
        server.monitoringLoaded.set(true);
        browser = Browser.start();
        driver = browser.driver;
    }

    @AfterEach
    void stop() throws Exception {
        try {
            browser.screenshot("features-last");
            browser.close();
        } finally {
            server.close();
        }
    }

    private void openFromOverview(String linkText, String title, String pageId) {
        driver.get(server.page("mobile-overview.jsp"));
        browser.clickAndWaitForNewPage(By.linkText("Details and settings of " + linkText));
        assertEquals(title, driver.getTitle());
        assertEquals(pageId, driver.findElement(By.cssSelector("meta[name=pageID]")).getAttribute("content"));
        assertFalse(driver.getPageSource().contains("???"), "every text is in the bundle");
    }

    private void save(String key, String value) {
        WebElement field = driver.findElement(By.name(key));
        field.clear();
        field.sendKeys(value);
        browser.clickAndWaitForNewPage(By.id("save-settings"));
        assertEquals("Settings saved. They apply now.", driver.findElement(By.id("notice")).getText());
        assertEquals(value, driver.findElement(By.name(key)).getAttribute("value"), "shown again");
    }

    @Test
    void eachPageLoadsAndSavesASetting() throws Exception {
        openFromOverview("Media archive", "Media archive", ArchiveSection.PAGE_ID);
        assertEquals("ARCHIVING_OFF", driver.findElement(By.id("verdict-group-chat")).getAttribute("data-verdict"));
        browser.screenshot("features-archive");
        browser.clickAndWaitForNewPage(By.id("archive-everything"));
        assertTrue(driver.findElement(By.id("notice")).getText().startsWith("The Monitoring plugin now archives"));
        assertEquals("ARCHIVED", driver.findElement(By.id("verdict-group-chat")).getAttribute("data-verdict"));
        assertEquals("true", server.settings.get("conversation.roomArchivingStanzas"));
        save(ArchiveSettings.FALLBACK_FORMAT.key(), "{name} {url}");
        assertEquals("{name} {url}", server.settings.get(ArchiveSettings.FALLBACK_FORMAT.key()));

        openFromOverview("Client state (CSI)", "Client state", CsiSection.PAGE_ID);
        assertEquals("csi.core.switchedOff", driver.findElement(By.id("core-delay")).getAttribute("data-state"));
        browser.screenshot("features-csi");
        save(CsiSettings.MAX_HELD.key(), "64");
        assertEquals("64", server.settings.get(CsiSettings.MAX_HELD.key()));

        openFromOverview("Push notifications", "Push notifications", PushSection.PAGE_ID);
        assertTrue(driver.findElement(By.id("chart-pushes-apns")).isDisplayed());
        save(PushSettings.NODE_INTERVAL.key(), "30 s");
        assertEquals(Duration.ofSeconds(30), server.push().settings().nodeInterval(), "applied at once");
        browser.screenshot("features-push");
    }

    @Test
    void aWebPushAppGetsAGeneratedKeyPairAndOnlyThePublicKeyIsShown() throws Exception {
        driver.get(server.page("mobile-push.jsp"));
        browser.clickAndWaitForNewPage(By.id("add-webpush"));
        driver.findElement(By.id("app-id")).sendKeys("chat.example.org");
        driver.findElement(By.id("app-field-webpush.subject")).sendKeys("mailto:push@example.org");
        browser.clickAndWaitForNewPage(By.id("generate-vapid"));

        assertTrue(driver.findElement(By.id("notice")).getText().contains("new VAPID key pair"));
        String publicKey = server.settings.get("mobilemessaging.push.app.chat.example.org.webpush.publicKey");
        String privateKey = server.settings.get("mobilemessaging.push.app.chat.example.org.webpush.privateKey");
        assertTrue(driver.findElement(By.id("push-apps")).getText().contains(publicKey));
        assertFalse(driver.getPageSource().contains(privateKey.substring(20, 60)), "the private key never");
        assertTrue(server.settings.isEncrypted("mobilemessaging.push.app.chat.example.org.webpush.privateKey"));
        browser.screenshot("features-push-app");
    }
}
