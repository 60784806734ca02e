package net.mobilemessaging.admin;

import net.mobilemessaging.testing.AdminTestServer;
import net.mobilemessaging.testing.Browser;
import net.mobilemessaging.upload.SlotRequest;
import net.mobilemessaging.upload.UploadError;
import net.mobilemessaging.upload.UploadProtocol;
import net.mobilemessaging.upload.UploadService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.xmpp.packet.JID;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done means", walked in a real browser by an operator who has never read the README, from the
 * overview on, finding everything by what the pages say: set a per-user quota of 200 MB and a largest file of
 * 100 MB, see that clients will reach the announced URL, find who uses the most space, and delete that user's
 * files. Then checks that each step really happened in the running service. Screenshots:
 * {@code target/screenshots/walkthrough-*.png}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperatorWalkthroughBrowserTest {

    private AdminTestServer server;
    private Browser browser;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        server = AdminTestServer.start();
        browser = Browser.start();
        driver = browser.driver;
        // Users have been uploading: the nurse the most.
        server.uploadFile("juliet@example.org", "balcony.jpg", 3000, "image/jpeg");
        server.uploadFile("juliet@example.org", "letter.txt", 2000, "text/plain");
        server.uploadFile("romeo@example.org", "song.ogg", 4000, "audio/ogg");
        server.uploadFile("nurse@example.org", "gossip.mp4", 9000, "video/mp4");
        server.uploadFile("nurse@example.org", "gossip-2.mp4", 6000, "video/mp4");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            browser.screenshot("walkthrough-last");
            browser.close();
        } finally {
            server.close();
        }
    }

    /** The input an operator finds by its label's text. */
    private WebElement fieldLabelled(String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    @Test
    void anOperatorSetsLimitsChecksReachabilityAndDeletesTheLargestUsersFiles() throws Exception {
        driver.get(server.page("mobile-overview.jsp"));
        browser.clickAndWaitForNewPage(By.partialLinkText("HTTP File Upload"));
        browser.screenshot("walkthrough-1-upload-page");

        // 1. A per-user quota of 200 MB and a largest file of 100 MB.
        fieldLabelled("Storage per user").sendKeys("200 MB");
        WebElement largest = fieldLabelled("Largest file");
        largest.clear();
        largest.sendKeys("100 MB");
        browser.clickAndWaitForNewPage(By.xpath("//button[normalize-space()='Save settings']"));
        assertEquals("Settings saved. They apply now.", driver.findElement(By.id("notice")).getText());
        assertEquals("200 MB", fieldLabelled("Storage per user").getAttribute("value"));
        assertEquals("100 MB", fieldLabelled("Largest file").getAttribute("value"));
        browser.screenshot("walkthrough-2-limits-saved");

        // 2. Will clients reach the announced URL?
        browser.clickAndWaitForNewPage(By.xpath("//button[normalize-space()='Check the announced URL now']"));
        WebElement verdict = driver.findElement(By.id("check-result"));
        assertTrue(verdict.getText().startsWith("Clients will reach the upload service."), verdict.getText());
        browser.screenshot("walkthrough-3-announced-url-checked");

        // 3. Who uses the most space? The first of the list, with a quota bar against 200 MB.
        WebElement top = driver.findElements(By.cssSelector("#top-users tr.top-user")).get(0);
        assertTrue(top.getText().startsWith("nurse@example.org"), top.getText());
        assertTrue(top.getText().contains("15.0 KB of 200 MB"), top.getText());
        browser.clickAndWaitForNewPage(By.linkText("nurse@example.org"));
        assertEquals(2, driver.findElements(By.cssSelector("tr.user-file")).size());
        browser.screenshot("walkthrough-4-largest-user");

        // 4. Delete that user's files.
        driver.findElement(By.xpath("//label[contains(., 'Yes, delete all 2 files of nurse@example.org')]")).click();
        browser.clickAndWaitForNewPage(By.xpath("//button[normalize-space()='Delete all files']"));
        assertEquals("2 files were deleted.", driver.findElement(By.id("notice")).getText());
        assertEquals("This user has no uploaded files.", driver.findElement(By.id("no-files")).getText());
        browser.screenshot("walkthrough-5-files-deleted");

        browser.clickAndWaitForNewPage(By.partialLinkText("Back to HTTP File Upload"));
        String topUsers = driver.findElement(By.id("top-users")).getText();
        assertFalse(topUsers.contains("nurse@example.org"), topUsers);
        assertTrue(topUsers.contains("romeo@example.org") && topUsers.contains("juliet@example.org"), topUsers);

        // What the pages said happened, happened in the running service, without a restart.
        UploadService service = server.upload.runtime.service();
        assertEquals(200_000_000L, service.settings().userQuota());
        assertEquals(100_000_000L, service.settings().maxFileSize());
        assertEquals(UploadError.FILE_TOO_LARGE, slot("romeo@example.org", 100_000_001L));
        assertEquals(null, slot("romeo@example.org", 90_000_000L));
        assertEquals(null, slot("romeo@example.org", 90_000_000L));
        assertEquals(UploadError.QUOTA_EXCEEDED, slot("romeo@example.org", 90_000_000L), "200 MB per user");
        assertEquals(List.of(), service.ledger().ofOwner("nurse@example.org"));
        assertEquals(0, service.ledger().usage("nurse@example.org").bytes());
        try (var files = Files.walk(server.upload.directory.resolve("files"))) {
            assertEquals(3, files.filter(Files::isRegularFile).count(), "the nurse's two files are gone from disk");
        }
    }

    private UploadError slot(String owner, long size) {
        return server.upload.runtime.service().requestSlot(new JID(owner + "/phone"),
                new SlotRequest("big.bin", Long.toString(size), "application/octet-stream", UploadProtocol.V0))
                .error();
    }
}
