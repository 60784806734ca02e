package net.mobilemessaging.upload;

import net.mobilemessaging.testing.RecordingComponentManager;
import net.mobilemessaging.testing.UploadTestServer;
import net.mobilemessaging.xmpp.DataForms;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static net.mobilemessaging.testing.RecordingComponentManager.WAIT;
import static net.mobilemessaging.testing.XmlAssert.assertSimilar;
import static net.mobilemessaging.testing.XmlAssert.element;
import static net.mobilemessaging.testing.XmlAssert.iq;
import static net.mobilemessaging.testing.XmlAssert.without;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XEP-0363 §4 to §6 through the upload component as a server hosts it: requests from the XEP's examples go in
 * through {@code processPacket}, answers come out through the component manager, with a real database and file
 * store behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadComponentTest {

    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private UploadTestServer server;
    private ServiceComponent component;
    private final RecordingComponentManager manager = new RecordingComponentManager();

    @BeforeEach
    void start() throws Exception {
        server = UploadTestServer.start();
        component = server.runtime.component();
        component.initialize(new JID("upload." + UploadTestServer.DOMAIN), manager);
        component.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** A XEP example addressed to our domain: romeo becomes a local user, the service our component. */
    private static String local(String example) {
        return example.replace("montague.tld", UploadTestServer.DOMAIN);
    }

    /** A XEP example with only the service renamed: romeo stays a user of another server. */
    private static String remote(String example) {
        return example.replace("upload.montague.tld", "upload." + UploadTestServer.DOMAIN);
    }

    private IQ ask(IQ request) throws InterruptedException {
        component.processPacket(request);
        IQ answer = manager.nextIq(WAIT);
        assertEquals(request.getID(), answer.getID());
        assertEquals(request.getFrom(), answer.getTo());
        assertEquals(request.getTo(), answer.getFrom());
        return answer;
    }

    private IQ ask(String request) throws InterruptedException {
        return ask(iq(request));
    }

    private void settings(String key, String value) {
        server.settings.with(UploadSettings.PREFIX + key, value);
        assertEquals(net.mobilemessaging.xmpp.HostedService.Change.APPLIED, server.runtime.reload());
    }

    private static IQ v0Request(String from, String attributes) {
        return iq("<iq type='get' id='r1' from='" + from + "' to='upload.example.org'>"
                + "<request xmlns='urn:xmpp:http:upload:0' " + attributes + "/></iq>");
    }

    private static void assertError(IQ answer, PacketError.Condition condition, PacketError.Type type, String text) {
        assertEquals(IQ.Type.error, answer.getType(), answer::toXML);
        assertEquals(condition, answer.getError().getCondition(), answer::toXML);
        assertEquals(type, answer.getError().getType(), answer::toXML);
        if (text != null) {
            assertEquals(text, answer.getError().getText(), answer::toXML);
        }
    }

    private void assertNothingBooked() {
        assertEquals(0, server.runtime.service().ledger().total().bytes());
        assertEquals(0, server.runtime.service().ledger().total().files());
    }

    private String slotPattern(String encodedName) {
        return Pattern.quote(server.baseUrl() + "/") + "([A-Za-z0-9_-]{22})" + Pattern.quote("/" + encodedName);
    }

    // §5: slots

    @Test
    void aSlotRequestOfVersion1IsAnsweredAsInTheExample() throws Exception {
        IQ answer = ask(local(Xep0363Examples.V0_REQUEST));
        assertEquals(IQ.Type.result, answer.getType(), answer::toXML);

        Element slot = element(answer.toXML()).element(QName.get("slot", UploadProtocol.V0.namespace()));
        assertNotNull(slot, answer::toXML);
        String put = slot.element("put").attributeValue("url");
        String get = slot.element("get").attributeValue("url");
        String authorization = slot.element("put").element("header").getText();
        assertEquals("Authorization", slot.element("put").element("header").attributeValue("name"));

        Matcher url = Pattern.compile(slotPattern("tr%C3%A8s%20cool.jpg")).matcher(put);
        assertTrue(url.matches(), put);
        assertEquals(put, get);
        assertSimilar(local(Xep0363Examples.V0_SLOT
                .replace(Xep0363Examples.V0_PUT_URL, put)
                .replace(Xep0363Examples.V0_GET_URL, get)
                .replace("Basic Base64String==", authorization)
                .replace("<header name='Cookie'>foo=bar; user=romeo</header>", "")), answer.toXML());

        // The credential binds the slot, its size, type, lifetime and owner.
        assertTrue(authorization.startsWith("Bearer "), authorization);
        SlotToken.Claims claims = SlotToken.parse(authorization.substring(7));
        assertNotNull(claims);
        assertEquals(url.group(1), claims.slotId());
        assertEquals(23456, claims.size());
        assertEquals("image/jpeg", claims.contentType());
        assertEquals(server.clock.instant().plus(Duration.ofMinutes(10)).getEpochSecond(),
                claims.expiresEpochSecond());

        UploadRecord record = server.runtime.service().ledger().find(claims.slotId()).orElseThrow();
        assertEquals(UploadRecord.State.RESERVED, record.state());
        assertEquals("romeo@example.org", record.owner());
        assertEquals("très cool.jpg", record.fileName());
        assertEquals(23456, record.size());
        assertEquals(23456, server.runtime.service().ledger().usage("romeo@example.org").bytes());
    }

    @Test
    void theSlotAcceptsThePutAndServesTheFile() throws Exception {
        IQ answer = ask(v0Request("romeo@example.org/garden", "filename='a.txt' size='5' content-type='text/plain'"));
        Element put = answer.getChildElement().element("put");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> stored = http.send(HttpRequest.newBuilder(URI.create(put.attributeValue("url")))
                        .header("Authorization", put.element("header").getText())
                        .header("Content-Type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(201, stored.statusCode());
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(
                answer.getChildElement().element("get").attributeValue("url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals("hello".getBytes(), got.body());
    }

    @ParameterizedTest
    @EnumSource(value = UploadProtocol.class, names = {"V0_2", "SIACS"})
    void aSlotRequestOfVersion02IsAnsweredAsInTheExample(UploadProtocol protocol) throws Exception {
        String request = Xep0363Examples.V0_2_REQUEST;
        String expected = Xep0363Examples.V0_2_SLOT;
        if (protocol == UploadProtocol.SIACS) {
            request = Xep0363Examples.siacs(request);
            expected = Xep0363Examples.siacs(expected);
        }

        IQ answer = ask(local(request));

        assertEquals(IQ.Type.result, answer.getType(), answer::toXML);
        Element slot = answer.getChildElement();
        assertEquals(protocol.namespace(), slot.getNamespaceURI());
        String put = slot.elementText("put");
        String get = slot.elementText("get");
        Matcher getUrl = Pattern.compile(slotPattern("my_juliet.png")).matcher(get);
        assertTrue(getUrl.matches(), get);
        assertTrue(put.startsWith(get + "?token="), put);
        SlotToken.Claims claims = SlotToken.parse(put.substring(get.length() + "?token=".length()));
        assertNotNull(claims, put);
        assertEquals(getUrl.group(1), claims.slotId());
        assertEquals(23456, claims.size());
        assertEquals("image/jpeg", claims.contentType());
        assertNull(slot.element("put").element("header"), "0.2 has no headers");

        assertSimilar(local(expected.replace(Xep0363Examples.V0_2_PUT_URL, put)
                .replace(Xep0363Examples.V0_2_GET_URL, get)), answer.toXML());
    }

    @Test
    void setRequestsAreAnsweredLikeGets() throws Exception {
        IQ request = v0Request("romeo@example.org/garden", "filename='a.png' size='10'");
        request.setType(IQ.Type.set);
        assertEquals(IQ.Type.result, ask(request).getType());
    }

    // §6: errors

    @ParameterizedTest
    @EnumSource(UploadProtocol.class)
    void aFileTooLargeIsNotAcceptableWithTheMaximum(UploadProtocol protocol) throws Exception {
        settings("maxFileSize", "20000");
        String request = protocol == UploadProtocol.V0 ? Xep0363Examples.V0_REQUEST : Xep0363Examples.V0_2_REQUEST;
        String example = protocol == UploadProtocol.V0 ? Xep0363Examples.V0_FILE_TOO_LARGE
                : Xep0363Examples.V0_2_FILE_TOO_LARGE;
        if (protocol == UploadProtocol.SIACS) {
            request = Xep0363Examples.siacs(request);
            example = Xep0363Examples.siacs(example);
        }

        IQ answer = ask(local(request));

        assertError(answer, PacketError.Condition.not_acceptable, PacketError.Type.modify,
                "The file is too large; the largest file accepted has 20000 bytes");
        // The wording of <text/> is ours; everything else is the example's.
        assertSimilar(local(example), answer.toXML(), without(STANZAS, "text"));
        Element tooLarge = element(answer.toXML()).element("error")
                .element(QName.get("file-too-large", protocol.namespace()));
        assertEquals("20000", tooLarge.element(QName.get("max-file-size", protocol.namespace())).getText());
        assertNothingBooked();
    }

    @Test
    void aSizeBeyondALongIsTooLargeNotMalformed() throws Exception {
        IQ answer = ask(v0Request("romeo@example.org/garden", "filename='a.bin' size='9223372036854775808'"));
        assertError(answer, PacketError.Condition.not_acceptable, PacketError.Type.modify, null);
        Element tooLarge = element(answer.toXML()).element("error")
                .element(QName.get("file-too-large", UploadProtocol.V0.namespace()));
        assertNotNull(tooLarge, answer::toXML);
        assertEquals(Long.toString(100L * 1024 * 1024), tooLarge.elementText("max-file-size"));
    }

    @Test
    void aFullQuotaIsAResourceConstraintToWaitFor() throws Exception {
        settings("userQuota", "30000");
        assertEquals(IQ.Type.result,
                ask(v0Request("romeo@example.org/garden", "filename='a.png' size='10000'")).getType());

        IQ answer = ask(local(Xep0363Examples.V0_REQUEST)); // 23456 more bytes do not fit

        assertError(answer, PacketError.Condition.resource_constraint, PacketError.Type.wait,
                UploadError.QUOTA_EXCEEDED.text());
        // <retry/> is optional; the service does not promise a time.
        assertNull(answer.getError().getElement().element(QName.get("retry", UploadProtocol.V0.namespace())));
        assertSimilar(local(Xep0363Examples.V0_QUOTA_REACHED), answer.toXML(),
                node -> without(STANZAS, "text").test(node)
                        && without(UploadProtocol.V0.namespace(), "retry").test(node));
        assertEquals(10000, server.runtime.service().ledger().usage("romeo@example.org").bytes());

        // Another user's quota is their own.
        assertEquals(IQ.Type.result,
                ask(v0Request("juliet@example.org/balcony", "filename='b.png' size='23456'")).getType());
    }

    @Test
    void aFullStorageIsAResourceConstraintToWaitFor() throws Exception {
        settings("storageCap", "20000");
        IQ answer = ask(local(Xep0363Examples.V0_REQUEST));
        assertError(answer, PacketError.Condition.resource_constraint, PacketError.Type.wait,
                UploadError.STORAGE_FULL.text());
        assertNothingBooked();
    }

    @Test
    void aRemoteUserIsNotAllowedAsInTheExample() throws Exception {
        IQ answer = ask(remote(Xep0363Examples.V0_REQUEST));
        assertError(answer, PacketError.Condition.not_allowed, PacketError.Type.cancel,
                UploadError.REQUESTER_NOT_ALLOWED.text());
        assertSimilar(remote(Xep0363Examples.V0_NOT_ALLOWED), answer.toXML(), without(STANZAS, "text"));
        assertNothingBooked();
    }

    @ParameterizedTest(name = "{0} is not allowed")
    @ValueSource(strings = {"anonymous-5e1f@example.org/web", "ghost@example.org/x", "example.org",
            "upload.example.org", "romeo@montague.lit/garden"})
    void anonymousDomainAndUnknownRequestersAreNotAllowed(String from) throws Exception {
        IQ answer = ask(v0Request(from, "filename='a.png' size='10' content-type='image/png'"));
        assertError(answer, PacketError.Condition.not_allowed, PacketError.Type.cancel,
                UploadError.REQUESTER_NOT_ALLOWED.text());
        assertNothingBooked();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "filename='../etc/passwd' size='10'          | The file name contains a path separator",
            "filename='.' size='10'                      | The file name is not a name",
            "size='10'                                   | The file name is missing",
            "filename='photo&#x202E;gpj.exe' size='10'   | The file name contains an invisible formatting character",
            "filename='a.png'                            | The size must be a positive whole number of bytes",
            "filename='a.png' size='0'                   | The size must be a positive whole number of bytes",
            "filename='a.png' size='-1'                  | The size must be a positive whole number of bytes",
            "filename='a.png' size='abc'                 | The size must be a positive whole number of bytes",
            "filename='a.png' size='1.5'                 | The size must be a positive whole number of bytes",
            "filename='a.png' size='10' content-type='image' | The content type is not a valid media type",
    })
    void badNamesSizesAndTypesAreBadRequests(String attributes, String text) throws Exception {
        IQ request = v0Request("romeo@example.org/garden", attributes);
        IQ answer = ask(request);
        assertError(answer, PacketError.Condition.bad_request, PacketError.Type.modify, text);
        assertSimilar(request.getChildElement().asXML(), answer.getChildElement().asXML());
        assertNothingBooked();
    }

    @Test
    void aTypeOutsideTheAllowedListIsNotAcceptable() throws Exception {
        settings("allowedTypes", "image/*, video/*");
        settings("deniedTypes", "image/svg+xml");
        assertEquals(IQ.Type.result, ask(local(Xep0363Examples.V0_REQUEST)).getType(), "image/jpeg is allowed");

        for (String type : List.of("application/pdf", "image/svg+xml", "IMAGE/SVG+XML")) {
            IQ answer = ask(v0Request("romeo@example.org/garden",
                    "filename='a' size='10' content-type='" + type + "'"));
            assertError(answer, PacketError.Condition.not_acceptable, PacketError.Type.modify,
                    UploadError.CONTENT_TYPE_NOT_ALLOWED.text());
            assertNull(answer.getError().getElement().element("file-too-large"), "not a size problem");
        }
    }

    @Test
    void anotherElementInTheUploadNamespaceIsABadRequest() throws Exception {
        IQ answer = ask("<iq type='get' id='r1' from='romeo@example.org/garden' to='upload.example.org'>"
                + "<slot xmlns='urn:xmpp:http:upload:0'/></iq>");
        assertError(answer, PacketError.Condition.bad_request, PacketError.Type.modify, "Expected a <request/>");
    }

    // §4: discovery

    @Test
    void discoInfoAnnouncesTheServiceAndItsMaximumAsInTheExample() throws Exception {
        settings("maxFileSize", "5 MiB");
        IQ answer = ask(local("""
                <iq from='romeo@montague.tld/garden'
                    id='step_02'
                    to='upload.montague.tld'
                    type='get'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>"""));

        Element query = element(answer.toXML()).element(QName.get("query", ServiceComponent.DISCO_INFO));
        Element expected = element(local(Xep0363Examples.V0_DISCO_INFO_RESULT)).element("query");
        assertSimilar(expected.element("identity").asXML(), query.element("identity").asXML());

        List<String> features = query.elements("feature").stream().map(f -> f.attributeValue("var")).toList();
        assertTrue(features.containsAll(List.of(UploadProtocol.V0.namespace(), UploadProtocol.V0_2.namespace(),
                UploadProtocol.SIACS.namespace(), ServiceComponent.DISCO_INFO)), features::toString);

        List<Element> forms = query.elements(QName.get("x", DataForms.NAMESPACE));
        assertEquals(2, forms.size(), answer::toXML);
        assertSimilar(expected.element(QName.get("x", DataForms.NAMESPACE)).asXML(), forms.get(0).asXML());
        assertSimilar(expected.element(QName.get("x", DataForms.NAMESPACE)).asXML()
                .replace(">urn:xmpp:http:upload:0<", ">urn:xmpp:http:upload<"), forms.get(1).asXML());
    }

    @Test
    void discoInfoFollowsTheSettingAtOnce() throws Exception {
        settings("maxFileSize", "20000");
        IQ answer = ask("<iq type='get' id='d1' from='romeo@example.org/garden' to='upload.example.org'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        for (Element form : element(answer.toXML()).element("query").elements(QName.get("x", DataForms.NAMESPACE))) {
            for (Element field : form.elements(QName.get("field", DataForms.NAMESPACE))) {
                if ("max-file-size".equals(field.attributeValue("var"))) {
                    assertEquals("20000", field.elementText(QName.get("value", DataForms.NAMESPACE)));
                }
            }
        }
        assertTrue(answer.toXML().contains("<value>20000</value>"), answer::toXML);
    }
}
