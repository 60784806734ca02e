package net.mobilemessaging.archive;

import java.util.Locale;

/** The media-sharing elements recognised in a message, by the setting names operators use. */
public enum MediaKind {
    /** XEP-0385: {@code <reference xmlns='urn:xmpp:reference:0'><media-sharing xmlns='urn:xmpp:sims:1|2'>}. */
    SIMS,
    /** XEP-0447: {@code <file-sharing xmlns='urn:xmpp:sfs:0'>}. */
    SFS,
    /** XEP-0066: {@code <x xmlns='jabber:x:oob'>}. */
    OOB;

    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a setting item: sims, sfs or oob. */
    public static String parseSettingName(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT)).settingName();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be sims, sfs or oob");
        }
    }
}
