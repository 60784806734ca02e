package net.mobilemessaging.push;

import net.mobilemessaging.xmpp.DiscoInfo;
import net.mobilemessaging.xmpp.IqHandler;
import net.mobilemessaging.xmpp.ServiceComponent;

import java.util.List;
import java.util.Map;

/** The XMPP side of the app server: identity {@code pubsub/push}, the registration commands and publishes. */
public final class PushComponent {

    private PushComponent() {
    }

    public static ServiceComponent create(Commands commands, PublishHandler publishes, String version) {
        Map<String, IqHandler> handlers = Map.of(
                Commands.NAMESPACE, commands::handle,
                PublishHandler.PUBSUB, publishes::handle);
        return new ServiceComponent("push", "Mobile Messaging push app server", version,
                () -> new DiscoInfo("pubsub", "push", "Push notifications", List.of(PublishHandler.PUSH), List.of()),
                handlers);
    }
}
