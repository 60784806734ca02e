/**
 * Standalone mode: the plugin's services as XEP-0114 external components of any XMPP server (Prosody, ejabberd,
 * Openfire), with their HTTP side on an embedded Jetty 12 and their data in a JDBC database (HSQLDB file by
 * default, PostgreSQL as an option). The services are the same classes the plugin hosts; only the hosting differs.
 */
package net.mobilemessaging.standalone;
