package net.mobilemessaging.admin;

import net.mobilemessaging.admin.MonitoringArchive.Verdict;
import net.mobilemessaging.settings.MapSettingsSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statement the archive page makes, against what the Monitoring plugin does: one-to-one messages need
 * {@code conversation.messageArchiving}; group chat messages need {@code conversation.roomArchiving}, and
 * {@code conversation.roomArchivingStanzas} to keep the media element; body-less ones need the keeper.
 */
class MonitoringArchiveTest {

    private final MapSettingsSource settings = new MapSettingsSource();

    private MonitoringArchive read(boolean installed) {
        return MonitoringArchive.read(settings, installed);
    }

    @Test
    void withoutTheMonitoringPluginNothingIsArchived() {
        MonitoringArchive.archiveEverything(settings);
        assertEquals(Verdict.NO_MONITORING, read(false).oneToOne());
        assertEquals(Verdict.NO_MONITORING, read(false).groupChat());
    }

    @Test
    void theMonitoringPluginsDefaultsArchiveNothing() {
        assertEquals(Verdict.ARCHIVING_OFF, read(true).oneToOne());
        assertEquals(Verdict.ARCHIVING_OFF, read(true).groupChat());
        assertFalse(read(true).allOn());
    }

    @Test
    void groupChatsNeedWholeStanzasToKeepTheMediaElement() {
        settings.with(MonitoringArchive.MESSAGE_ARCHIVING, "true").with(MonitoringArchive.ROOM_ARCHIVING, "true");
        assertEquals(Verdict.ARCHIVED, read(true).oneToOne());
        assertEquals(Verdict.TEXT_ONLY, read(true).groupChat());
        assertEquals(MonitoringArchive.ROOM_STANZAS, MonitoringArchive.propertyFor(Verdict.TEXT_ONLY, true));

        settings.with(MonitoringArchive.ROOM_STANZAS, "TRUE");
        assertEquals(Verdict.ARCHIVED, read(true).groupChat(), "read as Boolean.parseBoolean reads it");
        assertTrue(read(true).allOn());
    }

    @Test
    void stanzasAloneDoNotArchiveGroupChats() {
        settings.with(MonitoringArchive.ROOM_STANZAS, "true");
        assertEquals(Verdict.ARCHIVING_OFF, read(true).groupChat());
        assertEquals(MonitoringArchive.ROOM_ARCHIVING, MonitoringArchive.propertyFor(Verdict.ARCHIVING_OFF, true));
    }

    @Test
    void anythingButTrueIsOff() {
        settings.with(MonitoringArchive.MESSAGE_ARCHIVING, "yes");
        assertEquals(Verdict.ARCHIVING_OFF, read(true).oneToOne());
    }

    @Test
    void withTheKeeperOffBodylessMediaMessagesAreNotArchived() {
        MonitoringArchive.archiveEverything(settings);
        settings.with("mobilemessaging.archive.enabled", "false");
        assertEquals(Verdict.KEEPER_OFF, read(true).oneToOne());
        assertEquals(Verdict.KEEPER_OFF, read(true).groupChat());
        settings.with("mobilemessaging.archive.enabled", "true").with("mobilemessaging.archive.kinds", "none");
        assertEquals(Verdict.KEEPER_OFF, read(true).oneToOne(), "no kind of media message is looked for");
    }

    @Test
    void theButtonSetsExactlyTheThreeProperties() {
        MonitoringArchive.archiveEverything(settings);
        for (String key : MonitoringArchive.NEEDED) {
            assertEquals("true", settings.get(key));
        }
        assertEquals(Verdict.ARCHIVED, read(true).oneToOne());
        assertEquals(Verdict.ARCHIVED, read(true).groupChat());
    }

    @Test
    void aListOfRoomsIsReported() {
        assertEquals("", read(true).roomsListed());
        settings.with(MonitoringArchive.ROOMS_ARCHIVED, " lobby@conference.example.org ");
        assertEquals("lobby@conference.example.org", read(true).roomsListed());
    }
}
