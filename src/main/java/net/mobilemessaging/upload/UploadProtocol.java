package net.mobilemessaging.upload;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

import java.util.Map;

/**
 * The three wire formats of slot requests still sent by deployed clients. Each answers in its own format.
 * <ul>
 * <li>{@link #V0}: XEP-0363 0.3 and later ({@code urn:xmpp:http:upload:0}): attributes on {@code <request/>},
 *     {@code <put url=''>} with {@code <header/>} children; the credential travels as an Authorization header.</li>
 * <li>{@link #V0_2}: XEP-0363 0.2 ({@code urn:xmpp:http:upload}), as older XMPPFramework/ChatSecure builds send:
 *     child elements, {@code <put>url</put>}, no headers, so the credential travels in the PUT URL.</li>
 * <li>{@link #SIACS}: Conversations' original {@code eu:siacs:conversations:http:upload}, shaped like 0.2.</li>
 * </ul>
 */
public enum UploadProtocol {
    V0("urn:xmpp:http:upload:0", true),
    V0_2("urn:xmpp:http:upload", false),
    SIACS("eu:siacs:conversations:http:upload", false);

    private final String namespace;
    private final boolean attributes;

    UploadProtocol(String namespace, boolean attributes) {
        this.namespace = namespace;
        this.attributes = attributes;
    }

    public String namespace() {
        return namespace;
    }

    /** Whether this version can carry PUT headers; without them the credential goes into the PUT URL. */
    public boolean supportsHeaders() {
        return attributes;
    }

    /** Reads a {@code <request/>} element of this version; missing parts are null. */
    public SlotRequest parse(Element request) {
        if (attributes) {
            return new SlotRequest(request.attributeValue("filename"), request.attributeValue("size"),
                    request.attributeValue("content-type"), this);
        }
        return new SlotRequest(childText(request, "filename"), childText(request, "size"),
                childText(request, "content-type"), this);
    }

    private static String childText(Element parent, String name) {
        Element child = parent.element(name);
        return child == null ? null : child.getText();
    }

    /** The {@code <slot/>} answer. */
    public Element slot(String putUrl, Map<String, String> headers, String getUrl) {
        Element slot = element("slot");
        if (attributes) {
            Element put = slot.addElement("put").addAttribute("url", putUrl);
            headers.forEach((name, value) -> put.addElement("header").addAttribute("name", name).setText(value));
            slot.addElement("get").addAttribute("url", getUrl);
        } else {
            slot.addElement("put").setText(putUrl);
            slot.addElement("get").setText(getUrl);
        }
        return slot;
    }

    /** The application-specific error condition {@code <file-too-large/>} with the maximum size. */
    public Element fileTooLarge(long maxFileSize) {
        Element tooLarge = element("file-too-large");
        tooLarge.addElement("max-file-size").setText(Long.toString(maxFileSize));
        return tooLarge;
    }

    private Element element(String name) {
        return DocumentHelper.createElement(QName.get(name, namespace));
    }
}
