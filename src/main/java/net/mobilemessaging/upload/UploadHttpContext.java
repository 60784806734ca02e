package net.mobilemessaging.upload;

import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;

/**
 * The Jetty 12 (EE8) context that serves {@link UploadServlet} at the configured path. Openfire's HTTP-bind server,
 * the standalone launcher and the tests all mount this same context.
 */
public final class UploadHttpContext {

    private UploadHttpContext() {
    }

    /**
     * @param classLoader the loader of the servlet's classes: in Openfire the plugin's, so that Jetty's threads
     *                    resolve our classes while serving
     */
    public static ServletContextHandler create(UploadServlet servlet, String contextPath, ClassLoader classLoader) {
        ServletContextHandler context = new ServletContextHandler(null, contextPath, ServletContextHandler.NO_SESSIONS);
        context.setClassLoader(classLoader);
        context.setAllowNullPathInfo(true);
        context.addServlet(new ServletHolder("upload", servlet), "/*");
        return context;
    }
}
