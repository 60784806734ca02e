package net.mobilemessaging.standalone;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import javax.xml.stream.XMLStreamException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An XEP-0114 (Jabber Component Protocol) connection that hosts one Tinder component at any XMPP server: the
 * {@code jabber:component:accept} stream, the SHA-1 handshake, stanzas in both directions, a whitespace keepalive,
 * and reconnection with exponential backoff (1 s doubling to 30 s, with jitter) whenever the stream ends, fails or
 * is refused, for instance while the server restarts. Stanzas sent while disconnected are dropped: XMPP clients
 * time out and retry their requests, and a component has nothing durable to deliver.
 */
public final class ComponentConnection implements ComponentManager, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(ComponentConnection.class);
    private static final String COMPONENT_NS = "jabber:component:accept";
    private static final long MIN_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final Duration KEEPALIVE = Duration.ofSeconds(30);

    /** Where to connect and as whom. */
    public record Target(String host, int port, String domain, String secret) {
        /** The same server, for the component at {@code componentDomain}. */
        public Target withAddress(String componentDomain) {
            return new Target(host, port, componentDomain, secret);
        }
    }

    private final Target target;
    private final Component component;
    private final Thread reader;
    private final ScheduledExecutorService keepalive;
    private final Object writeLock = new Object();

    private volatile boolean closed;
    /** The current connection; replaced on every reconnection. Written under {@link #writeLock}. */
    private volatile Socket socket;
    private volatile Writer writer;
    private volatile boolean authenticated;
    private volatile int sessions;

    private ComponentConnection(Target target, Component component) {
        this.target = target;
        this.component = component;
        this.reader = new Thread(this::run, "mobilemessaging-xep0114-" + target.domain());
        this.reader.setDaemon(true);
        this.keepalive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mobilemessaging-xep0114-keepalive-" + target.domain());
            t.setDaemon(true);
            return t;
        });
    }

    /** Initialises the component and starts connecting in the background; {@link #close} stops everything. */
    public static ComponentConnection open(Target target, Component component) throws ComponentException {
        ComponentConnection connection = new ComponentConnection(target, component);
        component.initialize(new JID(target.domain()), connection);
        component.start();
        connection.reader.start();
        connection.keepalive.scheduleWithFixedDelay(connection::sendKeepalive, KEEPALIVE.toMillis(),
                KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
        return connection;
    }

    /** The component's address. */
    public String address() {
        return target.domain();
    }

    /** True while the stream is authenticated. */
    public boolean isConnected() {
        return authenticated;
    }

    /** How many streams were authenticated so far (1 after the first connection, 2 after a reconnection...). */
    public int sessions() {
        return sessions;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            long started = System.nanoTime();
            try {
                session();
                Log.info("The XMPP server closed the component stream of {}; reconnecting", target.domain());
            } catch (StreamRefused e) {
                Log.warn("The XMPP server refused component {}: {}", target.domain(), e.getMessage());
            } catch (IOException | XMLStreamException | RuntimeException e) {
                if (!closed) {
                    Log.info("Component stream of {} to {}:{} failed: {}; reconnecting", target.domain(),
                            target.host(), target.port(), e.getMessage());
                }
            } finally {
                disconnect();
            }
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(60)) {
                backoff = MIN_BACKOFF_MS; // it had been up for a while: start over quickly
            }
            if (!closed) {
                sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 4 + 1));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private void session() throws IOException, XMLStreamException {
        Socket s = new Socket();
        s.setKeepAlive(true);
        s.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
        synchronized (writeLock) {
            socket = s;
            writer = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8));
        }
        write("<?xml version='1.0'?><stream:stream xmlns='" + COMPONENT_NS + "' xmlns:stream='"
                + XmlStreamReader.STREAM_NS + "' to='" + target.domain() + "'>");
        XmlStreamReader in = new XmlStreamReader(s.getInputStream());
        Map<String, String> header = in.readStreamHeader();
        String id = header.get("id");
        if (id == null) {
            throw new StreamRefused("the stream header had no id");
        }
        write("<handshake>" + handshake(id, target.secret()) + "</handshake>");
        Element answer = in.next();
        if (answer == null || isStreamError(answer)) {
            throw new StreamRefused(answer == null ? "stream closed during the handshake" : describe(answer));
        }
        if (!"handshake".equals(answer.getName())) {
            throw new StreamRefused("expected <handshake/>, got <" + answer.getName() + "/>");
        }
        authenticated = true;
        sessions++;
        Log.info("Component {} connected to {}:{}", target.domain(), target.host(), target.port());
        for (Element stanza; (stanza = in.next()) != null; ) {
            if (isStreamError(stanza)) {
                throw new StreamRefused(describe(stanza));
            }
            deliver(stanza);
        }
    }

    private void deliver(Element stanza) {
        Packet packet = switch (stanza.getName()) {
            case "iq" -> new IQ(stanza, true);
            case "message" -> new Message(stanza, true);
            case "presence" -> new Presence(stanza, true);
            default -> null;
        };
        if (packet == null) {
            Log.debug("Ignoring <{}/> on the component stream", stanza.getName());
            return;
        }
        try {
            component.processPacket(packet);
        } catch (RuntimeException e) {
            Log.warn("Component {} failed to process a stanza", target.domain(), e);
        }
    }

    private static boolean isStreamError(Element e) {
        return "error".equals(e.getName()) && XmlStreamReader.STREAM_NS.equals(e.getNamespaceURI());
    }

    private static String describe(Element streamError) {
        return streamError.elements().isEmpty() ? "stream error" : ((Element) streamError.elements().get(0)).getName();
    }

    static String handshake(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    private void write(String xml) throws IOException {
        synchronized (writeLock) {
            Writer w = writer;
            if (w == null) {
                throw new IOException("not connected");
            }
            w.write(xml);
            w.flush();
        }
    }

    private void sendKeepalive() {
        if (authenticated) {
            try {
                write(" ");
            } catch (IOException e) {
                Log.debug("Keepalive failed; the reader reconnects: {}", e.getMessage());
                disconnect();
            }
        }
    }

    private void disconnect() {
        synchronized (writeLock) {
            authenticated = false;
            writer = null;
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void sendPacket(Component from, Packet packet) {
        if (!authenticated) {
            Log.debug("Component {} is not connected; dropping a stanza", target.domain());
            return;
        }
        try {
            write(packet.toXML());
        } catch (IOException e) {
            Log.debug("Could not send a stanza; the reader reconnects: {}", e.getMessage());
            disconnect();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (authenticated) {
            try {
                write("</stream:stream>");
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        keepalive.shutdownNow();
        disconnect();
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        component.shutdown();
    }

    @Override
    public IQ query(Component component, IQ packet, long timeout) throws ComponentException {
        throw new ComponentException("Queries are not supported by this component connection");
    }

    @Override
    public void query(Component component, IQ packet, IQResultListener listener) throws ComponentException {
        throw new ComponentException("Queries are not supported by this component connection");
    }

    @Override
    public void addComponent(String subdomain, Component component) throws ComponentException {
        throw new ComponentException("One connection hosts one component");
    }

    @Override
    public void removeComponent(String subdomain) throws ComponentException {
        throw new ComponentException("One connection hosts one component");
    }

    @Override
    public String getProperty(String name) {
        return null;
    }

    @Override
    public void setProperty(String name, String value) {
        // no properties in standalone mode
    }

    @Override
    public String getServerName() {
        return target.domain();
    }

    @Override
    public boolean isExternalMode() {
        return true;
    }

    /** The server refused the stream or ended it with a stream error. */
    static final class StreamRefused extends IOException {
        StreamRefused(String message) {
            super(message);
        }
    }
}
