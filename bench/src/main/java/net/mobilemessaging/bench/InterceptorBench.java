package net.mobilemessaging.bench;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.archive.MediaMessageKeeper;
import net.mobilemessaging.csi.CsiCounters;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.SessionHold;
import org.dom4j.DocumentHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cost every stanza pays for our interceptors, on the common case, against an interceptor that does nothing:
 * the media-message keeper on an ordinary chat message with a body and no media, and the CSI host's path for an
 * active session (settings read, the session's hold looked up, core's CSI state read through the same kind of
 * method handle, the hold's quiet check). Run with {@code -prof gc} to see allocation per operation.
 * <p>
 * {@code java -jar target/benchmarks.jar InterceptorBench -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class InterceptorBench {

    /** Shaped like Openfire 5.1's LocalClientSession and CsiManager for the method-handle lookup. */
    public static final class Session {
        private final Manager manager = new Manager();

        public Manager getCsiManager() {
            return manager;
        }
    }

    public static final class Manager {
        public boolean isActive() {
            return true;
        }
    }

    private Packet chat;
    private Packet presence;
    private MediaMessageKeeper keeper;
    private volatile CsiSettings csiSettings = CsiSettings.defaults();
    private final Map<Object, SessionHold> holds = new ConcurrentHashMap<>();
    private Session session;
    private MethodHandle isActive;

    @Setup
    public void setUp() throws Exception {
        chat = new Message(DocumentHelper.parseText("""
                <message xmlns='jabber:client' from='romeo@montague.lit/phone' to='juliet@capulet.lit/phone'
                         type='chat' id='a1b2c3'>
                  <body>Shall I hear more, or shall I speak at this?</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                  <markable xmlns='urn:xmpp:chat-markers:0'/>
                  <request xmlns='urn:xmpp:receipts'/>
                  <origin-id xmlns='urn:xmpp:sid:0' id='a1b2c3'/>
                </message>""").getRootElement());
        presence = new Presence(DocumentHelper.parseText("""
                <presence xmlns='jabber:client' from='romeo@montague.lit/phone' to='juliet@capulet.lit/phone'>
                  <show>away</show><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>
                </presence>""").getRootElement());
        ArchiveSettings archive = ArchiveSettings.defaults();
        keeper = new MediaMessageKeeper(() -> archive, urls -> { });
        session = new Session();
        holds.put(session, new SessionHold(new JID("juliet@capulet.lit/phone"), p -> { }, () -> csiSettings,
                new CsiCounters(), Clock.systemUTC()));
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        isActive = MethodHandles.filterReturnValue(
                lookup.findVirtual(Session.class, "getCsiManager", MethodType.methodType(Manager.class)),
                lookup.findVirtual(Manager.class, "isActive", MethodType.methodType(boolean.class)))
                .asType(MethodType.methodType(boolean.class, Object.class));
    }

    /** What every interceptor does at least: look at the direction and the stanza's type. */
    @Benchmark
    public boolean emptyInterceptor() {
        return chat instanceof Message && session != null;
    }

    @Benchmark
    public Object mediaKeeperOnAChatMessage() {
        return chat instanceof Message ? keeper.keep(chat.getElement()) : null;
    }

    @Benchmark
    public boolean csiActiveSessionChatMessage() throws Throwable {
        return csiPath(chat);
    }

    @Benchmark
    public boolean csiActiveSessionPresence() throws Throwable {
        return csiPath(presence);
    }

    private boolean csiPath(Packet packet) throws Throwable {
        if (!csiSettings.enabled()) {
            return false;
        }
        SessionHold hold = holds.get(session);
        boolean active = (boolean) isActive.invokeExact((Object) session);
        return hold.intercept(packet, active);
    }

    static List<String> names() {
        return List.of("emptyInterceptor", "mediaKeeperOnAChatMessage", "csiActiveSessionChatMessage",
                "csiActiveSessionPresence");
    }
}
