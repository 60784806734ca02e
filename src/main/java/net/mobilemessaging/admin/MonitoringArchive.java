package net.mobilemessaging.admin;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.util.List;

/**
 * Whether Openfire's Monitoring plugin will archive media messages whole, read from its properties. It archives a
 * one-to-one message only with {@code conversation.messageArchiving} and a non-blank body (which the keeper gives
 * body-less media messages), and then keeps the whole stanza. It archives a group chat message only with
 * {@code conversation.roomArchiving}, keeps the whole stanza (so the media element) only with
 * {@code conversation.roomArchivingStanzas}, and, when {@code conversation.roomsArchived} lists rooms, only theirs.
 * The plugin reads its booleans as {@code Boolean.parseBoolean} does: only "true" is on, and unset is off.
 */
final class MonitoringArchive {

    static final String MESSAGE_ARCHIVING = "conversation.messageArchiving";
    static final String ROOM_ARCHIVING = "conversation.roomArchiving";
    static final String ROOM_STANZAS = "conversation.roomArchivingStanzas";
    static final String ROOMS_ARCHIVED = "conversation.roomsArchived";
    /** What must be true for media messages to be archived whole in every chat. */
    static final List<String> NEEDED = List.of(MESSAGE_ARCHIVING, ROOM_ARCHIVING, ROOM_STANZAS);

    /** What happens to a body-less media message in one kind of chat, the first reason that applies. */
    enum Verdict {
        /** Archived with its whole stanza, media element included. */
        ARCHIVED,
        /** Archived as its fallback body only: the media element is lost. */
        TEXT_ONLY,
        /** The Monitoring plugin is not loaded: nothing is archived. */
        NO_MONITORING,
        /** The Monitoring plugin's archiving of this kind of chat is off. */
        ARCHIVING_OFF,
        /** The keeper is off, so body-less media messages get no body and the archive skips them. */
        KEEPER_OFF
    }

    private final SettingsSource settings;
    private final boolean installed;
    private final boolean keeperOn;

    private MonitoringArchive(SettingsSource settings, boolean installed, boolean keeperOn) {
        this.settings = settings;
        this.installed = installed;
        this.keeperOn = keeperOn;
    }

    static MonitoringArchive read(SettingsSource settings, boolean monitoringLoaded) {
        ArchiveSettings keeper = ArchiveSettings.read(settings, Setting.Problems.IGNORE);
        return new MonitoringArchive(settings, monitoringLoaded, keeper.enabled() && !keeper.kinds().isEmpty());
    }

    /** Sets the Monitoring plugin to archive one-to-one and group chats with their whole stanzas. */
    static void archiveEverything(SettingsSource settings) {
        for (String key : NEEDED) {
            settings.set(key, "true", false);
        }
    }

    boolean installed() {
        return installed;
    }

    /** The property's stored text, or null when unset. */
    String stored(String key) {
        return settings.get(key);
    }

    /** Whether the Monitoring plugin reads the property as true. */
    boolean on(String key) {
        return Boolean.parseBoolean(settings.get(key));
    }

    boolean allOn() {
        return NEEDED.stream().allMatch(this::on);
    }

    /** The rooms {@code conversation.roomsArchived} restricts group chat archiving to; empty when it does not. */
    String roomsListed() {
        String rooms = settings.get(ROOMS_ARCHIVED);
        return rooms == null ? "" : rooms.trim();
    }

    Verdict oneToOne() {
        return common(MESSAGE_ARCHIVING);
    }

    Verdict groupChat() {
        Verdict v = common(ROOM_ARCHIVING);
        return v == Verdict.ARCHIVED && !on(ROOM_STANZAS) ? Verdict.TEXT_ONLY : v;
    }

    /** The property a verdict names for a kind of chat: the one to set. */
    static String propertyFor(Verdict verdict, boolean groupChat) {
        if (!groupChat) {
            return MESSAGE_ARCHIVING;
        }
        return verdict == Verdict.TEXT_ONLY ? ROOM_STANZAS : ROOM_ARCHIVING;
    }

    private Verdict common(String archivingProperty) {
        if (!installed) {
            return Verdict.NO_MONITORING;
        }
        if (!on(archivingProperty)) {
            return Verdict.ARCHIVING_OFF;
        }
        if (!keeperOn) {
            return Verdict.KEEPER_OFF;
        }
        return Verdict.ARCHIVED;
    }
}
