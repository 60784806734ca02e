package net.mobilemessaging.xmpp;

import org.eclipse.jetty.ee8.servlet.ServletContextHandler;

/**
 * A running service as hosts see it (Openfire's component and HTTP-bind registrations, or the standalone
 * launcher's connection and web server): an XMPP component under a subdomain, a servlet context, and settings that
 * may change under it.
 */
public interface HostedService extends AutoCloseable {

    /** What {@link #reload} found. */
    enum Change { NONE, APPLIED, NEEDS_RESTART }

    /** The subdomain the component is to be registered under. */
    String subdomain();

    ServiceComponent component();

    /** A new Jetty context for the service's servlet, to be mounted by the host. */
    ServletContextHandler newHttpContext();

    /** Re-reads settings after a change; {@link Change#NEEDS_RESTART} asks the host to build a new service. */
    Change reload();

    /** Stops the service's own threads; the host removes its registrations itself. */
    @Override
    void close();
}
