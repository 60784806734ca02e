package net.mobilemessaging.archive;

import org.dom4j.Element;
import org.dom4j.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes media-sharing messages survive everything that looks for a body. For a message carrying a SIMS, SFS or OOB
 * element:
 * <ul>
 * <li>no body, or a blank one: a readable fallback body is added, marked with
 *     {@code <fallback xmlns='urn:xmpp:fallback:0' for='<the media namespace>'/>}, and a {@code <store/>} hint;</li>
 * <li>a body: only the {@code <store/>} hint is added;</li>
 * <li>a body and a {@code <store/>} hint already: nothing is added. That is every copy of a message that passed
 *     here before (a room routes one copy per occupant, each through the packet interceptors); its media is still
 *     read for the URLs it links to, which the upload retention's cache of recent references absorbs.</li>
 * </ul>
 * The media element is never changed. Messages are left entirely alone when they carry an end-to-end encrypted
 * payload (their body is the sender's business), a {@code <no-store/>} or {@code <no-permanent-store/>} hint (a
 * body would make Openfire's Monitoring plugin archive them, as it ignores hints), or are of type error or headline.
 * <p>
 * Every message passes {@link #keep}; for one without a media element it reads the child list once and allocates
 * nothing. Thread-safe.
 */
public final class MediaMessageKeeper {

    /** What {@link #keep} did. */
    public enum Outcome { NOT_MEDIA, LEFT_ALONE, STORE_HINT_ADDED, FALLBACK_ADDED }

    private final Supplier<ArchiveSettings> settings;
    private final Consumer<List<String>> referencedUrls;

    private final LongAdder mediaMessages = new LongAdder();
    private final LongAdder fallbacksAdded = new LongAdder();
    private final LongAdder hintsAdded = new LongAdder();
    private final LongAdder leftAlone = new LongAdder();

    /**
     * @param referencedUrls told the HTTP(S) URLs of every media message that passes, so that uploads they point to
     *                       can be kept; called on the stanza's thread, so it must hand work off, not do I/O; is
     *                       told the same URL often (once per copy a room routes)
     */
    public MediaMessageKeeper(Supplier<ArchiveSettings> settings, Consumer<List<String>> referencedUrls) {
        this.settings = settings;
        this.referencedUrls = referencedUrls;
    }

    public Outcome keep(Element message) {
        String type = message.attributeValue("type");
        if ("error".equals(type) || "headline".equals(type)) {
            return Outcome.NOT_MEDIA;
        }
        ArchiveSettings s = null;
        boolean media = false;
        boolean hasBody = false;
        boolean untouchable = false;
        boolean hasStoreHint = false;
        for (int i = 0, n = message.nodeCount(); i < n; i++) {
            Node node = message.node(i);
            if (node.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            Element child = (Element) node;
            String ns = child.getNamespaceURI();
            String name = child.getName();
            if (name.equals("body") && MediaNamespaces.isStanzaNamespace(ns)) {
                hasBody |= !child.getText().isBlank();
            } else if (ns.equals(MediaNamespaces.HINTS)) {
                hasStoreHint |= name.equals("store");
                untouchable |= name.equals("no-store") || name.equals("no-permanent-store");
            } else if (MediaNamespaces.isEncrypted(ns)) {
                untouchable = true;
            } else if (!media) {
                MediaKind kind = kindOf(child);
                if (kind != null) {
                    if (s == null) {
                        s = settings.get(); // read only once a media element turns up
                    }
                    media = s.kinds().contains(kind);
                }
            }
        }
        if (!media) {
            return Outcome.NOT_MEDIA;
        }
        mediaMessages.increment();
        List<MediaFile> files = mediaFiles(message, s);
        if (s.keepReferencedUploads()) {
            // Also for messages that arrive whole, and for every copy a room sends of one this keeper handled: the
            // retention's own cache of recent references makes the copies cost no database work.
            List<String> urls = MediaFile.urls(files);
            if (!urls.isEmpty()) {
                referencedUrls.accept(urls);
            }
        }
        if (hasBody && hasStoreHint) {
            leftAlone.increment(); // nothing to add
            return Outcome.LEFT_ALONE;
        }
        return keepMedia(message, s, files, hasBody, untouchable, hasStoreHint);
    }

    /** The kind of a message child that is a media element, or null. Allocation-free. */
    public static MediaKind kindOf(Element child) {
        String ns = child.getNamespaceURI();
        if (ns.equals(MediaNamespaces.REFERENCE) && child.getName().equals("reference")) {
            for (int i = 0, n = child.nodeCount(); i < n; i++) {
                Node node = child.node(i);
                if (node.getNodeType() == Node.ELEMENT_NODE && ((Element) node).getName().equals("media-sharing")) {
                    String sims = ((Element) node).getNamespaceURI();
                    if (sims.equals(MediaNamespaces.SIMS_1) || sims.equals(MediaNamespaces.SIMS_2)) {
                        return MediaKind.SIMS;
                    }
                }
            }
            return null;
        }
        if (ns.equals(MediaNamespaces.SFS) && child.getName().equals("file-sharing")) {
            return MediaKind.SFS;
        }
        if (ns.equals(MediaNamespaces.OOB) && child.getName().equals("x")) {
            return MediaKind.OOB;
        }
        return null;
    }

    private static List<MediaFile> mediaFiles(Element message, ArchiveSettings s) {
        List<MediaFile> files = new ArrayList<>(1);
        for (Element child : message.elements()) {
            MediaKind kind = kindOf(child);
            if (kind != null && s.kinds().contains(kind)) {
                files.add(MediaFile.of(kind, child));
            }
        }
        return files;
    }

    private Outcome keepMedia(Element message, ArchiveSettings s, List<MediaFile> files, boolean hasBody,
                              boolean untouchable, boolean hasStoreHint) {
        if (!s.enabled() || untouchable) {
            leftAlone.increment();
            return Outcome.LEFT_ALONE;
        }
        if (!hasStoreHint) {
            message.addElement("store", MediaNamespaces.HINTS);
        }
        if (hasBody) { // so the store hint was missing (body and hint together return early)
            hintsAdded.increment();
            return Outcome.STORE_HINT_ADDED;
        }
        MediaFile file = files.get(0);
        Element body = blankBody(message);
        if (body == null) {
            body = message.addElement("body", message.getNamespaceURI());
        }
        body.setText(FallbackText.of(s.fallbackFormat(), file));
        message.addElement("fallback", MediaNamespaces.FALLBACK).addAttribute("for", file.namespace());
        fallbacksAdded.increment();
        return Outcome.FALLBACK_ADDED;
    }

    private static Element blankBody(Element message) {
        for (Element child : message.elements()) {
            if (child.getName().equals("body") && MediaNamespaces.isStanzaNamespace(child.getNamespaceURI())) {
                return child;
            }
        }
        return null;
    }

    /** Counters for the admin console: media messages seen, fallbacks added, hints added, left alone. */
    public record Counters(long mediaMessages, long fallbacksAdded, long hintsAdded, long leftAlone) {
    }

    public Counters counters() {
        return new Counters(mediaMessages.sum(), fallbacksAdded.sum(), hintsAdded.sum(), leftAlone.sum());
    }
}
