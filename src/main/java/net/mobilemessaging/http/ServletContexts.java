package net.mobilemessaging.http;

import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;

import javax.servlet.http.HttpServlet;

/**
 * Jetty 12 (EE8) contexts for the plugin's servlets, mounted on Openfire's HTTP-bind server, the standalone
 * launcher's embedded server, or a test server alike.
 */
public final class ServletContexts {

    private ServletContexts() {
    }

    /**
     * @param classLoader the loader of the servlet's classes: in Openfire the plugin's, so that Jetty's threads
     *                    resolve our classes while serving
     */
    public static ServletContextHandler create(HttpServlet servlet, String name, String contextPath,
                                               ClassLoader classLoader) {
        ServletContextHandler context = new ServletContextHandler(null, contextPath, ServletContextHandler.NO_SESSIONS);
        context.setClassLoader(classLoader);
        context.setAllowNullPathInfo(true);
        context.addServlet(new ServletHolder(name, servlet), "/*");
        return context;
    }
}
