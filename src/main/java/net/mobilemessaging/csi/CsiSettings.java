package net.mobilemessaging.csi;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the CSI handling ({@code mobilemessaging.csi.*}), typed, with defaults, read in one place.
 *
 * @param groupchatMentionsOnly true: group chat messages wait unless they mention the user (as Prosody does);
 *                              false: every group chat message with a body is delivered at once
 */
public record CsiSettings(boolean enabled, int maxHeld, Duration maxAge, boolean markersImportant,
                          boolean groupchatMentionsOnly, List<String> importantNamespaces) {

    public static final String PREFIX = "mobilemessaging.csi.";

    public static final Setting<Boolean> ENABLED = Setting.flag(PREFIX + "enabled", true,
            "Whether this plugin handles inactive clients (and core's own CSI delay is switched off).");
    public static final Setting<Integer> MAX_HELD = Setting.integer(PREFIX + "maxHeld", 256, 1, 10_000,
            "How many stanzas may wait for an inactive client before all are delivered.");
    public static final Setting<Duration> MAX_AGE = Setting.duration(PREFIX + "maxAge", Duration.ofMinutes(10),
            Duration.ofSeconds(5), Duration.ofHours(24), "How long a stanza may wait for an inactive client.");
    public static final Setting<Boolean> MARKERS_IMPORTANT = Setting.flag(PREFIX + "markersImportant", false,
            "Whether chat markers (read and delivery marks) are delivered at once.");
    public static final Setting<String> GROUPCHAT = Setting.of(PREFIX + "groupchatMessages", "mentions",
            CsiSettings::parseGroupchat, s -> s,
            "Group chat messages delivered at once: mentions (only those naming the user) or all.");
    public static final Setting<List<String>> IMPORTANT_NAMESPACES = Setting.list(PREFIX + "importantNamespaces",
            List.of(), CsiSettings::parseNamespace, "Extra namespaces whose stanzas are always delivered at once.");

    public static final List<Setting<?>> ALL = List.of(ENABLED, MAX_HELD, MAX_AGE, MARKERS_IMPORTANT, GROUPCHAT,
            IMPORTANT_NAMESPACES);

    public CsiSettings {
        importantNamespaces = List.copyOf(importantNamespaces);
    }

    public static CsiSettings defaults() {
        return new CsiSettings(true, 256, Duration.ofMinutes(10), false, true, List.of());
    }

    public static CsiSettings read(SettingsSource source, Setting.Problems problems) {
        return new CsiSettings(ENABLED.read(source, problems), MAX_HELD.read(source, problems),
                MAX_AGE.read(source, problems), MARKERS_IMPORTANT.read(source, problems),
                GROUPCHAT.read(source, problems).equals("mentions"), IMPORTANT_NAMESPACES.read(source, problems));
    }

    private static String parseGroupchat(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (!t.equals("mentions") && !t.equals("all")) {
            throw new IllegalArgumentException("must be mentions or all");
        }
        return t;
    }

    private static String parseNamespace(String text) {
        if (text.length() > 200 || !text.matches("[\\x21-\\x7E]+")) {
            throw new IllegalArgumentException("must be a namespace such as urn:example:important");
        }
        return text;
    }
}
