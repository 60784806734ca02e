package net.mobilemessaging.push;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.push.apns.ApnsSender;
import net.mobilemessaging.push.fcm.FcmSender;
import net.mobilemessaging.push.webpush.WebPushSender;
import net.mobilemessaging.xmpp.DataForms;
import net.mobilemessaging.xmpp.IqErrors;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * XEP-0050 ad-hoc commands for registering devices, compatible with p2 so that Conversations-style clients work
 * unchanged: {@code register-push-fcm}, {@code register-push-apns} (fields {@code token}, {@code device-id} or
 * {@code android-id}, optional {@code muc} and {@code app}), {@code register-push-webpush} ({@code endpoint},
 * {@code p256dh}, {@code auth}, {@code device-id}), {@code unregister-push} and {@code list-push-registrations}.
 * A registration answers {@code jid}, {@code node} and {@code secret} (and {@code knock-url}); a device that
 * registers again keeps its node and secret and gets its new token recorded.
 */
public final class Commands {

    public static final String NAMESPACE = "http://jabber.org/protocol/commands";
    public static final List<String> NODES = List.of("register-push-fcm", "register-push-apns",
            "register-push-webpush", "unregister-push", "list-push-registrations");

    private static final Logger Log = LoggerFactory.getLogger(Commands.class);
    private static final int MAX_FIELD = 4096;

    private final Supplier<PushSettings> settings;
    private final Supplier<AppRegistry> apps;
    private final RegistrationStore store;
    private final Secrets secrets;
    private final Clock clock;

    public Commands(Supplier<PushSettings> settings, Supplier<AppRegistry> apps, RegistrationStore store,
                    Secrets secrets, Clock clock) {
        this.settings = settings;
        this.apps = apps;
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public IQ handle(IQ iq) {
        Element command = iq.getChildElement();
        String node = command.attributeValue("node");
        String action = command.attributeValue("action");
        if (iq.getType() != IQ.Type.set || (action != null && !action.equals("execute") && !action.equals("complete"))) {
            return error(iq, PacketError.Condition.bad_request, "Only executing a command is supported");
        }
        JID from = iq.getFrom();
        if (from == null || from.getNode() == null) {
            return error(iq, PacketError.Condition.forbidden, "Only user accounts may register devices");
        }
        if (!settings.get().mayRegister(from.getDomain())) {
            return IqErrors.error(iq, PacketError.Condition.not_allowed, PacketError.Type.cancel,
                    "Users of this domain may not register here");
        }
        Element form = DataForms.formIn(command);
        try {
            if (node == null || !NODES.contains(node)) {
                return IqErrors.error(iq, PacketError.Condition.item_not_found, PacketError.Type.cancel,
                        "No such command");
            }
            return switch (node) {
                case "register-push-fcm" -> register(iq, form, Provider.FCM);
                case "register-push-apns" -> register(iq, form, Provider.APNS);
                case "register-push-webpush" -> register(iq, form, Provider.WEBPUSH);
                case "unregister-push" -> unregister(iq, form);
                default -> list(iq);
            };
        } catch (DatabaseException e) {
            Log.warn("A push command failed: the database failed", e);
            return IqErrors.error(iq, PacketError.Condition.internal_server_error, PacketError.Type.wait, null);
        }
    }

    private IQ register(IQ iq, Element form, Provider provider) {
        if (form == null) {
            return error(iq, PacketError.Condition.bad_request, "Submit a form with the device's token and id");
        }
        String deviceId = first(DataForms.value(form, "device-id"), DataForms.value(form, "android-id"));
        String token = provider == Provider.WEBPUSH ? DataForms.value(form, "endpoint") : DataForms.value(form, "token");
        String muc = DataForms.value(form, "muc");
        String problem = tokenProblem(provider, token, settings.get().localWebPushEndpoints());
        if (problem == null && (deviceId == null || deviceId.isEmpty() || deviceId.length() > 255)) {
            problem = "A device-id (or android-id) is required";
        }
        if (problem == null && muc != null && !muc.isEmpty()) {
            JID room = parseJid(muc);
            if (room == null || room.getResource() != null || room.getNode() == null) {
                problem = "muc must be the bare address of a room";
            }
        }
        String p256dh = DataForms.value(form, "p256dh");
        String auth = DataForms.value(form, "auth");
        if (problem == null && provider == Provider.WEBPUSH) {
            problem = WebPushSender.keysProblem(p256dh, auth);
        }
        if (problem != null) {
            return error(iq, PacketError.Condition.bad_request, problem);
        }
        AppRegistry registry = apps.get();
        String requested = DataForms.value(form, "app");
        AppCredentials app = registry.resolve(provider, requested);
        if (app == null) {
            return IqErrors.error(iq, PacketError.Condition.item_not_found, PacketError.Type.cancel,
                    noAppText(registry, provider, requested));
        }
        String owner = iq.getFrom().toBareJID();
        String room = muc == null || muc.isEmpty() ? null : new JID(muc).toBareJID();
        Instant now = clock.instant();
        String secret = secrets.newToken();
        Registration saved = store.save(new Registration(secrets.newToken(), Secrets.sha256Hex(secret), owner,
                deviceId, room, app.appId(), provider, token, blankToNull(p256dh), blankToNull(auth),
                secrets.newToken(), now, now));
        // A device registering again keeps its node and gets a new secret: clients enable push on their server
        // with what this answer holds right after registering. Only the secret's hash is stored.
        Log.debug("Push registration saved for app {}", app.appId());
        IQ answer = completed(iq);
        Element result = DataForms.form("result");
        DataForms.addField(result, "jid", iq.getTo().toBareJID()).addAttribute("type", "jid-single");
        DataForms.addField(result, "node", saved.node());
        DataForms.addField(result, "secret", secret);
        DataForms.addField(result, "knock-url", settings.get().announcedUrl() + "/knock/" + saved.knockToken());
        answer.getChildElement().add(result);
        return answer;
    }

    private IQ unregister(IQ iq, Element form) {
        String owner = iq.getFrom().toBareJID();
        String node = DataForms.value(form, "node");
        String deviceId = first(DataForms.value(form, "device-id"), DataForms.value(form, "android-id"));
        int deleted = 0;
        for (Registration r : store.ofOwner(owner)) {
            if ((node != null && node.equals(r.node())) || (node == null && deviceId != null
                    && deviceId.equals(r.deviceId()))) {
                if (store.delete(r.node())) {
                    deleted++;
                }
            }
        }
        if (deleted == 0) {
            return IqErrors.error(iq, PacketError.Condition.item_not_found, PacketError.Type.cancel,
                    "No such registration of yours");
        }
        return completed(iq);
    }

    private IQ list(IQ iq) {
        IQ answer = completed(iq);
        Element result = DataForms.form("result");
        Element reported = result.addElement("reported");
        for (String var : List.of("node", "app", "provider", "device-id", "muc", "created", "last-used")) {
            reported.addElement("field").addAttribute("var", var);
        }
        for (Registration r : store.ofOwner(iq.getFrom().toBareJID())) {
            Element item = result.addElement("item");
            DataForms.addField(item, "node", r.node());
            DataForms.addField(item, "app", r.appId());
            DataForms.addField(item, "provider", r.provider().name().toLowerCase(Locale.ROOT));
            DataForms.addField(item, "device-id", r.deviceId());
            DataForms.addField(item, "muc", r.muc() == null ? "" : r.muc());
            DataForms.addField(item, "created", r.created().toString());
            DataForms.addField(item, "last-used", r.lastUsed().toString());
        }
        answer.getChildElement().add(result);
        return answer;
    }

    private static IQ completed(IQ iq) {
        IQ answer = IQ.createResultIQ(iq);
        Element command = DocumentHelper.createElement(QName.get("command", NAMESPACE));
        command.addAttribute("node", iq.getChildElement().attributeValue("node"));
        command.addAttribute("sessionid", Long.toString(System.nanoTime(), 36));
        command.addAttribute("status", "completed");
        answer.setChildElement(command);
        return answer;
    }

    /**
     * Why the token cannot be registered, or null. Beyond its length (what the database holds), each provider's
     * sender says what it would push to: a registration it would call dead at the first push is refused here.
     */
    static String tokenProblem(Provider provider, String token, boolean localWebPushEndpoints) {
        if (token == null || token.isEmpty()) {
            return provider == Provider.WEBPUSH ? "The endpoint is missing" : "The token is missing";
        }
        if (token.length() > (provider == Provider.WEBPUSH ? 2048 : MAX_FIELD)) {
            return "The token is too long";
        }
        return switch (provider) {
            case APNS -> ApnsSender.isDeviceToken(token) ? null
                    : "An APNs device token is hexadecimal, 16 to 400 digits";
            case FCM -> FcmSender.isRegistrationToken(token) ? null : "Not an FCM registration token";
            case WEBPUSH -> {
                String problem = WebPushSender.endpointProblem(token);
                yield problem == null && !localWebPushEndpoints && WebPushSender.isLocalEndpoint(token)
                        ? "The endpoint is on this server's own network (a loopback or private address), where it "
                        + "does not post" : problem;
            }
        };
    }

    private static JID parseJid(String text) {
        try {
            return new JID(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static IQ error(IQ iq, PacketError.Condition condition, String text) {
        PacketError.Type type = condition == PacketError.Condition.forbidden ? PacketError.Type.auth
                : PacketError.Type.modify;
        return IqErrors.error(iq, condition, type, text);
    }

    private static String first(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    /** Why no app fits a registration, in words a client developer can act on. */
    private static String noAppText(AppRegistry registry, Provider provider, String requested) {
        String kind = provider.name().toLowerCase(Locale.ROOT);
        if (requested != null && !requested.isBlank()) {
            return "This server pushes for no " + kind + " app named " + requested.trim();
        }
        long configured = registry.all().stream().filter(a -> a.provider() == provider).count();
        return configured == 0 ? "This server is not set up to push through " + kind + " (no app configured)"
                : "This server pushes for several " + kind + " apps: name yours in the field 'app'";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
