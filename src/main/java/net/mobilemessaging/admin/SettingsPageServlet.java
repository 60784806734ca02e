package net.mobilemessaging.admin;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A feature's page: what the feature is doing now, then its settings. GET shows it; POST {@code action=save}
 * validates every setting and saves them only when all are valid, then redirects to a fresh GET; otherwise the page
 * comes back with each message beside its field and the operator's text kept. Any other action is the feature's
 * own ({@link #act}). What the feature shows goes above the settings ({@link #state}) and, if it wants, below them
 * ({@link #after}). A feature names its texts {@code <prefix>.title}, {@code <prefix>.settings.title},
 * {@code <prefix>.setting.<name>.label|help}, and {@code <prefix>.done.<what>} for the notice after one of its
 * actions.
 */
abstract class SettingsPageServlet extends AdminServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(SettingsPageServlet.class);

    /** The page's address relative to the plugin, such as {@code mobile-csi.jsp}. */
    private final String page;
    private final String pageId;
    private final String textPrefix;
    private final transient List<SettingGroup> groups;
    private final transient List<Setting<?>> all;
    private final transient SettingsForm form;
    private final transient FormFields fields;

    /**
     * @param all    every setting of the feature, in the order {@link SettingsForm} validates them
     * @param groups the same settings, grouped as the page shows them
     */
    SettingsPageServlet(Texts texts, SettingsSource settings, List<Setting<?>> all, List<SettingGroup> groups,
                        String url, String pageId, String textPrefix, String keyPrefix) {
        super(texts);
        this.page = url.substring(1);
        this.pageId = pageId;
        this.textPrefix = textPrefix;
        this.groups = List.copyOf(groups);
        this.all = List.copyOf(all);
        this.form = new SettingsForm(all, settings);
        this.fields = new FormFields(texts, textPrefix, keyPrefix);
    }

    /** The feature's live state, shown above its settings; everything user-supplied in it escaped. */
    protected abstract void state(Html b, HttpServletRequest req);

    /** What the page shows below its settings; nothing by default. Everything user-supplied in it escaped. */
    protected void after(Html b, HttpServletRequest req) {
    }

    /** What an empty field means, per setting key; by default each setting's own default. */
    protected Map<String, String> defaults() {
        return FormFields.defaults(all);
    }

    /**
     * Carries out one of the feature's own actions (a POST whose {@code action} is not {@code save}) and answers:
     * a redirect, a page, or an error.
     *
     * @return false when the feature has no such action (answered with 400)
     */
    protected boolean act(String action, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        return false;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        render(req, resp, form.current(), notice(req), false);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = param(req, "action");
        if ("save".equals(action)) {
            SettingsForm.Outcome outcome = form.submit(req::getParameter);
            if (outcome.saved()) {
                Log.info("{} settings saved from the admin console: {} changed", textPrefix, outcome.changed());
                resp.sendRedirect(page + "?saved=" + outcome.changed());
                return;
            }
            render(req, resp, outcome.fields(), null, true);
        } else if (action == null || !act(action, req, resp)) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    /** Redirects to a fresh GET that tells what the action did: {@code <prefix>.done.<what>}. */
    protected void done(HttpServletResponse resp, String what) throws IOException {
        resp.sendRedirect(page + "?done=" + what);
    }

    /** Renders the page with the settings as stored and an optional notice. */
    protected void render(HttpServletRequest req, HttpServletResponse resp, String notice) throws IOException {
        render(req, resp, form.current(), notice, false);
    }

    private void render(HttpServletRequest req, HttpServletResponse resp, List<SettingsForm.Field> current,
                        String notice, boolean rejected) throws IOException {
        Html b = new Html();
        FormFields.outcome(b, texts, notice, rejected ? current : null);
        state(b, req);
        b.raw("<h2 id=\"mm-settings\">").text(texts.get(textPrefix + ".settings.title")).raw("</h2>");
        b.raw("<p>").text(texts.get("form.intro")).raw("</p>");
        fields.form(b, page, csrf(req), groups, current, defaults());
        after(b, req);
        send(resp, PageLayout.document(texts.get(textPrefix + ".title"), pageId, b));
    }

    /** The notice a redirect asks for: saved settings, or one of the feature's actions (only texts it has). */
    private String notice(HttpServletRequest req) {
        String saved = FormFields.savedNotice(texts, param(req, "saved"));
        if (saved != null) {
            return saved;
        }
        String done = param(req, "done");
        if (done != null && done.matches("[A-Za-z]{1,40}") && texts.pattern(textPrefix + ".done." + done) != null) {
            return texts.get(textPrefix + ".done." + done);
        }
        return null;
    }
}
