package net.mobilemessaging.upload;

import net.mobilemessaging.xmpp.IqErrors;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static net.mobilemessaging.testing.XmlAssert.assertSimilar;
import static net.mobilemessaging.testing.XmlAssert.element;
import static net.mobilemessaging.testing.XmlAssert.iq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three wire formats of slot requests and answers, against the examples of XEP-0363 1.1.0 and 0.2. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UploadProtocolTest {

    @Test
    void eachVersionHasItsNamespace() {
        assertEquals("urn:xmpp:http:upload:0", UploadProtocol.V0.namespace());
        assertEquals("urn:xmpp:http:upload", UploadProtocol.V0_2.namespace());
        assertEquals("eu:siacs:conversations:http:upload", UploadProtocol.SIACS.namespace());
        assertEquals(UploadProtocol.values().length,
                Arrays.stream(UploadProtocol.values()).map(UploadProtocol::namespace).distinct().count(),
                "the component tells the versions apart by namespace alone");
        assertTrue(UploadProtocol.V0.supportsHeaders());
        assertFalse(UploadProtocol.V0_2.supportsHeaders());
        assertFalse(UploadProtocol.SIACS.supportsHeaders());
    }

    @Test
    void parsesTheRequestOfVersion1() {
        IQ request = iq(Xep0363Examples.V0_REQUEST);
        assertEquals(UploadProtocol.V0.namespace(), request.getChildElement().getNamespaceURI());
        assertEquals(new SlotRequest("très cool.jpg", "23456", "image/jpeg", UploadProtocol.V0),
                UploadProtocol.V0.parse(request.getChildElement()));
    }

    @Test
    void parsesTheRequestOfVersion02() {
        IQ request = iq(Xep0363Examples.V0_2_REQUEST);
        assertEquals(UploadProtocol.V0_2.namespace(), request.getChildElement().getNamespaceURI());
        assertEquals(new SlotRequest("my_juliet.png", "23456", "image/jpeg", UploadProtocol.V0_2),
                UploadProtocol.V0_2.parse(request.getChildElement()));
    }

    @Test
    void parsesTheRequestOfConversations() {
        IQ request = iq(Xep0363Examples.siacs(Xep0363Examples.V0_2_REQUEST));
        assertEquals(UploadProtocol.SIACS.namespace(), request.getChildElement().getNamespaceURI());
        assertEquals(new SlotRequest("my_juliet.png", "23456", "image/jpeg", UploadProtocol.SIACS),
                UploadProtocol.SIACS.parse(request.getChildElement()));
    }

    @Test
    void missingPartsAreNull() {
        assertEquals(new SlotRequest("a.png", "10", null, UploadProtocol.V0), UploadProtocol.V0.parse(
                element("<request xmlns='urn:xmpp:http:upload:0' filename='a.png' size='10'/>")));
        assertEquals(new SlotRequest(null, null, null, UploadProtocol.V0), UploadProtocol.V0.parse(
                element("<request xmlns='urn:xmpp:http:upload:0'/>")));
        assertEquals(new SlotRequest("a.png", null, null, UploadProtocol.V0_2), UploadProtocol.V0_2.parse(
                element("<request xmlns='urn:xmpp:http:upload'><filename>a.png</filename></request>")));
        // Each version reads only its own form: attributes for 1.x, child elements for 0.2.
        assertEquals(new SlotRequest(null, null, null, UploadProtocol.V0), UploadProtocol.V0.parse(
                iq(Xep0363Examples.V0_2_REQUEST).getChildElement()));
        assertEquals(new SlotRequest(null, null, null, UploadProtocol.V0_2), UploadProtocol.V0_2.parse(
                iq(Xep0363Examples.V0_REQUEST).getChildElement()));
    }

    @Test
    void textIsTakenAsSent() {
        assertEquals(new SlotRequest("a &lt; b.txt", " 12 ", "", UploadProtocol.V0_2), UploadProtocol.V0_2.parse(
                element("<request xmlns='urn:xmpp:http:upload'><filename>a &amp;lt; b.txt</filename>"
                        + "<size> 12 </size><content-type/></request>")));
    }

    @Test
    void buildsTheSlotOfVersion1AsInTheExample() {
        IQ request = iq(Xep0363Examples.V0_REQUEST);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Basic Base64String==");
        headers.put("Cookie", "foo=bar; user=romeo");

        IQ answer = IQ.createResultIQ(request);
        answer.setChildElement(UploadProtocol.V0.slot(Xep0363Examples.V0_PUT_URL, headers,
                Xep0363Examples.V0_GET_URL));

        assertSimilar(Xep0363Examples.V0_SLOT, answer.toXML());
    }

    @Test
    void buildsTheSlotOfVersion02AsInTheExample() {
        IQ answer = IQ.createResultIQ(iq(Xep0363Examples.V0_2_REQUEST));
        answer.setChildElement(UploadProtocol.V0_2.slot(Xep0363Examples.V0_2_PUT_URL,
                Map.of("Authorization", "ignored: 0.2 has no headers"), Xep0363Examples.V0_2_GET_URL));
        assertSimilar(Xep0363Examples.V0_2_SLOT, answer.toXML());
    }

    @Test
    void buildsTheSlotOfConversationsInItsNamespace() {
        IQ answer = IQ.createResultIQ(iq(Xep0363Examples.siacs(Xep0363Examples.V0_2_REQUEST)));
        answer.setChildElement(UploadProtocol.SIACS.slot(Xep0363Examples.V0_2_PUT_URL, Map.of(),
                Xep0363Examples.V0_2_GET_URL));
        assertSimilar(Xep0363Examples.siacs(Xep0363Examples.V0_2_SLOT), answer.toXML());
    }

    @Test
    void urlsAndHeadersAreEscapedWhenSerialised() {
        Element slot = UploadProtocol.V0.slot("https://h/a?x=1&y='2'", Map.of("Authorization", "Bearer <a&b>"),
                "https://h/a");
        Element parsed = element(slot.asXML());
        assertEquals("https://h/a?x=1&y='2'", parsed.element("put").attributeValue("url"));
        assertEquals("Bearer <a&b>", parsed.element("put").element("header").getText());
        assertEquals("Authorization", parsed.element("put").element("header").attributeValue("name"));
    }

    @ParameterizedTest
    @EnumSource(UploadProtocol.class)
    void fileTooLargeCarriesTheMaximumInTheVersionsNamespace(UploadProtocol protocol) {
        String example = protocol == UploadProtocol.V0 ? Xep0363Examples.V0_FILE_TOO_LARGE
                : protocol == UploadProtocol.V0_2 ? Xep0363Examples.V0_2_FILE_TOO_LARGE
                : Xep0363Examples.siacs(Xep0363Examples.V0_2_FILE_TOO_LARGE);
        Element expected = iq(example).getElement().element("error").element("file-too-large");
        assertEquals(protocol.namespace(), expected.getNamespaceURI(), "the example is of this version");
        assertSimilar(expected.asXML(), protocol.fileTooLarge(20000).asXML());
    }

    @Test
    void theFileTooLargeErrorIsTheExample() {
        IQ request = iq(Xep0363Examples.V0_REQUEST);
        IQ error = IqErrors.error(request, PacketError.Condition.not_acceptable, PacketError.Type.modify,
                "File too large. The maximum file size is 20000 bytes", UploadProtocol.V0.fileTooLarge(20000));
        assertSimilar(Xep0363Examples.V0_FILE_TOO_LARGE, error.toXML());

        IQ legacy = IqErrors.error(iq(Xep0363Examples.V0_2_REQUEST), PacketError.Condition.not_acceptable,
                PacketError.Type.modify, "File too large. The maximum file size is 20000 bytes",
                UploadProtocol.V0_2.fileTooLarge(20000));
        assertSimilar(Xep0363Examples.V0_2_FILE_TOO_LARGE, legacy.toXML());
    }

    @Test
    void theNotAllowedErrorIsTheExample() {
        IQ error = IqErrors.error(iq(Xep0363Examples.V0_REQUEST), UploadError.REQUESTER_NOT_ALLOWED.condition(),
                UploadError.REQUESTER_NOT_ALLOWED.type(), "Only premium members are allowed to upload files");
        assertSimilar(Xep0363Examples.V0_NOT_ALLOWED, error.toXML());
    }
}
