package net.mobilemessaging.xmpp;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/** Builds IQ error answers (RFC 6120 §8.3), optionally with an application-specific condition element. */
public final class IqErrors {

    private IqErrors() {
    }

    public static IQ error(IQ request, PacketError.Condition condition, PacketError.Type type, String text) {
        return error(request, condition, type, text, null);
    }

    /**
     * @param appCondition an application-specific condition (e.g. XEP-0363 {@code <file-too-large/>}) copied into
     *                     the {@code <error/>} element, or null
     */
    public static IQ error(IQ request, PacketError.Condition condition, PacketError.Type type, String text,
                           Element appCondition) {
        IQ answer = IQ.createResultIQ(request);
        answer.setType(IQ.Type.error);
        if (request.getChildElement() != null) {
            answer.setChildElement(request.getChildElement().createCopy());
        }
        PacketError error = new PacketError(condition, type);
        if (text != null) {
            error.setText(text, "en");
        }
        if (appCondition != null) {
            error.getElement().add(appCondition.createCopy());
        }
        answer.setError(error);
        return answer;
    }
}
