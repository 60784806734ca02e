package net.mobilemessaging.archive;

import org.dom4j.Element;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What a media element says about its file, read leniently from any of the three formats: name, size, media type
 * and the first HTTP(S) source. Any part may be missing.
 *
 * @param size bytes, or -1 when not given
 */
record MediaFile(MediaKind kind, String namespace, String name, long size, String mediaType, String url) {

    private static final int MAX_NAME = 200;
    private static final int MAX_URL = 2048;

    /** Reads {@code element}, which is the message's child of the given kind. */
    static MediaFile of(MediaKind kind, Element element) {
        return switch (kind) {
            case SIMS -> sims(element);
            case SFS -> sfs(element);
            case OOB -> oob(element);
        };
    }

    private static MediaFile sims(Element reference) {
        Element sharing = child(reference, "media-sharing", MediaNamespaces.SIMS_1);
        if (sharing == null) {
            sharing = child(reference, "media-sharing", MediaNamespaces.SIMS_2);
        }
        Element file = child(sharing, "file", MediaNamespaces.JINGLE_FILE_5);
        if (file == null) {
            file = child(sharing, "file", MediaNamespaces.JINGLE_FILE_4);
        }
        String url = null;
        Element sources = firstChildNamed(sharing, "sources");
        if (sources != null) {
            for (Element source : sources.elements()) {
                if (url == null && "reference".equals(source.getName())) {
                    url = httpUrl(source.attributeValue("uri"));
                }
            }
        }
        return new MediaFile(MediaKind.SIMS, sharing.getNamespaceURI(), text(file, "name"), size(text(file, "size")),
                text(file, "media-type"), url);
    }

    private static MediaFile sfs(Element sharing) {
        Element file = child(sharing, "file", MediaNamespaces.FILE_METADATA);
        String url = null;
        Element sources = firstChildNamed(sharing, "sources");
        if (sources != null) {
            for (Element source : sources.elements()) {
                if (url == null && "url-data".equals(source.getName())) {
                    url = httpUrl(source.attributeValue("target"));
                }
                if (url == null && "reference".equals(source.getName())) {
                    url = httpUrl(source.attributeValue("uri"));
                }
            }
        }
        return new MediaFile(MediaKind.SFS, MediaNamespaces.SFS, text(file, "name"), size(text(file, "size")),
                text(file, "media-type"), url);
    }

    private static MediaFile oob(Element x) {
        String url = httpUrl(text(x, "url"));
        String desc = text(x, "desc");
        String name = desc != null && !desc.isBlank() ? desc : lastPathSegment(url);
        return new MediaFile(MediaKind.OOB, MediaNamespaces.OOB, name, -1, null, url);
    }

    /** The file's name made safe to show: no control or invisible formatting characters, bounded length. */
    String displayName() {
        if (name == null) {
            return "";
        }
        StringBuilder safe = new StringBuilder(Math.min(name.length(), MAX_NAME));
        name.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .limit(MAX_NAME).forEach(safe::appendCodePoint);
        return safe.toString().trim();
    }

    private static Element child(Element parent, String name, String namespace) {
        if (parent == null) {
            return null;
        }
        for (Element e : parent.elements()) {
            if (name.equals(e.getName()) && namespace.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstChildNamed(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Element e : parent.elements()) {
            if (name.equals(e.getName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String childName) {
        Element child = firstChildNamed(parent, childName);
        if (child == null) {
            return null;
        }
        String text = child.getTextTrim();
        return text.isEmpty() ? null : text;
    }

    private static long size(String text) {
        if (text == null || text.length() > 19) {
            return -1;
        }
        try {
            long size = Long.parseLong(text);
            return size >= 0 ? size : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code value} if it is an http or https URL of sane length, else null. */
    static String httpUrl(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (v.length() > MAX_URL || !(lower.startsWith("https://") || lower.startsWith("http://"))) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) <= ' ') {
                return null;
            }
        }
        return v;
    }

    private static String lastPathSegment(String url) {
        if (url == null) {
            return null;
        }
        int end = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = url.substring(0, end);
        String segment = path.substring(path.lastIndexOf('/') + 1);
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** Every HTTP(S) URL among {@code files}, in order. */
    static List<String> urls(List<MediaFile> files) {
        return files.stream().map(MediaFile::url).filter(u -> u != null).toList();
    }
}
