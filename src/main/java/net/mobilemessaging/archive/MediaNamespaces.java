package net.mobilemessaging.archive;

/**
 * Namespaces the media-message keeper and the CSI classifier both read, as constants, and the two namespace tests
 * they share; one set, so that the two cannot disagree about what is encrypted or where a body may arrive.
 * Compared by {@code equals} on the hot path.
 */
public final class MediaNamespaces {

    /** XEP-0372 references: SIMS wraps its media in one, and mentions are one. */
    public static final String REFERENCE = "urn:xmpp:reference:0";
    public static final String SIMS_1 = "urn:xmpp:sims:1";
    public static final String SIMS_2 = "urn:xmpp:sims:2";
    public static final String JINGLE_FILE_5 = "urn:xmpp:jingle:apps:file-transfer:5";
    public static final String JINGLE_FILE_4 = "urn:xmpp:jingle:apps:file-transfer:4";
    public static final String SFS = "urn:xmpp:sfs:0";
    public static final String FILE_METADATA = "urn:xmpp:file:metadata:0";
    public static final String OOB = "jabber:x:oob";
    /** XEP-0334 message processing hints ({@code <store/>}, {@code <no-store/>}...). */
    public static final String HINTS = "urn:xmpp:hints";
    public static final String FALLBACK = "urn:xmpp:fallback:0";
    /** XEP-0203 delayed delivery stamps. */
    public static final String DELAY = "urn:xmpp:delay";

    /**
     * Payloads whose content is encrypted end to end: OMEMO (old and current), OpenPGP (XEP-0373, XEP-0027), and
     * XEP-0380's marker of an encrypted message.
     */
    public static boolean isEncrypted(String namespace) {
        switch (namespace) {
            case "eu.siacs.conversations.axolotl":
            case "urn:xmpp:omemo:1":
            case "urn:xmpp:omemo:2":
            case "urn:xmpp:openpgp:0":
            case "jabber:x:encrypted":
            case "urn:xmpp:eme:0":
                return true;
            default:
                return false;
        }
    }

    /** The stanza namespaces in which a {@code <body/>} (or any stanza-level child) may arrive. */
    public static boolean isStanzaNamespace(String namespace) {
        switch (namespace) {
            case "":
            case "jabber:client":
            case "jabber:server":
            case "jabber:component:accept":
                return true;
            default:
                return false;
        }
    }

    private MediaNamespaces() {
    }
}
