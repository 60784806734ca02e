package net.mobilemessaging.admin;

import net.mobilemessaging.admin.PushAppFields.Field;
import net.mobilemessaging.admin.PushAppFields.Kind;
import net.mobilemessaging.push.Provider;

/**
 * Renders the form that adds or edits one push app: its id and provider (fixed once the app exists), the
 * provider's fields, and whether it is the provider's default. Secret fields are always empty: they say whether a
 * secret is stored, and a secret typed in them is kept only when saved. A Web Push app's form also has the button
 * that saves it with a new VAPID key pair; an existing app's, a separate form that deletes it.
 */
final class PushAppForm {

    private PushAppForm() {
    }

    static void render(Html b, Texts t, String csrf, PushApps.AppForm form) {
        Provider provider = form.provider();
        if (provider == null) {
            // Only an app whose settings were edited by hand: it can only go.
            b.raw("<h2 id=\"app-form-title\">").text(t.get("push.form.edit", form.appId())).raw("</h2>")
                    .raw("<p class=\"mm-fail\" id=\"app-no-provider\">").text(t.get("push.app.noProvider"))
                    .raw("</p>");
            deleteForm(b, t, csrf, form);
            return;
        }
        String providerName = t.get("push.provider." + provider);
        b.raw("<h2 id=\"app-form-title\">").text(form.isNew() ? t.get("push.form.add", providerName)
                : t.get("push.form.edit", form.appId())).raw("</h2>");
        if (!form.errors().isEmpty()) {
            b.raw("<div class=\"mm-box mm-fail\" id=\"app-rejected\">")
                    .text(t.get("form.rejected", form.errors().size())).raw("</div>");
        }
        b.raw("<form method=\"post\" action=\"mobile-push.jsp\" accept-charset=\"UTF-8\" id=\"app-form\">")
                .hidden(AdminServlet.CSRF, csrf).hidden("original", form.isNew() ? "" : form.appId())
                .hidden("provider", PushAppFields.providerName(provider))
                .raw("<table class=\"mm-table\">");
        b.raw("<tr class=\"mm-field\"><th><label for=\"app-id\">").text(t.get("push.app.id")).raw("</label></th><td>");
        if (form.isNew()) {
            b.raw("<input type=\"text\" name=\"appId\" id=\"app-id\" value=\"").text(form.appId())
                    .raw("\" placeholder=\"eu.siacs.conversations\"")
                    .raw(form.errors().containsKey("appId") ? " class=\"mm-invalid\" aria-invalid=\"true\">" : ">");
            error(b, t, "appId", t.get("push.app.id"), form);
        } else {
            b.raw("<code id=\"app-id\">").text(form.appId()).raw("</code>");
        }
        b.raw("</td><td class=\"mm-help\">").text(t.get("push.app.id.help")).raw("</td></tr>");
        b.raw("<tr class=\"mm-field\"><th>").text(t.get("push.app.provider")).raw("</th><td>").text(providerName)
                .raw("</td><td class=\"mm-help\">").text(t.get("push.provider." + provider + ".help"))
                .raw("</td></tr>");
        for (Field f : PushAppFields.of(provider)) {
            field(b, t, form, f);
        }
        b.raw("<tr class=\"mm-field\"><th><label for=\"app-default\">").text(t.get("push.app.default"))
                .raw("</label></th><td><input type=\"checkbox\" name=\"default\" value=\"true\" id=\"app-default\"")
                .raw(form.isDefault() ? " checked" : "").raw("></td><td class=\"mm-help\">")
                .text(t.get("push.app.default.help", providerName)).raw("</td></tr></table>");
        b.raw("<button type=\"submit\" name=\"action\" value=\"saveApp\" id=\"save-app\">")
                .text(t.get("push.form.save")).raw("</button>");
        if (provider == Provider.WEBPUSH) {
            b.raw(" <button type=\"submit\" name=\"action\" value=\"generateVapid\" id=\"generate-vapid\">")
                    .text(t.get("push.form.generateVapid")).raw("</button><p class=\"mm-help\">")
                    .text(t.get(form.isNew() ? "push.form.generateVapid.help"
                            : "push.form.generateVapid.replaces")).raw("</p>");
        }
        b.raw(" <a href=\"mobile-push.jsp\">").text(t.get("push.form.cancel")).raw("</a></form>");
        if (!form.isNew()) {
            deleteForm(b, t, csrf, form);
        }
    }

    private static void deleteForm(Html b, Texts t, String csrf, PushApps.AppForm form) {
        b.raw("<form method=\"post\" action=\"mobile-push.jsp\" id=\"delete-app-form\">")
                .hidden(AdminServlet.CSRF, csrf).hidden("action", "deleteApp").hidden("app", form.appId())
                .raw("<h3>").text(t.get("push.delete.title")).raw("</h3><label><input type=\"checkbox\" ")
                .raw("name=\"confirm\" value=\"yes\" id=\"confirm-delete\"> ")
                .text(t.get("push.delete.confirm", form.appId())).raw("</label> ")
                .raw("<button type=\"submit\" id=\"delete-app\">").text(t.get("push.delete.button"))
                .raw("</button></form>");
    }

    private static void field(Html b, Texts t, PushApps.AppForm form, Field f) {
        String id = "app-field-" + f.name();
        String label = t.get("push.app.field." + f.name() + ".label");
        boolean invalid = form.errors().containsKey(f.name());
        String invalidAttributes = invalid ? " class=\"mm-invalid\" aria-invalid=\"true\"" : "";
        b.raw("<tr class=\"mm-field\"><th><label for=\"").text(id).raw("\">").text(label).raw("</label></th><td>");
        switch (f.kind()) {
            case FLAG -> b.raw("<input type=\"checkbox\" name=\"").text(f.parameter()).raw("\" value=\"true\" id=\"")
                    .text(id).raw("\"").raw(form.value(f).equals("true") ? " checked" : "").raw(">");
            case TEXT -> b.raw("<input type=\"text\" name=\"").text(f.parameter()).raw("\" id=\"").text(id)
                    .raw("\" value=\"").text(form.value(f)).raw("\"").raw(invalidAttributes).raw(">");
            case SECRET -> {
                boolean set = form.secretsSet().contains(f.name());
                // Never filled in: a secret goes in, and never comes back out.
                b.raw("<textarea name=\"").text(f.parameter()).raw("\" id=\"").text(id)
                        .raw("\" rows=\"4\" cols=\"48\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"")
                        .text(t.get(set ? "push.secret.keep" : "push.secret.enter")).raw("\"")
                        .raw(invalidAttributes).raw("></textarea><br><span class=\"secret-state ")
                        .raw(set ? "mm-ok" : "mm-fail").raw("\" id=\"secret-").text(f.name()).raw("\">")
                        .text(t.get(set ? "push.secret.set" : "push.secret.notSet")).raw("</span>");
            }
            default -> throw new IllegalStateException();
        }
        error(b, t, f.name(), label, form);
        b.raw("</td><td class=\"mm-help\">").text(t.get("push.app.field." + f.name() + ".help")).raw("</td></tr>");
    }

    private static void error(Html b, Texts t, String name, String label, PushApps.AppForm form) {
        String error = form.errors().get(name);
        if (error != null) {
            b.raw("<span class=\"mm-error\" id=\"app-error-").text(name).raw("\">")
                    .text(t.get("form.fieldError", label, error)).raw("</span>");
        }
    }
}
