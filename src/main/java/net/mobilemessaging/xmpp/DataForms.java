package net.mobilemessaging.xmpp;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;

import java.util.List;

/** Small builders for XEP-0004 data forms, as used for XEP-0128 service discovery extensions. */
public final class DataForms {

    public static final String NAMESPACE = "jabber:x:data";

    private DataForms() {
    }

    /** An empty form of the given type ({@code form}, {@code result}...). */
    public static Element form(String type) {
        Element form = DocumentHelper.createElement(DocumentHelper.createQName("x",
                DocumentHelper.createNamespace("", NAMESPACE)));
        form.addAttribute("type", type);
        return form;
    }

    /** A {@code type='result'} form whose hidden FORM_TYPE field is {@code formType}. */
    public static Element resultForm(String formType) {
        Element form = form("result");
        Element field = form.addElement("field").addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden");
        field.addElement("value").setText(formType);
        return form;
    }

    public static Element addField(Element form, String var, List<String> values) {
        Element field = form.addElement("field").addAttribute("var", var);
        for (String value : values) {
            field.addElement("value").setText(value);
        }
        return field;
    }

    public static Element addField(Element form, String var, String value) {
        return addField(form, var, List.of(value));
    }

    /** The first {@code <x xmlns='jabber:x:data'/>} child of {@code parent}, or null. */
    public static Element formIn(Element parent) {
        if (parent == null) {
            return null;
        }
        for (Element child : parent.elements()) {
            if ("x".equals(child.getName()) && NAMESPACE.equals(child.getNamespaceURI())) {
                return child;
            }
        }
        return null;
    }

    /** The first value of field {@code var}, trimmed, or null when the field or its value is missing. */
    public static String value(Element form, String var) {
        if (form == null) {
            return null;
        }
        for (Element field : form.elements("field")) {
            if (var.equals(field.attributeValue("var"))) {
                Element value = field.element("value");
                return value == null ? null : value.getTextTrim();
            }
        }
        return null;
    }
}
