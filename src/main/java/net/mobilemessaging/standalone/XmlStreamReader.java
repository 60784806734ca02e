package net.mobilemessaging.standalone;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an XMPP stream (RFC 6120 §4) from a socket: the opening {@code <stream:stream>} tag, then one complete
 * top-level element at a time as a dom4j element. DTDs and external entities are refused.
 */
final class XmlStreamReader {

    static final String STREAM_NS = "http://etherx.jabber.org/streams";

    private final XMLStreamReader reader;

    XmlStreamReader(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        this.reader = factory.createXMLStreamReader(in, "UTF-8");
    }

    /** Reads up to the stream header and returns its attributes (e.g. {@code id}). */
    Map<String, String> readStreamHeader() throws XMLStreamException {
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                if (!"stream".equals(reader.getLocalName()) || !STREAM_NS.equals(reader.getNamespaceURI())) {
                    throw new XMLStreamException("Expected a stream header, got <" + reader.getLocalName() + ">");
                }
                Map<String, String> attributes = new HashMap<>();
                for (int i = 0; i < reader.getAttributeCount(); i++) {
                    attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                }
                return attributes;
            }
        }
        throw new XMLStreamException("The stream ended before its header");
    }

    /** The next top-level element, or null when the peer closed the stream. */
    Element next() throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return element();
            }
            if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                return null; // </stream:stream>
            }
        }
        return null;
    }

    private Element element() throws XMLStreamException {
        Element element = DocumentHelper.createElement(qname(reader.getPrefix(), reader.getLocalName(),
                reader.getNamespaceURI()));
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            if (prefix != null && !prefix.isEmpty()) {
                element.add(Namespace.get(prefix, reader.getNamespaceURI(i)));
            }
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            element.addAttribute(qname(reader.getAttributePrefix(i), reader.getAttributeLocalName(i),
                    reader.getAttributeNamespace(i)), reader.getAttributeValue(i));
        }
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> element.add(element());
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        element.addText(reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    return element;
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("The stream ended mid-element");
                default -> {
                    // comments and processing instructions carry nothing for us
                }
            }
        }
    }

    private static QName qname(String prefix, String localName, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return QName.get(localName);
        }
        return QName.get(localName, Namespace.get(prefix == null ? "" : prefix, namespace));
    }
}
