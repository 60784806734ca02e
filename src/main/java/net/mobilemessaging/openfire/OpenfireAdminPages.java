package net.mobilemessaging.openfire;

import net.mobilemessaging.admin.AdminPage;
import net.mobilemessaging.admin.Texts;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.container.PluginServlet;
import org.jivesoftware.util.LocaleUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.ServletException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the admin console pages into Openfire: each servlet instance is registered with {@code PluginServlet} at
 * its URL below the plugin, where Openfire serves it behind the admin login, its CSRF check and its page
 * decoration; {@link #close} unregisters every one. Texts come from the plugin's i18n bundle through
 * {@code LocaleUtils}, in the admin console's language.
 */
public final class OpenfireAdminPages implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireAdminPages.class);

    /** The plugin's canonical name: its jar's file name, which names its URLs and its i18n bundle. */
    public static final String PLUGIN_NAME = "mobilemessaging";

    private final Plugin plugin;
    /** The URLs registered so far; only touched by the plugin's lifecycle calls. */
    private final List<String> registered = new ArrayList<>();

    private OpenfireAdminPages(Plugin plugin) {
        this.plugin = plugin;
    }

    /**
     * The plugin's texts as Openfire reads them: from its i18n bundle, in the admin console's locale. Openfire answers
     * a missing key with {@code ???key???}, which {@link Texts#pattern} reports as none.
     */
    public static Texts texts() {
        return key -> {
            String text = LocaleUtils.getLocalizedString(key, PLUGIN_NAME);
            return text == null || text.equals("???" + key + "???") ? null : text;
        };
    }

    /**
     * Registers every page. A page that cannot be registered is logged and left out: the services run on, and the
     * admin still has the system properties.
     */
    public static OpenfireAdminPages register(PluginManager manager, Plugin plugin, List<AdminPage> pages) {
        OpenfireAdminPages registration = new OpenfireAdminPages(plugin);
        for (AdminPage page : pages) {
            try {
                PluginServlet.registerServlet(manager, plugin, page.servlet(), page.url());
                registration.registered.add(page.url());
            } catch (ServletException | RuntimeException e) {
                Log.error("The admin console page {} could not be registered", page.url(), e);
            }
        }
        return registration;
    }

    @Override
    public void close() {
        for (String url : registered) {
            try {
                PluginServlet.unregisterServlet(plugin, url);
            } catch (ServletException | RuntimeException e) {
                Log.warn("The admin console page {} could not be unregistered", url, e);
            }
        }
        registered.clear();
    }
}
