package net.mobilemessaging.push;

import net.mobilemessaging.push.apns.ApnsSender;
import net.mobilemessaging.push.fcm.FcmSender;
import net.mobilemessaging.push.webpush.WebPushSender;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.util.function.Function;

/** Makes the sender of each provider, as {@link PushRuntime.Host#senders} wants them. */
public final class ProviderSenders {

    private ProviderSenders() {
    }

    /** The real providers, reached with the JDK's trusted certificates. */
    public static Function<Provider, PushSender> standard(Clock clock) {
        return withTls(null, false, clock);
    }

    /**
     * Senders using {@code tls} (null: the JDK's default) and, when {@code localEndpoints}, letting Web Push reach
     * loopback and private addresses (tests, and push services on the operator's own network).
     */
    public static Function<Provider, PushSender> withTls(SSLContext tls, boolean localEndpoints, Clock clock) {
        return provider -> switch (provider) {
            case APNS -> ApnsSender.builder().sslContext(tls).clock(clock).build();
            case FCM -> FcmSender.builder().sslContext(tls).clock(clock).build();
            case WEBPUSH -> WebPushSender.builder().sslContext(tls).clock(clock)
                    .allowLocalEndpoints(localEndpoints).build();
        };
    }
}
