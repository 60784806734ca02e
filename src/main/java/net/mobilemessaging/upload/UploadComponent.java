package net.mobilemessaging.upload;

import net.mobilemessaging.xmpp.DataForms;
import net.mobilemessaging.xmpp.DiscoInfo;
import net.mobilemessaging.xmpp.IqErrors;
import net.mobilemessaging.xmpp.IqHandler;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The XMPP side of the upload service (XEP-0363 §4 to §6): the {@code store/file} identity, the features and
 * {@code max-file-size} forms in disco#info, and slot requests in all three supported namespaces.
 */
public final class UploadComponent {

    private UploadComponent() {
    }

    /** Builds the component for {@code service}; the host registers it under the configured subdomain. */
    public static ServiceComponent create(UploadService service, String version) {
        Map<String, IqHandler> handlers = new HashMap<>();
        for (UploadProtocol protocol : UploadProtocol.values()) {
            handlers.put(protocol.namespace(), iq -> requestSlot(service, protocol, iq));
        }
        return new ServiceComponent("upload", "Mobile Messaging HTTP File Upload", version,
                () -> discoInfo(service.settings()), handlers);
    }

    static DiscoInfo discoInfo(UploadSettings settings) {
        String max = Long.toString(settings.maxFileSize());
        Element current = DataForms.resultForm(UploadProtocol.V0.namespace());
        DataForms.addField(current, "max-file-size", max);
        Element legacy = DataForms.resultForm(UploadProtocol.V0_2.namespace());
        DataForms.addField(legacy, "max-file-size", max);
        return new DiscoInfo("store", "file", "HTTP File Upload", List.of(), List.of(current, legacy));
    }

    static IQ requestSlot(UploadService service, UploadProtocol protocol, IQ iq) {
        Element request = iq.getChildElement();
        if (!"request".equals(request.getName())) {
            return IqErrors.error(iq, PacketError.Condition.bad_request, PacketError.Type.modify,
                    "Expected a <request/>");
        }
        UploadService.SlotOutcome outcome = service.requestSlot(iq.getFrom(), protocol.parse(request));
        if (outcome.error() != null) {
            return error(iq, protocol, outcome, service.settings());
        }
        UploadService.Slot slot = outcome.slot();
        IQ answer = IQ.createResultIQ(iq);
        answer.setChildElement(protocol.slot(slot.putUrl(), slot.putHeaders(), slot.getUrl()));
        return answer;
    }

    private static IQ error(IQ iq, UploadProtocol protocol, UploadService.SlotOutcome outcome,
                            UploadSettings settings) {
        UploadError error = outcome.error();
        String text = outcome.detail() != null ? outcome.detail() : error.text();
        Element appCondition = null;
        if (error == UploadError.FILE_TOO_LARGE) {
            appCondition = protocol.fileTooLarge(settings.maxFileSize());
            text = "The file is too large; the largest file accepted has " + settings.maxFileSize() + " bytes";
        }
        return IqErrors.error(iq, error.condition(), error.type(), text, appCondition);
    }

}
