package net.mobilemessaging.testing;

import net.mobilemessaging.admin.AdminConsole;
import net.mobilemessaging.admin.AdminPage;
import net.mobilemessaging.admin.AnnouncedUrlCheck;
import net.mobilemessaging.admin.PropertiesTexts;
import net.mobilemessaging.admin.UploadAdmin;
import net.mobilemessaging.admin.UploadSection;
import net.mobilemessaging.db.Schema;
import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.upload.SlotRequest;
import net.mobilemessaging.upload.UploadProtocol;
import net.mobilemessaging.upload.UploadService;
import net.mobilemessaging.upload.UploadSettings;
import org.xmpp.packet.JID;

import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The admin console as Openfire would serve it, minus Openfire: the overview and upload pages on a Jetty of their
 * own (Openfire's admin port, {@link AdminPagesServer}) behind {@link OpenfireCsrfFilter}, in front of a real upload
 * service ({@link UploadTestServer}, Openfire's HTTP-bind port) with its database and files. Texts come from the
 * plugin's English bundle.
 */
public final class AdminTestServer implements AutoCloseable {

    public static final String PLUGIN_PATH = AdminPagesServer.PLUGIN_PATH;

    public final UploadTestServer upload;
    public final OpenfireCsrfFilter csrf;
    private final AdminPagesServer server;

    private AdminTestServer(UploadTestServer upload, X509TrustManager trust) throws Exception {
        this.upload = upload;
        UploadAdmin admin = new UploadAdmin(new ReloadingSettings(upload.settings, upload.runtime),
                new UploadSettings.HostDefaults("localhost", upload.port(), upload.directory), () -> upload.runtime,
                () -> null, upload.database.source(), Schema.VERSION, settings -> upload.baseUrl(),
                new AnnouncedUrlCheck(trust, true, Duration.ofSeconds(5)), upload.clock, ZoneOffset.UTC);
        // Hosted as Openfire hosts it: the server hands the component its address, then starts it.
        upload.runtime.component().initialize(new JID("upload." + UploadTestServer.DOMAIN),
                new RecordingComponentManager());
        upload.runtime.component().start();
        PropertiesTexts texts = PropertiesTexts.english();
        List<AdminPage> pages = AdminConsole.pages(List.of(new UploadSection(admin, texts)), "1.2.3-test", texts);
        this.server = AdminPagesServer.start(pages);
        this.csrf = server.csrf;
    }

    /** Admin pages over a fresh upload service on HSQLDB; the check trusts the JVM's authorities. */
    public static AdminTestServer start() throws Exception {
        return start(new MapSettingsSource(), AnnouncedUrlCheck.systemTrust());
    }

    public static AdminTestServer start(MapSettingsSource settings, X509TrustManager trust) throws Exception {
        UploadTestServer upload = UploadTestServer.start(settings, TestDatabase.Kind.HSQLDB);
        try {
            return new AdminTestServer(upload, trust);
        } catch (Exception e) {
            upload.close();
            throw e;
        }
    }

    /** The address of a page, e.g. {@code page("mobile-upload.jsp")}. */
    public String page(String relative) {
        return server.page(relative);
    }

    /** Uploads a file of {@code size} bytes as {@code owner} the way a client does: a slot, then an HTTP PUT. */
    public UploadService.Slot uploadFile(String owner, String name, int size, String type) throws Exception {
        UploadService.SlotOutcome outcome = upload.runtime.service().requestSlot(new JID(owner + "/phone"),
                new SlotRequest(name, Integer.toString(size), type, UploadProtocol.V0));
        if (outcome.error() != null) {
            throw new IllegalStateException("slot refused: " + outcome.error());
        }
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(outcome.slot().putUrl()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).header("Content-Type", type);
        outcome.slot().putHeaders().forEach(put::header);
        int status = HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201) {
            throw new IllegalStateException("upload refused with HTTP " + status);
        }
        return outcome.slot();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            upload.close();
        }
    }
}
