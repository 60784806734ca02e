package net.mobilemessaging.upload;

import net.mobilemessaging.http.ServletContexts;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;

/**
 * The Jetty 12 (EE8) context that serves {@link UploadServlet} at the configured path. Openfire's HTTP-bind server,
 * the standalone launcher and the tests all mount this same context.
 */
public final class UploadHttpContext {

    private UploadHttpContext() {
    }

    public static ServletContextHandler create(UploadServlet servlet, String contextPath, ClassLoader classLoader) {
        return ServletContexts.create(servlet, "upload", contextPath, classLoader);
    }
}
