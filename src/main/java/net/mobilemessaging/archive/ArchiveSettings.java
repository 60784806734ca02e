package net.mobilemessaging.archive;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the media-message keeper ({@code mobilemessaging.archive.*}), typed, with defaults, read in one place.
 *
 * @param fallbackFormat the fallback body: {@code {name}}, {@code {size}}, {@code {url}} and {@code {type}} are
 *                       replaced; parts left empty are dropped with their brackets
 */
public record ArchiveSettings(boolean enabled, Set<MediaKind> kinds, String fallbackFormat,
                              boolean keepReferencedUploads) {

    public static final String PREFIX = "mobilemessaging.archive.";

    public static final Setting<Boolean> ENABLED = Setting.flag(PREFIX + "enabled", true,
            "Whether body-less media messages get a fallback body and a store hint.");
    public static final Setting<List<String>> KINDS = Setting.list(PREFIX + "kinds", List.of("sims", "sfs", "oob"),
            MediaKind::parseSettingName, "Which media elements to handle: sims (XEP-0385), sfs (XEP-0447), oob "
                    + "(XEP-0066).");
    public static final Setting<String> FALLBACK_FORMAT = Setting.of(PREFIX + "fallbackFormat",
            "{name} ({size}) {url}", ArchiveSettings::parseFormat, s -> s,
            "The fallback body; {name}, {size}, {url} and {type} are filled in.");
    public static final Setting<Boolean> KEEP_REFERENCED_UPLOADS = Setting.flag(PREFIX + "keepReferencedUploads",
            true, "Whether an uploaded file a message links to is kept for the full expiry period after that message.");

    public static final List<Setting<?>> ALL = List.of(ENABLED, KINDS, FALLBACK_FORMAT, KEEP_REFERENCED_UPLOADS);

    public ArchiveSettings {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public static ArchiveSettings defaults() {
        return new ArchiveSettings(true, EnumSet.allOf(MediaKind.class), FALLBACK_FORMAT.defaultValue(), true);
    }

    public static ArchiveSettings read(SettingsSource source, Setting.Problems problems) {
        EnumSet<MediaKind> kinds = EnumSet.noneOf(MediaKind.class);
        for (String name : KINDS.read(source, problems)) {
            kinds.add(MediaKind.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        }
        return new ArchiveSettings(ENABLED.read(source, problems), kinds, FALLBACK_FORMAT.read(source, problems),
                KEEP_REFERENCED_UPLOADS.read(source, problems));
    }

    private static String parseFormat(String text) {
        if (!text.contains("{name}") && !text.contains("{url}")) {
            throw new IllegalArgumentException("must contain {name} or {url}, e.g. {name} ({size}) {url}");
        }
        if (text.length() > 200) {
            throw new IllegalArgumentException("must be at most 200 characters");
        }
        return text;
    }
}
