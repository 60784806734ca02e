package net.mobilemessaging.testing;

import net.mobilemessaging.admin.AdminPage;
import org.eclipse.jetty.ee8.servlet.FilterHolder;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import javax.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;

/**
 * Admin console pages served as Openfire's admin port serves them, minus Openfire: each servlet at
 * {@code /plugins/mobilemessaging/<page>} on a Jetty of its own (loopback, a free port), with sessions, behind
 * {@link OpenfireCsrfFilter}.
 */
public final class AdminPagesServer implements AutoCloseable {

    public static final String PLUGIN_PATH = "/plugins/mobilemessaging";

    public final OpenfireCsrfFilter csrf = new OpenfireCsrfFilter();
    private final Server server;
    private final int port;

    private AdminPagesServer(List<AdminPage> pages) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(null, PLUGIN_PATH, ServletContextHandler.SESSIONS);
        context.addFilter(new FilterHolder(csrf), "/*", EnumSet.of(DispatcherType.REQUEST));
        for (AdminPage page : pages) {
            context.addServlet(new ServletHolder(page.servlet()), page.url());
        }
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    public static AdminPagesServer start(List<AdminPage> pages) throws Exception {
        return new AdminPagesServer(pages);
    }

    /** The address of a page, e.g. {@code page("mobile-upload.jsp")}. */
    public String page(String relative) {
        return "http://127.0.0.1:" + port + PLUGIN_PATH + "/" + relative;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
