package net.mobilemessaging.push;

import net.mobilemessaging.push.apns.ApnsSender;
import net.mobilemessaging.push.fcm.FcmSender;
import net.mobilemessaging.push.webpush.WebPushSender;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Makes the sender of each provider, as {@link PushRuntime.Host#senders} wants them. */
public final class ProviderSenders {

    private ProviderSenders() {
    }

    /**
     * The real providers, reached with the JDK's trusted certificates.
     *
     * @param localWebPushEndpoints whether Web Push may post to loopback and private addresses, asked at every push
     *                              ({@link PushSettings#LOCAL_WEBPUSH_ENDPOINTS})
     */
    public static Function<Provider, PushSender> standard(Clock clock, BooleanSupplier localWebPushEndpoints) {
        return withTls(null, localWebPushEndpoints, clock);
    }

    /**
     * Senders using {@code tls} (null: the JDK's default) and, when {@code localEndpoints}, letting Web Push reach
     * loopback and private addresses (tests, and push services on the operator's own network).
     */
    public static Function<Provider, PushSender> withTls(SSLContext tls, boolean localEndpoints, Clock clock) {
        return withTls(tls, () -> localEndpoints, clock);
    }

    private static Function<Provider, PushSender> withTls(SSLContext tls, BooleanSupplier localEndpoints,
                                                          Clock clock) {
        return provider -> switch (provider) {
            case APNS -> ApnsSender.builder().sslContext(tls).clock(clock).build();
            case FCM -> FcmSender.builder().sslContext(tls).clock(clock).build();
            case WEBPUSH -> WebPushSender.builder().sslContext(tls).clock(clock)
                    .allowLocalEndpoints(localEndpoints).build();
        };
    }
}
