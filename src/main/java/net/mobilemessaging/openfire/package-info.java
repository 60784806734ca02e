/**
 * The only code that imports Openfire ({@code org.jivesoftware.*}): adapters from Openfire's managers, properties,
 * database pool and events to the plugin's core interfaces. Every call here must link on Openfire 5.0 and 5.1
 * although the plugin compiles against 4.2.0; {@code OpenfireApiGuardTest} keeps the list of calls known to break.
 */
package net.mobilemessaging.openfire;
