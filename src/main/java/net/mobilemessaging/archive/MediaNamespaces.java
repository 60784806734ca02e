package net.mobilemessaging.archive;

/** Namespaces the keeper reads, as constants; compared by {@code equals} on the hot path. */
final class MediaNamespaces {

    static final String REFERENCE = "urn:xmpp:reference:0";
    static final String SIMS_1 = "urn:xmpp:sims:1";
    static final String SIMS_2 = "urn:xmpp:sims:2";
    static final String JINGLE_FILE_5 = "urn:xmpp:jingle:apps:file-transfer:5";
    static final String JINGLE_FILE_4 = "urn:xmpp:jingle:apps:file-transfer:4";
    static final String SFS = "urn:xmpp:sfs:0";
    static final String FILE_METADATA = "urn:xmpp:file:metadata:0";
    static final String URL_DATA = "http://jabber.org/protocol/url-data";
    static final String OOB = "jabber:x:oob";
    static final String HINTS = "urn:xmpp:hints";
    static final String FALLBACK = "urn:xmpp:fallback:0";

    /** Payloads whose content is encrypted end to end: OMEMO (old and current), OpenPGP (XEP-0373, XEP-0027). */
    static boolean isEncrypted(String namespace) {
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

    /** The stanza namespaces in which a {@code <body/>} may arrive. */
    static boolean isStanzaNamespace(String namespace) {
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
