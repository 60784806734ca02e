package net.mobilemessaging.xmpp;

import org.dom4j.Element;

import java.util.List;
import java.util.Objects;

/**
 * What a component announces in XEP-0030 disco#info: one identity, its features and XEP-0128 extension forms.
 * Immutable; a component asks its supplier for a fresh one on every query, so settings changes show at once.
 */
public record DiscoInfo(String category, String type, String name, List<String> features, List<Element> forms) {

    public DiscoInfo {
        Objects.requireNonNull(category);
        Objects.requireNonNull(type);
        features = List.copyOf(features);
        forms = List.copyOf(forms);
    }
}
