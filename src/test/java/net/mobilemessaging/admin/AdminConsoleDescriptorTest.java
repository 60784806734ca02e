package net.mobilemessaging.admin;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.FlushReason;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.upload.UploadSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces Openfire puts together must fit: plugin.xml's sidebar items point at the registered pages and carry
 * their page ids, every text the pages and the sidebar use is in the English bundle and is a valid pattern, every
 * setting of every feature is on its page once, and web.xml exists so that Openfire removes the sidebar on unload.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdminConsoleDescriptorTest {

    private final PropertiesTexts texts = PropertiesTexts.english();

    private static Document pluginXml() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("plugin.xml"));
    }

    @Test
    void theSidebarItemsAreThePagesWithTheirPageIds() throws Exception {
        Document d = pluginXml();
        Element tab = (Element) d.getElementsByTagName("tab").item(0);
        assertEquals("tab-server", tab.getAttribute("id"));
        NodeList items = d.getElementsByTagName("item");
        Map<String, String> urlById = new HashMap<>();
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            urlById.put(item.getAttribute("id"), "/" + item.getAttribute("url"));
        }
        assertEquals(Map.of(AdminConsole.OVERVIEW_PAGE_ID, AdminConsole.OVERVIEW_URL,
                UploadSection.PAGE_ID, UploadSection.SETTINGS_URL,
                ArchiveSection.PAGE_ID, ArchiveSection.URL,
                CsiSection.PAGE_ID, CsiSection.URL,
                PushSection.PAGE_ID, PushSection.URL), urlById);
    }

    @Test
    void everySidebarTextIsInTheBundle() throws Exception {
        Document d = pluginXml();
        List<String> missing = new ArrayList<>();
        for (String tag : List.of("sidebar", "item")) {
            NodeList nodes = d.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                for (String attribute : List.of("name", "description")) {
                    String value = e.getAttribute(attribute);
                    assertTrue(value.matches("\\$\\{[a-z.]+}"), "an i18n key: " + value);
                    String key = value.substring(2, value.length() - 1);
                    if (texts.pattern(key) == null) {
                        missing.add(key);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyTextTheCodeUsesIsInTheBundleAndEveryPatternIsValid() throws Exception {
        Pattern literal = Pattern.compile("\"((?:overview|upload|check|form|quota|archive|csi|push)\\.[A-Za-z.]+)\"");
        Set<String> used = new HashSet<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/net/mobilemessaging/admin"))) {
            for (Path source : sources.toList()) {
                Matcher m = literal.matcher(Files.readString(source));
                while (m.find()) {
                    if (!m.group(1).endsWith(".")) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        for (Setting<?> setting : UploadSettings.ALL) {
            String name = setting.key().substring(UploadSettings.PREFIX.length());
            used.add("upload.setting." + name + ".label");
            used.add("upload.setting." + name + ".help");
        }
        settingTexts(used, "archive", ArchiveSettings.PREFIX, ArchiveSettings.ALL);
        settingTexts(used, "csi", CsiSettings.PREFIX, CsiSettings.ALL);
        settingTexts(used, "push", PushSettings.PREFIX, PushSettings.ALL);
        for (String page : List.of("archive", "csi", "push")) {
            used.add(page + ".title");
            used.add(page + ".settings.title");
        }
        for (MonitoringArchive.Verdict verdict : MonitoringArchive.Verdict.values()) {
            used.add("archive.verdict." + verdict);
        }
        used.add("archive.done.monitoring");
        used.add("archive.done.monitoringMissing");
        for (String counter : List.of("media", "fallbacks", "hints", "leftAlone")) {
            used.add("archive.counters." + counter + ".help");
        }
        for (String total : List.of("held", "delivered", "superseded", "savedOnClose")) {
            used.add("csi.totals." + total + ".help");
        }
        for (String column : List.of("waiting", "held", "delivered", "superseded", "flushes")) {
            used.add("csi.sessions." + column);
        }
        for (FlushReason reason : FlushReason.values()) {
            used.add("csi.flush." + reason);
            used.add("csi.flush." + reason + ".help");
        }
        for (Provider provider : Provider.values()) {
            used.add("push.provider." + provider);
            used.add("push.provider." + provider + ".help");
        }
        for (PushAppFields.Field field : PushAppFields.ALL) {
            used.add("push.app.field." + field.name() + ".label");
            used.add("push.app.field." + field.name() + ".help");
        }
        for (String done : List.of("appSaved", "vapidGenerated", "appDeleted")) {
            used.add("push.done." + done);
        }
        for (AnnouncedUrlCheck.Finding finding : AnnouncedUrlCheck.Finding.values()) {
            used.add("check.finding." + finding);
        }
        for (AnnouncedUrlCheck.Note note : AnnouncedUrlCheck.Note.values()) {
            used.add("check.note." + note);
        }
        for (ServiceStatus.State state : ServiceStatus.State.values()) {
            used.add("overview.state." + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertTrue(used.size() > 100, "the scan found the texts: " + used.size());
        List<String> missing = used.stream().filter(k -> texts.pattern(k) == null).sorted().toList();
        assertEquals(List.of(), missing, "texts missing from the English bundle");

        for (String key : texts.keys()) {
            String pattern = texts.pattern(key);
            assertFalse(pattern.contains("'"), key + ": write an apostrophe as \\u2019, MessageFormat eats '");
            new MessageFormat(pattern); // throws on a malformed pattern
        }
    }

    @Test
    void everySettingIsOnItsPageExactlyOnce() {
        assertOnceEach(UploadSettings.ALL, UploadSection.GROUPS);
        assertOnceEach(ArchiveSettings.ALL, ArchiveSection.GROUPS);
        assertOnceEach(CsiSettings.ALL, CsiSection.GROUPS);
        assertOnceEach(PushSettings.ALL, PushSection.GROUPS);
    }

    private static void assertOnceEach(List<Setting<?>> all, List<SettingGroup> groups) {
        List<Setting<?>> shown = new ArrayList<>();
        groups.forEach(g -> shown.addAll(g.settings()));
        assertEquals(all.size(), shown.size(), () -> shown.toString());
        assertEquals(Set.copyOf(all), Set.copyOf(shown));
    }

    private static void settingTexts(Set<String> used, String textPrefix, String keyPrefix, List<Setting<?>> all) {
        for (Setting<?> setting : all) {
            String name = setting.key().substring(keyPrefix.length());
            used.add(textPrefix + ".setting." + name + ".label");
            used.add(textPrefix + ".setting." + name + ".help");
        }
    }

    @Test
    void webXmlExistsWithoutServlets() throws Exception {
        for (String file : List.of("web/WEB-INF/web.xml", "web/WEB-INF/web-custom.xml")) {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(file));
            assertEquals(0, d.getElementsByTagName("servlet").getLength(), file + ": pages are registered in code");
        }
    }
}
