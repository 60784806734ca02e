package net.mobilemessaging.push;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.xmpp.DataForms;
import net.mobilemessaging.xmpp.IqErrors;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Publishes from users' servers (XEP-0357 §7): {@code <pubsub><publish node='…'><item><notification
 * xmlns='urn:xmpp:push:0'>…</notification></item></publish><publish-options>… secret …</publish-options></pubsub>}.
 * <p>
 * Answers are chosen for how servers react (see push.md): {@code result} when the push is queued; {@code wait}
 * ({@code resource-constraint}) when the sending server floods or the provider is failing; {@code cancel}
 * ({@code item-not-found}) only for a node that does not exist (any more: its token died); {@code auth}
 * ({@code forbidden}) for a wrong secret or a sender from another domain; {@code modify} ({@code bad-request}) for a
 * malformed publish. The push itself is sent later, on another thread.
 */
public final class PublishHandler {

    public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    public static final String PUSH = "urn:xmpp:push:0";
    static final String SUMMARY = "urn:xmpp:push:summary";
    static final String ENCRYPT = "tigase:push:encrypt:0";
    static final String PRIORITY = "tigase:push:priority:0";
    private static final int MAX_FIELD = 4096;

    private static final Logger Log = LoggerFactory.getLogger(PublishHandler.class);

    private final RegistrationStore store;
    private final PushDispatcher dispatcher;
    private final RateLimiter domains;
    private final Supplier<PushSettings> settings;

    public PublishHandler(RegistrationStore store, PushDispatcher dispatcher, RateLimiter domains,
                          Supplier<PushSettings> settings) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.domains = domains;
        this.settings = settings;
    }

    public IQ handle(IQ iq) {
        Element pubsub = iq.getChildElement();
        Element publish = pubsub.element("publish");
        if (iq.getType() != IQ.Type.set || publish == null) {
            return IqErrors.error(iq, PacketError.Condition.feature_not_implemented, PacketError.Type.cancel,
                    "Only publishing is supported");
        }
        String node = publish.attributeValue("node");
        Element item = publish.element("item");
        Element notification = item == null ? null : item.element("notification");
        if (node == null || node.isEmpty() || node.length() > 64 || notification == null
                || !PUSH.equals(notification.getNamespaceURI())) {
            return badRequest(iq, "A publish needs a node and a <notification xmlns='urn:xmpp:push:0'/> item");
        }
        JID from = iq.getFrom();
        if (from == null || from.getResource() != null) {
            return forbidden(iq);
        }
        PushSettings s = settings.get();
        if (!domains.tryAcquire(from.getDomain(), s.domainRate(), s.domainRate() * 2.0)) {
            return wait(iq, "Too many pushes from this server; slow down");
        }
        Optional<Registration> found;
        try {
            found = store.byNode(node);
        } catch (DatabaseException e) {
            Log.warn("A publish could not be looked up: the database failed", e);
            return wait(iq, null);
        }
        if (found.isEmpty()) {
            return IqErrors.error(iq, PacketError.Condition.item_not_found, PacketError.Type.cancel, "No such node");
        }
        Registration registration = found.get();
        String secret = DataForms.value(DataForms.formIn(pubsub.element("publish-options")), "secret");
        if (!registration.domain().equalsIgnoreCase(from.getDomain())
                | !Secrets.matches(secret, registration.secretHash())) {
            Log.debug("Publish refused: wrong secret or sender domain");
            return forbidden(iq);
        }
        PushContent content;
        try {
            content = content(notification);
        } catch (IllegalArgumentException e) {
            return badRequest(iq, e.getMessage());
        }
        if (dispatcher.isTroubled(registration)) {
            return wait(iq, "The push provider is failing; try again later");
        }
        dispatcher.submit(registration, content, kindOf(notification, content));
        return IQ.createResultIQ(iq);
    }

    /** The summary form's fields, or the encrypted payload, with size limits. */
    static PushContent content(Element notification) {
        Element encrypted = null;
        boolean high = false;
        for (Element child : notification.elements()) {
            if (ENCRYPT.equals(child.getNamespaceURI()) && child.getName().equals("encrypted")) {
                encrypted = child;
            } else if (PRIORITY.equals(child.getNamespaceURI()) && child.getName().equals("priority")) {
                high = "high".equals(child.getTextTrim());
            }
        }
        if (encrypted != null) {
            String blob = encrypted.getTextTrim();
            if (blob.length() > MAX_FIELD || !blob.matches("[A-Za-z0-9+/=_-]*")) {
                throw new IllegalArgumentException("The encrypted payload is too large or not base64");
            }
            String iv = encrypted.attributeValue("iv");
            return new PushContent(-1, null, null, -1, blob, iv, high);
        }
        Element form = DataForms.formIn(notification);
        String body = DataForms.value(form, "last-message-body");
        String sender = DataForms.value(form, "last-message-sender");
        if ((body != null && body.length() > MAX_FIELD) || (sender != null && sender.length() > 3071)) {
            throw new IllegalArgumentException("A summary field is too long");
        }
        return new PushContent(count(DataForms.value(form, "message-count")), sender, body,
                count(DataForms.value(form, "pending-subscription-count")), null, null, high);
    }

    /** Alert when there is something to show; VoIP for an encrypted call push; background otherwise. */
    static PushKind kindOf(Element notification, PushContent content) {
        for (Element child : notification.elements()) {
            if (ENCRYPT.equals(child.getNamespaceURI()) && "voip".equals(child.attributeValue("type"))) {
                return PushKind.VOIP;
            }
        }
        boolean something = content.messageCount() > 0 || content.pendingSubscriptions() > 0
                || content.lastMessageBody() != null || content.lastMessageSender() != null
                || content.isEncrypted() || content.highPriority();
        return something ? PushKind.ALERT : PushKind.BACKGROUND;
    }

    private static int count(String text) {
        if (text == null) {
            return -1;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new IllegalArgumentException("A count is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A count is not a number");
        }
    }

    private static IQ badRequest(IQ iq, String text) {
        return IqErrors.error(iq, PacketError.Condition.bad_request, PacketError.Type.modify, text);
    }

    private static IQ forbidden(IQ iq) {
        return IqErrors.error(iq, PacketError.Condition.forbidden, PacketError.Type.auth, null);
    }

    private static IQ wait(IQ iq, String text) {
        return IqErrors.error(iq, PacketError.Condition.resource_constraint, PacketError.Type.wait, text);
    }
}
