package net.mobilemessaging.testing;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.w3c.dom.Attr;
import org.w3c.dom.Node;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.DefaultNodeMatcher;
import org.xmlunit.diff.Diff;
import org.xmlunit.diff.ElementSelectors;
import org.xmpp.packet.IQ;

import java.util.function.Predicate;

/**
 * XML compared by similarity (XMLUnit): namespace prefixes, attribute order, whitespace between elements and the
 * order of siblings do not matter; names, namespaces, attributes and text do. {@code xml:lang} and the legacy
 * {@code <error code=''/>} are ignored.
 */
public final class XmlAssert {

    private XmlAssert() {
    }

    /** Fails unless {@code actual} is similar to {@code expected}. */
    public static void assertSimilar(String expected, String actual) {
        assertSimilar(expected, actual, node -> true);
    }

    /**
     * Fails unless {@code actual} is similar to {@code expected}, both without the nodes {@code keep} refuses
     * (e.g. a human-readable {@code <text/>} whose wording is ours to choose).
     */
    public static void assertSimilar(String expected, String actual, Predicate<Node> keep) {
        Diff diff = DiffBuilder.compare(Input.fromString(expected))
                .withTest(Input.fromString(actual))
                .ignoreWhitespace()
                .ignoreComments()
                .withNodeFilter(keep::test)
                .withAttributeFilter(a -> !isLanguage(a) && !isLegacyErrorCode(a))
                .withNodeMatcher(new DefaultNodeMatcher(ElementSelectors.byNameAndAllAttributes,
                        ElementSelectors.byName))
                .checkForSimilar()
                .build();
        if (diff.hasDifferences()) {
            throw new AssertionError("XML differs: " + diff + "\nexpected:\n" + expected + "\nactual:\n" + actual);
        }
    }

    private static boolean isLanguage(Attr a) {
        return "lang".equals(a.getLocalName()) && "http://www.w3.org/XML/1998/namespace".equals(a.getNamespaceURI());
    }

    /** Tinder adds the legacy XEP-0086 {@code code} to every {@code <error/>}; XEP examples predate or omit it. */
    private static boolean isLegacyErrorCode(Attr a) {
        return "code".equals(a.getName()) && "error".equals(a.getOwnerElement().getLocalName());
    }

    /** A filter that drops elements named {@code localName} in {@code namespace}. */
    public static Predicate<Node> without(String namespace, String localName) {
        return node -> !(node.getNodeType() == Node.ELEMENT_NODE && localName.equals(node.getLocalName())
                && namespace.equals(node.getNamespaceURI()));
    }

    /** Parses a stanza as a server would deliver it to a component. */
    public static IQ iq(String xml) {
        return new IQ(element(xml));
    }

    public static Element element(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (DocumentException e) {
            throw new IllegalArgumentException("Not XML: " + xml, e);
        }
    }
}
