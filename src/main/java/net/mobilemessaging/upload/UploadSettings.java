package net.mobilemessaging.upload;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.settings.Values;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of the upload service, typed, with its default, bounds and a one-line description, read in one
 * place. Stored as Openfire system properties {@code mobilemessaging.upload.*} (or in the standalone properties
 * file). An instance is an immutable snapshot; the host builds a new one when a property changes.
 *
 * @param announcedUrl the base of slot URLs as clients see it, without a trailing slash
 */
public record UploadSettings(
        boolean enabled,
        String subdomain,
        long maxFileSize,
        long userQuota,
        long storageCap,
        Duration expiry,
        Duration slotLifetime,
        List<String> extraDomains,
        List<String> allowedTypes,
        List<String> deniedTypes,
        List<String> inlineTypes,
        int maxFileNameLength,
        Path directory,
        String announcedUrl,
        String contextPath,
        List<String> corsOrigins,
        Duration sweepInterval,
        boolean syncToDisk) {

    public static final String PREFIX = "mobilemessaging.upload.";

    /** The key under which the token secret is kept, encrypted; not an operator setting. */
    public static final String SECRET_KEY = PREFIX + "secret";

    private static final long KiB = 1024, MiB = KiB * KiB, GiB = MiB * KiB, TiB = GiB * KiB;

    public static final Setting<Boolean> ENABLED = Setting.flag(PREFIX + "enabled", true,
            "Whether the upload service runs.");
    public static final Setting<String> SUBDOMAIN = Setting.of(PREFIX + "subdomain", "upload",
            Values.subdomain("upload"), s -> s,
            "The service's address below the XMPP domain: upload gives upload.<domain>.");
    public static final Setting<Long> MAX_FILE_SIZE = Setting.size(PREFIX + "maxFileSize", 100 * MiB, 1, 64 * TiB,
            "The largest file a user may upload, announced to clients.");
    public static final Setting<Long> USER_QUOTA = Setting.size(PREFIX + "userQuota", GiB, 0, Long.MAX_VALUE / 4,
            "The storage one user's files (and open slots) may take; 0 means no limit.");
    public static final Setting<Long> STORAGE_CAP = Setting.size(PREFIX + "storageCap", 0, 0, Long.MAX_VALUE / 4,
            "The storage all uploads together may take; 0 means no limit.");
    public static final Setting<Duration> EXPIRY = Setting.duration(PREFIX + "expiry", Duration.ofDays(30),
            Duration.ZERO, Duration.ofDays(100 * 365),
            "How long a file is kept after its upload; 0 keeps files forever.");
    public static final Setting<Duration> SLOT_LIFETIME = Setting.duration(PREFIX + "slotLifetime",
            Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofDays(1),
            "How long a client has to start its upload after it was given a slot.");
    public static final Setting<List<String>> EXTRA_DOMAINS = Setting.list(PREFIX + "extraDomains", List.of(),
            UploadSettings::parseDomain,
            "Other domains whose users may upload, trusted as their server vouches for them (list no domain that "
                    + "allows anonymous login); other remote users, and this server's anonymous users, never may.");
    public static final Setting<List<String>> ALLOWED_TYPES = Setting.list(PREFIX + "allowedTypes", List.of("*/*"),
            ContentTypes::parsePattern, "The content types that may be uploaded, e.g. image/*, video/mp4.");
    public static final Setting<List<String>> DENIED_TYPES = Setting.list(PREFIX + "deniedTypes", List.of(),
            ContentTypes::parsePattern, "Content types refused even when allowed above.");
    public static final Setting<List<String>> INLINE_TYPES = Setting.list(PREFIX + "inlineTypes",
            List.of("image/*", "audio/*", "video/*", "text/plain"), ContentTypes::parsePattern,
            "Types a browser may show in place; everything else downloads as an attachment.");
    public static final Setting<Integer> MAX_FILE_NAME_LENGTH = Setting.integer(PREFIX + "maxFileNameLength", 255,
            1, 1000, "The longest file name accepted, in characters.");
    public static final Setting<String> DIRECTORY = Setting.optionalText(PREFIX + "directory",
            UploadSettings::parseDirectory,
            "Where files are stored; empty means the folder mobilemessaging/uploads in Openfire's home.");
    public static final Setting<String> ANNOUNCED_URL = Setting.optionalText(PREFIX + "announcedUrl",
            Values.httpUrl("https://files.example.org/upload"),
            "The address clients use to reach the upload servlet; set it when a reverse proxy sits in front; "
                    + "empty means https://<server host>:<HTTP-bind TLS port>/<context path>.");
    public static final Setting<String> CONTEXT_PATH = Setting.of(PREFIX + "contextPath", "/upload",
            Values.contextPath("/upload"), s -> s,
            "The path of the upload servlet on Openfire's HTTP-bind web server.");
    public static final Setting<List<String>> CORS_ORIGINS = Setting.list(PREFIX + "corsOrigins", List.of("*"),
            UploadSettings::parseOrigin, "Web origins whose pages may upload and download (* for any).");
    public static final Setting<Duration> SWEEP_INTERVAL = Setting.duration(PREFIX + "sweepInterval",
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(1),
            "How often expired files are deleted and storage is reconciled with the database.");
    public static final Setting<Boolean> SYNC_TO_DISK = Setting.flag(PREFIX + "syncToDisk", false,
            "Whether each upload is forced to disk before it is acknowledged, so that a crash right after loses no "
                    + "file a message points to; costs throughput on large files.");

    /** Every operator setting, in the order the admin console shows them. */
    public static final List<Setting<?>> ALL = List.of(ENABLED, SUBDOMAIN, MAX_FILE_SIZE, USER_QUOTA, STORAGE_CAP,
            EXPIRY, SLOT_LIFETIME, EXTRA_DOMAINS, ALLOWED_TYPES, DENIED_TYPES, INLINE_TYPES, MAX_FILE_NAME_LENGTH,
            DIRECTORY, ANNOUNCED_URL, CONTEXT_PATH, CORS_ORIGINS, SWEEP_INTERVAL, SYNC_TO_DISK);

    public UploadSettings {
        extraDomains = List.copyOf(extraDomains);
        allowedTypes = List.copyOf(allowedTypes);
        deniedTypes = List.copyOf(deniedTypes);
        inlineTypes = List.copyOf(inlineTypes);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /*
     * equals and hashCode are written out rather than generated: a record's generated ones go through
     * java.lang.runtime.ObjectMethods, whose method-type cache (JDK-8078641, fixed in JDK 18) keeps the last
     * record class it compared, and with it the plugin's class loader after the plugin is unloaded.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UploadSettings other)) {
            return false;
        }
        return enabled == other.enabled && maxFileSize == other.maxFileSize && userQuota == other.userQuota
                && storageCap == other.storageCap && maxFileNameLength == other.maxFileNameLength
                && subdomain.equals(other.subdomain) && expiry.equals(other.expiry)
                && slotLifetime.equals(other.slotLifetime) && extraDomains.equals(other.extraDomains)
                && allowedTypes.equals(other.allowedTypes) && deniedTypes.equals(other.deniedTypes)
                && inlineTypes.equals(other.inlineTypes) && directory.equals(other.directory)
                && announcedUrl.equals(other.announcedUrl) && contextPath.equals(other.contextPath)
                && corsOrigins.equals(other.corsOrigins) && sweepInterval.equals(other.sweepInterval)
                && syncToDisk == other.syncToDisk;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(enabled, subdomain, maxFileSize, userQuota, storageCap, expiry, slotLifetime,
                extraDomains, allowedTypes, deniedTypes, inlineTypes, maxFileNameLength, directory, announcedUrl,
                contextPath, corsOrigins, sweepInterval, syncToDisk);
    }

    /** What the defaults depend on: the host's name, its HTTP-bind TLS port and its data folder. */
    public record HostDefaults(String hostname, int securePort, Path dataDirectory) {
    }

    /** Reads every setting from {@code source}; invalid stored values are reported and replaced by defaults. */
    public static UploadSettings read(SettingsSource source, HostDefaults host, Setting.Problems problems) {
        String contextPath = CONTEXT_PATH.read(source, problems);
        String directory = DIRECTORY.read(source, problems);
        String announced = ANNOUNCED_URL.read(source, problems);
        return new UploadSettings(
                ENABLED.read(source, problems),
                SUBDOMAIN.read(source, problems),
                MAX_FILE_SIZE.read(source, problems),
                USER_QUOTA.read(source, problems),
                STORAGE_CAP.read(source, problems),
                EXPIRY.read(source, problems),
                SLOT_LIFETIME.read(source, problems),
                EXTRA_DOMAINS.read(source, problems),
                ALLOWED_TYPES.read(source, problems),
                DENIED_TYPES.read(source, problems),
                INLINE_TYPES.read(source, problems),
                MAX_FILE_NAME_LENGTH.read(source, problems),
                directory.isEmpty() ? host.dataDirectory().resolve("uploads") : Path.of(directory),
                announced.isEmpty() ? defaultAnnouncedUrl(host, contextPath) : announced,
                contextPath,
                CORS_ORIGINS.read(source, problems),
                SWEEP_INTERVAL.read(source, problems),
                SYNC_TO_DISK.read(source, problems));
    }

    static String defaultAnnouncedUrl(HostDefaults host, String contextPath) {
        String port = host.securePort() == 443 ? "" : ":" + host.securePort();
        return "https://" + host.hostname() + port + contextPath;
    }

    /** True when users of {@code domain} may upload (besides the server's own domain, checked by the host). */
    public boolean isExtraDomain(String domain) {
        return extraDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    private static String parseDomain(String s) {
        try {
            String ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (!ascii.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                throw new IllegalArgumentException("must be a domain such as example.org");
            }
            return IDN.toUnicode(ascii);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be a domain such as example.org");
        }
    }

    private static String parseDirectory(String s) {
        try {
            Path path = Path.of(s);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("must be an absolute path");
            }
            return path.toString();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be an absolute path");
        }
    }

    private static String parseOrigin(String s) {
        if (s.equals("*")) {
            return s;
        }
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null || uri.getHost() == null || (uri.getRawPath() != null
                    && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("must be an origin such as https://chat.example.org, or *");
            }
            return s.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be an origin such as https://chat.example.org, or *");
        }
    }
}
