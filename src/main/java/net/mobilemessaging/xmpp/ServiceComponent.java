package net.mobilemessaging.xmpp;

import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Base of the plugin's XMPP services ({@code upload.<domain>}, {@code push.<domain>}): a plain Tinder component
 * that Openfire's InternalComponentManager or our XEP-0114 connection hosts alike.
 * <p>
 * It answers XEP-0030 disco#info/#items, XEP-0199 ping and XEP-0092 version on the delivering thread (they are
 * cheap), and runs every other get/set IQ on its own small thread pool through the {@link IqHandler} registered for
 * the IQ's namespace, so slow work (database, I/O) never blocks the server's routing threads. IQs in other
 * namespaces get {@code service-unavailable}; a full queue gets {@code resource-constraint}.
 */
public class ServiceComponent implements Component {

    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String PING = "urn:xmpp:ping";
    public static final String VERSION = "jabber:iq:version";

    private static final Logger Log = LoggerFactory.getLogger(ServiceComponent.class);
    private static final int WORKERS = 4;
    private static final int QUEUE = 1024;

    private final String name;
    private final String description;
    private final String version;
    private final Supplier<DiscoInfo> discoInfo;
    private final Map<String, IqHandler> handlers;

    /** Set by {@link #initialize}, read by any thread. */
    private volatile ComponentManager manager;
    private volatile JID address;
    /** Created in {@link #start}, stopped in {@link #shutdown}. */
    private volatile ExecutorService workers;

    /**
     * @param handlers the IQ handlers by namespace of the IQ's child element; their namespaces are announced as
     *                 features, in addition to those of {@code discoInfo}
     */
    public ServiceComponent(String name, String description, String version, Supplier<DiscoInfo> discoInfo,
                            Map<String, IqHandler> handlers) {
        this.name = name;
        this.description = description;
        this.version = version;
        this.discoInfo = discoInfo;
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public void initialize(JID jid, ComponentManager componentManager) throws ComponentException {
        this.address = jid;
        this.manager = componentManager;
    }

    @Override
    public synchronized void start() {
        if (workers == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(QUEUE), r -> {
                        Thread t = new Thread(r, "mobilemessaging-" + name + "-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            workers = pool;
        }
    }

    @Override
    public synchronized void shutdown() {
        ExecutorService pool = workers;
        workers = null;
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The component's address once hosted, e.g. {@code upload.example.org}; null before. */
    public JID getAddress() {
        return address;
    }

    /** True while the component has a running worker pool (between start and shutdown). */
    public boolean isRunning() {
        return workers != null;
    }

    @Override
    public void processPacket(Packet packet) {
        if (!(packet instanceof IQ iq) || (iq.getType() != IQ.Type.get && iq.getType() != IQ.Type.set)) {
            return; // results, errors, messages and presences need no answer from a service
        }
        Element child = iq.getChildElement();
        if (child == null) {
            send(IqErrors.error(iq, PacketError.Condition.bad_request, PacketError.Type.modify, "IQ without payload"));
            return;
        }
        String namespace = child.getNamespaceURI();
        if (iq.getType() == IQ.Type.get && DISCO_INFO.equals(namespace)) {
            send(discoInfo(iq));
        } else if (iq.getType() == IQ.Type.get && DISCO_ITEMS.equals(namespace)) {
            IQ answer = IQ.createResultIQ(iq);
            answer.setChildElement("query", DISCO_ITEMS);
            send(answer);
        } else if (iq.getType() == IQ.Type.get && PING.equals(namespace)) {
            send(IQ.createResultIQ(iq));
        } else if (iq.getType() == IQ.Type.get && VERSION.equals(namespace)) {
            IQ answer = IQ.createResultIQ(iq);
            Element query = answer.setChildElement("query", VERSION);
            query.addElement("name").setText(description);
            query.addElement("version").setText(version);
            send(answer);
        } else {
            IqHandler handler = handlers.get(namespace);
            if (handler == null) {
                send(IqErrors.error(iq, PacketError.Condition.service_unavailable, PacketError.Type.cancel, null));
            } else {
                dispatch(iq, handler);
            }
        }
    }

    private void dispatch(IQ iq, IqHandler handler) {
        ExecutorService pool = workers;
        if (pool == null) {
            send(IqErrors.error(iq, PacketError.Condition.service_unavailable, PacketError.Type.cancel,
                    "The service is stopping"));
            return;
        }
        try {
            pool.execute(() -> send(answer(iq, handler)));
        } catch (RejectedExecutionException e) {
            if (pool.isShutdown()) {
                send(IqErrors.error(iq, PacketError.Condition.service_unavailable, PacketError.Type.cancel,
                        "The service is stopping"));
                return;
            }
            Log.debug("Queue of {} full; refusing an IQ", name);
            send(IqErrors.error(iq, PacketError.Condition.resource_constraint, PacketError.Type.wait,
                    "The service is busy; try again shortly"));
        }
    }

    /** Runs a handler, turning an unexpected failure into {@code internal-server-error}. */
    static IQ answer(IQ iq, IqHandler handler) {
        try {
            return handler.handle(iq);
        } catch (RuntimeException e) {
            Log.warn("Unexpected failure answering an IQ in namespace {}", iq.getChildElement().getNamespaceURI(), e);
            return IqErrors.error(iq, PacketError.Condition.internal_server_error, PacketError.Type.wait, null);
        }
    }

    IQ discoInfo(IQ request) {
        if (request.getChildElement().attributeValue("node") != null) {
            return IqErrors.error(request, PacketError.Condition.item_not_found, PacketError.Type.cancel, null);
        }
        DiscoInfo info = discoInfo.get();
        IQ answer = IQ.createResultIQ(request);
        Element query = answer.setChildElement("query", DISCO_INFO);
        Element identity = query.addElement("identity")
                .addAttribute("category", info.category())
                .addAttribute("type", info.type());
        if (info.name() != null) {
            identity.addAttribute("name", info.name());
        }
        Set<String> features = new LinkedHashSet<>();
        features.add(DISCO_INFO);
        features.add(DISCO_ITEMS);
        features.add(PING);
        features.add(VERSION);
        features.addAll(handlers.keySet());
        features.addAll(info.features());
        for (String feature : features) {
            query.addElement("feature").addAttribute("var", feature);
        }
        for (Element form : info.forms()) {
            Element copy = form.createCopy();
            // Keep the jabber:x:data namespace when adding the form under disco#info.
            copy.setQName(QName.get(copy.getName(), DataForms.NAMESPACE));
            query.add(copy);
        }
        return answer;
    }

    /** Sends a stanza from this component; failures (server going away) are logged at debug and dropped. */
    public void send(Packet packet) {
        ComponentManager m = manager;
        if (m == null) {
            Log.debug("{} not hosted; dropping an outgoing stanza", name);
            return;
        }
        try {
            m.sendPacket(this, packet);
        } catch (ComponentException e) {
            Log.debug("Could not send a stanza from {}: {}", name, e.getMessage());
        }
    }
}
