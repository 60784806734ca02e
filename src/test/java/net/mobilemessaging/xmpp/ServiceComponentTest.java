package net.mobilemessaging.xmpp;

import net.mobilemessaging.testing.RecordingComponentManager;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static net.mobilemessaging.testing.RecordingComponentManager.WAIT;
import static net.mobilemessaging.testing.XmlAssert.assertSimilar;
import static net.mobilemessaging.testing.XmlAssert.element;
import static net.mobilemessaging.testing.XmlAssert.iq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component base: XEP-0030 disco#info and #items, XEP-0199 ping and XEP-0092 version answered inline, other
 * IQs handed to their namespace's handler on the worker pool, and RFC 6120 §8.3 errors for everything else.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceComponentTest {

    private static final String V0 = "urn:xmpp:http:upload:0";
    private static final String V0_2 = "urn:xmpp:http:upload";
    private static final String SIACS = "eu:siacs:conversations:http:upload";
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final JID SERVICE = new JID("upload.example.org");

    private final RecordingComponentManager manager = new RecordingComponentManager();
    private final Map<String, IqHandler> handlers = new HashMap<>();
    private final AtomicInteger handled = new AtomicInteger();
    private ServiceComponent component;

    /** Answers like an upload service: an empty result for every request. */
    private IQ answerEmpty(IQ request) {
        handled.incrementAndGet();
        IQ answer = IQ.createResultIQ(request);
        answer.setChildElement("slot", request.getChildElement().getNamespaceURI());
        return answer;
    }

    private static DiscoInfo uploadDiscoInfo(long maxFileSize) {
        Element current = DataForms.resultForm(V0);
        DataForms.addField(current, "max-file-size", Long.toString(maxFileSize));
        Element legacy = DataForms.resultForm(V0_2);
        DataForms.addField(legacy, "max-file-size", Long.toString(maxFileSize));
        return new DiscoInfo("store", "file", "HTTP File Upload", List.of("urn:example:extra"),
                List.of(current, legacy));
    }

    @BeforeEach
    void host() throws Exception {
        for (String ns : List.of(V0, V0_2, SIACS)) {
            handlers.put(ns, this::answerEmpty);
        }
        component = start(handlers);
    }

    private ServiceComponent start(Map<String, IqHandler> handlers) throws Exception {
        ServiceComponent c = new ServiceComponent("upload", "Mobile Messaging HTTP File Upload", "1.2.3",
                () -> uploadDiscoInfo(5_242_880), handlers);
        c.initialize(SERVICE, manager);
        c.start();
        return c;
    }

    @AfterEach
    void shutdown() {
        component.shutdown();
    }

    private static IQ get(String child) {
        return iq("<iq type='get' id='q1' from='romeo@example.org/garden' to='upload.example.org'>" + child + "</iq>");
    }

    private IQ ask(IQ request) throws InterruptedException {
        component.processPacket(request);
        IQ answer = manager.nextIq(WAIT);
        assertEquals(request.getID(), answer.getID());
        assertEquals(request.getFrom(), answer.getTo());
        assertEquals(request.getTo(), answer.getFrom());
        return answer;
    }

    private static void assertError(IQ answer, PacketError.Condition condition, PacketError.Type type) {
        assertEquals(IQ.Type.error, answer.getType(), answer::toXML);
        assertNotNull(answer.getError(), answer::toXML);
        assertEquals(condition, answer.getError().getCondition(), answer::toXML);
        assertEquals(type, answer.getError().getType(), answer::toXML);
    }

    /** The answer as the server would put it on the wire and a client would read it back. */
    private static Element reparsed(IQ answer) {
        return element(answer.toXML());
    }

    @Test
    void describesItself() {
        assertEquals("upload", component.getName());
        assertEquals("Mobile Messaging HTTP File Upload", component.getDescription());
        assertEquals(SERVICE, component.getAddress());
        assertTrue(component.isRunning());
        component.shutdown();
        assertFalse(component.isRunning());
    }

    @Test
    void discoInfoAnnouncesIdentityFeaturesAndForms() throws Exception {
        IQ answer = ask(get("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        assertEquals(IQ.Type.result, answer.getType());

        Element query = reparsed(answer).element(QName.get("query", ServiceComponent.DISCO_INFO));
        assertNotNull(query, answer::toXML);
        Element identity = query.element(QName.get("identity", ServiceComponent.DISCO_INFO));
        assertEquals("store", identity.attributeValue("category"));
        assertEquals("file", identity.attributeValue("type"));
        assertEquals("HTTP File Upload", identity.attributeValue("name"));
        assertEquals(1, query.elements(QName.get("identity", ServiceComponent.DISCO_INFO)).size());

        List<String> features = new ArrayList<>();
        for (Element feature : query.elements(QName.get("feature", ServiceComponent.DISCO_INFO))) {
            features.add(feature.attributeValue("var"));
        }
        assertEquals(Set.of(ServiceComponent.DISCO_INFO, ServiceComponent.DISCO_ITEMS, ServiceComponent.PING,
                ServiceComponent.VERSION, V0, V0_2, SIACS, "urn:example:extra"), new HashSet<>(features));
        assertEquals(features.size(), new HashSet<>(features).size(), () -> "a feature twice: " + features);
    }

    @Test
    void discoInfoFormsKeepTheDataFormsNamespaceOnTheWire() throws Exception {
        IQ answer = ask(get("<query xmlns='http://jabber.org/protocol/disco#info'/>"));

        // Parsed back from the serialised stanza, as a client sees it.
        Element query = reparsed(answer).element(QName.get("query", ServiceComponent.DISCO_INFO));
        List<Element> forms = query.elements(QName.get("x", DataForms.NAMESPACE));
        assertEquals(2, forms.size(), answer::toXML);
        assertTrue(query.elements("x").stream().allMatch(x -> DataForms.NAMESPACE.equals(x.getNamespaceURI())),
                "no <x/> outside jabber:x:data");

        Map<String, String> maxByFormType = new HashMap<>();
        for (Element form : forms) {
            assertEquals("result", form.attributeValue("type"));
            String formType = null;
            String max = null;
            for (Element field : form.elements(QName.get("field", DataForms.NAMESPACE))) {
                String value = field.element(QName.get("value", DataForms.NAMESPACE)).getText();
                if ("FORM_TYPE".equals(field.attributeValue("var"))) {
                    assertEquals("hidden", field.attributeValue("type"));
                    formType = value;
                } else if ("max-file-size".equals(field.attributeValue("var"))) {
                    max = value;
                }
            }
            maxByFormType.put(formType, max);
        }
        assertEquals(Map.of(V0, "5242880", V0_2, "5242880"), maxByFormType);

        // And the XEP-0363 §4 form, element for element.
        assertSimilar("""
                <x type='result' xmlns='jabber:x:data'>
                  <field var='FORM_TYPE' type='hidden'>
                    <value>urn:xmpp:http:upload:0</value>
                  </field>
                  <field var='max-file-size'>
                    <value>5242880</value>
                  </field>
                </x>""", forms.stream().filter(f -> f.asXML().contains(">" + V0 + "<")).findFirst()
                .orElseThrow().asXML());
    }

    @Test
    void anIdentityWithoutANameHasNoNameAttribute() throws Exception {
        ServiceComponent other = new ServiceComponent("other", "Other", "1",
                () -> new DiscoInfo("store", "file", null, List.of(), List.of()), Map.of());
        other.initialize(SERVICE, manager);
        other.processPacket(get("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        IQ answer = manager.nextIq(WAIT);
        assertSimilar("""
                <iq type='result' id='q1' from='upload.example.org' to='romeo@example.org/garden'>
                  <query xmlns='http://jabber.org/protocol/disco#info'>
                    <identity category='store' type='file'/>
                    <feature var='http://jabber.org/protocol/disco#info'/>
                    <feature var='http://jabber.org/protocol/disco#items'/>
                    <feature var='urn:xmpp:ping'/>
                    <feature var='jabber:iq:version'/>
                  </query>
                </iq>""", answer.toXML());
    }

    @Test
    void discoInfoOfANodeIsItemNotFound() throws Exception {
        IQ answer = ask(get("<query xmlns='http://jabber.org/protocol/disco#info' node='files'/>"));
        assertError(answer, PacketError.Condition.item_not_found, PacketError.Type.cancel);
    }

    @Test
    void discoItemsIsEmpty() throws Exception {
        IQ answer = ask(get("<query xmlns='http://jabber.org/protocol/disco#items'/>"));
        assertEquals(IQ.Type.result, answer.getType());
        assertSimilar("""
                <iq type='result' id='q1' from='upload.example.org' to='romeo@example.org/garden'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                </iq>""", answer.toXML());
    }

    @Test
    void pingIsAnsweredWithAnEmptyResult() throws Exception {
        IQ answer = ask(get("<ping xmlns='urn:xmpp:ping'/>"));
        assertSimilar("<iq type='result' id='q1' from='upload.example.org' to='romeo@example.org/garden'/>",
                answer.toXML());
    }

    @Test
    void versionNamesTheService() throws Exception {
        IQ answer = ask(get("<query xmlns='jabber:iq:version'/>"));
        assertSimilar("""
                <iq type='result' id='q1' from='upload.example.org' to='romeo@example.org/garden'>
                  <query xmlns='jabber:iq:version'>
                    <name>Mobile Messaging HTTP File Upload</name>
                    <version>1.2.3</version>
                  </query>
                </iq>""", answer.toXML());
    }

    @Test
    void anUnknownNamespaceIsServiceUnavailable() throws Exception {
        IQ answer = ask(get("<query xmlns='jabber:iq:roster'/>"));
        assertError(answer, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
        assertEquals("jabber:iq:roster", answer.getChildElement().getNamespaceURI(), "the request is echoed");
        Element error = reparsed(answer).element("error");
        assertNotNull(error.element(QName.get("service-unavailable", STANZAS)), answer::toXML);
        assertEquals(0, handled.get());
    }

    @Test
    void setsOfTheInlineNamespacesAreNotAnsweredAsGets() throws Exception {
        IQ set = get("<query xmlns='http://jabber.org/protocol/disco#info'/>");
        set.setType(IQ.Type.set);
        assertError(ask(set), PacketError.Condition.service_unavailable, PacketError.Type.cancel);
    }

    @Test
    void anIqWithoutPayloadIsABadRequest() throws Exception {
        IQ answer = ask(iq("<iq type='get' id='q1' from='romeo@example.org/garden' to='upload.example.org'/>"));
        assertError(answer, PacketError.Condition.bad_request, PacketError.Type.modify);
    }

    @Test
    void handledNamespacesAreAnsweredByTheirHandlerOnAWorker() throws Exception {
        Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread test = Thread.currentThread();
        handlers.put(V0, request -> {
            threads.add(Thread.currentThread().getName());
            assertFalse(Thread.currentThread() == test, "not on the delivering thread");
            return answerEmpty(request);
        });
        component.shutdown();
        component = start(handlers);

        for (String ns : List.of(V0, V0_2, SIACS)) {
            IQ answer = ask(get("<request xmlns='" + ns + "' filename='a' size='1'/>"));
            assertEquals(IQ.Type.result, answer.getType(), answer::toXML);
            assertEquals(ns, answer.getChildElement().getNamespaceURI());
        }
        assertEquals(3, handled.get());
        assertEquals(1, threads.size());
        assertTrue(threads.iterator().next().startsWith("mobilemessaging-upload-"), threads::toString);
    }

    @Test
    void resultsErrorsMessagesAndPresencesGetNoAnswer() throws Exception {
        IQ result = iq("<iq type='result' id='r1' from='romeo@example.org/garden' to='upload.example.org'>"
                + "<slot xmlns='" + V0 + "'/></iq>");
        IQ error = iq("<iq type='error' id='e1' from='romeo@example.org/garden' to='upload.example.org'>"
                + "<request xmlns='" + V0 + "'/><error type='cancel'><service-unavailable xmlns='" + STANZAS
                + "'/></error></iq>");
        IQ emptyResult = iq("<iq type='result' id='r2' from='romeo@example.org/garden' to='upload.example.org'/>");
        Message message = new Message();
        message.setFrom("romeo@example.org/garden");
        message.setTo(SERVICE);
        message.setBody("hello");
        Presence presence = new Presence();
        presence.setFrom("romeo@example.org/garden");
        presence.setTo(SERVICE);

        for (Packet packet : List.<Packet>of(result, error, emptyResult, message, presence)) {
            component.processPacket(packet);
        }
        // Shutting down waits for every task the pool accepted, so anything dispatched has answered by now.
        component.shutdown();

        assertEquals(List.of(), manager.drain());
        assertEquals(0, handled.get());
    }

    @Test
    void afterShutdownHandledNamespacesAreServiceUnavailable() throws Exception {
        component.shutdown();
        IQ answer = ask(get("<request xmlns='" + V0 + "' filename='a' size='1'/>"));
        assertError(answer, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
        assertEquals(0, handled.get());

        // Discovery and ping still answer: they need no worker.
        assertEquals(IQ.Type.result, ask(get("<ping xmlns='urn:xmpp:ping'/>")).getType());
    }

    @Test
    void beforeStartHandledNamespacesAreServiceUnavailable() throws Exception {
        ServiceComponent notStarted = new ServiceComponent("upload", "d", "v", () -> uploadDiscoInfo(1), handlers);
        notStarted.initialize(SERVICE, manager);
        notStarted.processPacket(get("<request xmlns='" + V0 + "'/>"));
        assertError(manager.nextIq(WAIT), PacketError.Condition.service_unavailable, PacketError.Type.cancel);
    }

    @Test
    void aRestartedComponentAnswersAgain() throws Exception {
        component.shutdown();
        component.start();
        assertEquals(IQ.Type.result, ask(get("<request xmlns='" + V0 + "'/>")).getType());
    }

    @Test
    void aHandlerThatThrowsIsAnInternalServerError() throws Exception {
        handlers.put(V0, request -> {
            throw new IllegalStateException("the database is on fire");
        });
        component.shutdown();
        component = start(handlers);

        IQ answer = ask(get("<request xmlns='" + V0 + "' filename='a' size='1'/>"));
        assertError(answer, PacketError.Condition.internal_server_error, PacketError.Type.wait);
        assertFalse(answer.toXML().contains("on fire"), "the failure is not told to the client");

        // The worker survived: the next request is answered.
        assertEquals(IQ.Type.result, ask(get("<request xmlns='" + V0_2 + "'/>")).getType());
    }

    @Test
    void aFullQueueIsAResourceConstraint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(4);
        handlers.put(V0, request -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answerEmpty(request);
        });
        component.shutdown();
        component = start(handlers);

        // Given four workers busy and 1024 requests queued
        int accepted = 4 + 1024;
        for (int i = 0; i < accepted; i++) {
            IQ request = get("<request xmlns='" + V0 + "'/>");
            request.setID("busy-" + i);
            component.processPacket(request);
        }
        assertTrue(running.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        // When one more arrives, it is refused at once
        IQ refused = get("<request xmlns='" + V0 + "'/>");
        refused.setID("one-too-many");
        component.processPacket(refused);
        IQ answer = manager.nextIq(WAIT);
        assertEquals("one-too-many", answer.getID());
        assertError(answer, PacketError.Condition.resource_constraint, PacketError.Type.wait);

        // Then every accepted one is answered once the workers are free
        release.countDown();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < accepted; i++) {
            IQ a = manager.nextIq(WAIT);
            assertEquals(IQ.Type.result, a.getType());
            answered.add(a.getID());
        }
        assertEquals(accepted, answered.size());
        assertEquals(accepted, handled.get());
    }

    @Test
    void sendingBeforeBeingHostedIsDropped() throws Exception {
        ServiceComponent unhosted = new ServiceComponent("x", "d", "v", () -> uploadDiscoInfo(1), Map.of());
        unhosted.send(get("<ping xmlns='urn:xmpp:ping'/>"));
        assertNull(unhosted.getAddress());
        // Hosted afterwards, it must not send what it was given before: the stanza was dropped, not queued.
        RecordingComponentManager later = new RecordingComponentManager();
        unhosted.initialize(SERVICE, later);
        unhosted.start();
        try {
            assertEquals(List.of(), later.drain());
        } finally {
            unhosted.shutdown();
        }
    }

    @Test
    void errorsEchoTheRequestAndCarryAnApplicationCondition() {
        IQ request = get("<request xmlns='" + V0 + "' filename='a' size='1'/>");
        Element app = org.dom4j.DocumentHelper.createElement(QName.get("file-too-large", V0));
        app.addElement("max-file-size").setText("20000");
        IQ error = IqErrors.error(request, PacketError.Condition.not_acceptable, PacketError.Type.modify,
                "Too large", app);
        assertSimilar("""
                <iq type='error' id='q1' from='upload.example.org' to='romeo@example.org/garden'>
                  <request xmlns='urn:xmpp:http:upload:0' filename='a' size='1'/>
                  <error type='modify'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Too large</text>
                    <file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>20000</max-file-size></file-too-large>
                  </error>
                </iq>""", error.toXML());
        assertNull(app.getParent(), "the caller's element is copied, not moved");
    }
}
