package net.mobilemessaging.testing;

import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Tinder {@link ComponentManager} that hosts nothing and routes nothing: it records every stanza a component sends,
 * so that a test can wait for the answer to an IQ it handed to {@code processPacket}. Thread-safe.
 */
public final class RecordingComponentManager implements ComponentManager {

    public static final String SERVER_NAME = "example.org";
    /** How long a test waits for an answer before it fails. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Packet> sent = new LinkedBlockingQueue<>();

    /** The next stanza the component sent, waiting at most {@code timeout}; fails the test when none came. */
    public Packet next(Duration timeout) throws InterruptedException {
        Packet packet = sent.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (packet == null) {
            throw new AssertionError("The component sent nothing within " + timeout);
        }
        return packet;
    }

    /** The next stanza, which must be an IQ. */
    public IQ nextIq(Duration timeout) throws InterruptedException {
        Packet packet = next(timeout);
        if (!(packet instanceof IQ iq)) {
            throw new AssertionError("Expected an IQ but the component sent " + packet.toXML());
        }
        return iq;
    }

    /**
     * The next stanza of {@code type}, waiting at most {@code timeout}; stanzas of other types sent meanwhile (a
     * message sent from another thread while an IQ is answered) are kept for later, in order.
     */
    public <P extends Packet> P nextOf(Class<P> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Packet> others = new ArrayList<>();
        try {
            while (true) {
                Packet packet = sent.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (packet == null) {
                    throw new AssertionError("The component sent no " + type.getSimpleName() + " within " + timeout);
                }
                if (type.isInstance(packet)) {
                    return type.cast(packet);
                }
                others.add(packet);
            }
        } finally {
            List<Packet> rest = new ArrayList<>();
            sent.drainTo(rest);
            sent.addAll(others);
            sent.addAll(rest);
        }
    }

    /** Everything sent and not yet taken, removing it. */
    public List<Packet> drain() {
        List<Packet> packets = new ArrayList<>();
        sent.drainTo(packets);
        return packets;
    }

    @Override
    public void sendPacket(Component component, Packet packet) {
        sent.add(packet.createCopy());
    }

    @Override
    public void addComponent(String subdomain, Component component) {
        throw new UnsupportedOperationException("not a host");
    }

    @Override
    public void removeComponent(String subdomain) {
        throw new UnsupportedOperationException("not a host");
    }

    @Override
    public IQ query(Component component, IQ packet, long timeout) {
        throw new UnsupportedOperationException("components under test do not query");
    }

    @Override
    public void query(Component component, IQ packet, IQResultListener listener) {
        throw new UnsupportedOperationException("components under test do not query");
    }

    @Override
    public String getProperty(String name) {
        return null;
    }

    @Override
    public void setProperty(String name, String value) {
        throw new UnsupportedOperationException("no properties");
    }

    @Override
    public String getServerName() {
        return SERVER_NAME;
    }

    @Override
    public boolean isExternalMode() {
        return false;
    }
}
