package org.jivesoftware.openfire.http;

import org.eclipse.jetty.server.Handler;

/**
 * Test-classpath stand-in for Openfire's {@code HttpBindManager}, written by this project. The 4.2.0 class we compile
 * against cannot even be loaded beside Jetty 12 (its fields name Jetty 9's SPDY connector), so Mockito could not
 * stub it. This stand-in has exactly the members the plugin calls, with the same signatures as in Openfire 5.1.1
 * (see openfire/verified-on-5.1.txt); the tests stub them with Mockito. Test classes come first on the class
 * path, so this class shadows the jar's during tests only; it is never packaged.
 */
public class HttpBindManager {

    public static HttpBindManager getInstance() {
        throw new UnsupportedOperationException("stubbed by the tests");
    }

    public void addJettyHandler(Handler handler) {
        throw new UnsupportedOperationException("stubbed by the tests");
    }

    public void removeJettyHandler(Handler handler) {
        throw new UnsupportedOperationException("stubbed by the tests");
    }
}
