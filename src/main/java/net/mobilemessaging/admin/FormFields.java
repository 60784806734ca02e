package net.mobilemessaging.admin;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a feature's settings as its page's settings form: one table per group, each setting a labelled input (a
 * choice for on/off settings) with the message beside it when its text was refused, its one-line help and its
 * default. A setting whose key is {@code <key prefix><name>} takes its texts from
 * {@code <text prefix>.setting.<name>.label} and {@code .help}; the group headings are i18n keys of their own.
 */
final class FormFields {

    private final Texts t;
    private final String textPrefix;
    private final String keyPrefix;

    /**
     * @param textPrefix the feature's text prefix, such as {@code upload}
     * @param keyPrefix  the feature's settings key prefix, such as {@code mobilemessaging.upload.}
     */
    FormFields(Texts texts, String textPrefix, String keyPrefix) {
        this.t = texts;
        this.textPrefix = textPrefix;
        this.keyPrefix = keyPrefix;
    }

    /** Each setting's default as its page shows it. */
    static Map<String, String> defaults(List<Setting<?>> settings) {
        Map<String, String> defaults = new HashMap<>();
        for (Setting<?> setting : settings) {
            defaults.put(setting.key(), formatDefault(setting));
        }
        return defaults;
    }

    /**
     * The stored value of {@code contextPath} alone: what a service's default public address is built from, so that
     * a page can show what an empty address field would mean whatever address is stored now.
     */
    static SettingsSource onlyContextPath(SettingsSource stored, Setting<String> contextPath) {
        MapSettingsSource only = new MapSettingsSource();
        String value = stored.get(contextPath.key());
        if (value != null) {
            only.with(contextPath.key(), value);
        }
        return only;
    }

    private static <T> String formatDefault(Setting<T> setting) {
        return setting.format(setting.defaultValue());
    }

    /** The i18n key of a setting's label. */
    String labelKey(Setting<?> setting) {
        return textPrefix + ".setting." + name(setting) + ".label";
    }

    /** The i18n key of a setting's one-line help. */
    String helpKey(Setting<?> setting) {
        return textPrefix + ".setting." + name(setting) + ".help";
    }

    private String name(Setting<?> setting) {
        if (!setting.key().startsWith(keyPrefix)) {
            throw new IllegalArgumentException(setting.key() + " is not a setting below " + keyPrefix);
        }
        return setting.key().substring(keyPrefix.length());
    }

    /**
     * The settings form: Openfire's CSRF token, {@code action=save}, every group, and the save button. Its ids
     * ({@code settings-form}, {@code save-settings}, {@code field-<key>}, {@code error-<key>}) are the same on every
     * page.
     *
     * @param page     the page the form posts to, such as {@code mobile-upload.jsp}
     * @param fields   every setting's field, as stored or as just submitted
     * @param defaults what an empty field means, per setting key
     */
    void form(Html b, String page, String csrf, List<SettingGroup> groups, List<SettingsForm.Field> fields,
              Map<String, String> defaults) {
        b.raw("<form method=\"post\" action=\"").text(page)
                .raw("\" accept-charset=\"UTF-8\" id=\"settings-form\">");
        b.hidden(AdminServlet.CSRF, csrf).hidden("action", "save");
        for (SettingGroup group : groups) {
            b.raw("<h3>").text(t.get(group.titleKey())).raw("</h3><table class=\"mm-table\">");
            for (Setting<?> setting : group.settings()) {
                SettingsForm.Field f = fields.stream().filter(x -> x.setting() == setting).findFirst().orElseThrow();
                row(b, f, defaults.getOrDefault(setting.key(), ""));
            }
            b.raw("</table>");
        }
        b.raw("<button type=\"submit\" id=\"save-settings\">").text(t.get("form.save")).raw("</button></form>");
    }

    /** The box above a page saying what the last submission did; nothing when there was none. */
    static void outcome(Html b, Texts t, String notice, List<SettingsForm.Field> rejectedFields) {
        if (notice != null) {
            b.raw("<div class=\"mm-box mm-ok\" id=\"notice\">").text(notice).raw("</div>");
        }
        if (rejectedFields != null) {
            long invalid = rejectedFields.stream().filter(f -> !f.valid()).count();
            b.raw("<div class=\"mm-box mm-fail\" id=\"rejected\">").text(t.get("form.rejected", invalid))
                    .raw("</div>");
        }
    }

    /** What a redirect's {@code saved=<n>} says: how many settings changed. */
    static String savedNotice(Texts t, String saved) {
        if (saved == null) {
            return null;
        }
        return saved.equals("0") ? t.get("form.unchanged") : t.get("form.saved");
    }

    private void row(Html b, SettingsForm.Field f, String defaultText) {
        Setting<?> setting = f.setting();
        String id = "field-" + setting.key();
        String label = t.get(labelKey(setting));
        String byDefault = setting.defaultValue() instanceof Boolean on ? t.get(on ? "form.on" : "form.off")
                : defaultText;
        b.raw("<tr class=\"mm-field\"><th><label for=\"").text(id).raw("\">").text(label).raw("</label></th><td>");
        if (setting.defaultValue() instanceof Boolean) {
            boolean on = f.text().isEmpty() ? (Boolean) setting.defaultValue()
                    : f.valid() && Boolean.TRUE.equals(setting.parse(f.text()));
            b.raw("<select name=\"").text(setting.key()).raw("\" id=\"").text(id).raw("\">")
                    .raw("<option value=\"true\"" + (on ? " selected" : "") + ">").text(t.get("form.on"))
                    .raw("</option><option value=\"false\"" + (on ? "" : " selected") + ">").text(t.get("form.off"))
                    .raw("</option></select>");
        } else {
            b.raw("<input type=\"text\" name=\"").text(setting.key()).raw("\" id=\"").text(id).raw("\" value=\"")
                    .text(f.text()).raw("\" placeholder=\"").text(byDefault).raw("\"")
                    .raw(f.valid() ? "" : " class=\"mm-invalid\" aria-invalid=\"true\"").raw(">");
        }
        if (!f.valid()) {
            b.raw("<span class=\"mm-error\" id=\"error-").text(setting.key()).raw("\">")
                    .text(t.get("form.fieldError", label, f.error())).raw("</span>");
        }
        b.raw("</td><td class=\"mm-help\">").text(t.get(helpKey(setting)));
        if (!byDefault.isEmpty()) {
            b.raw("<br>").text(t.get("form.default", byDefault));
        }
        b.raw("</td></tr>");
    }
}
