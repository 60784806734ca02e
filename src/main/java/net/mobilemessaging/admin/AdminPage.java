package net.mobilemessaging.admin;

import javax.servlet.http.HttpServlet;

/**
 * One admin console page: its servlet and the URL it is registered at below the plugin, such as
 * {@code /mobile-upload.jsp} (served as {@code /plugins/mobilemessaging/mobile-upload.jsp}). The {@code .jsp}
 * ending is what Openfire's PluginServlet routes to registered servlets; no JSP is involved.
 */
public record AdminPage(String url, HttpServlet servlet) {

    public AdminPage {
        if (!url.startsWith("/") || !url.endsWith(".jsp")) {
            throw new IllegalArgumentException("An admin page URL looks like /mobile-name.jsp: " + url);
        }
    }
}
