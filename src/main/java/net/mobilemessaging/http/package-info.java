/** HTTP plumbing shared by the services: Jetty 12 EE8 servlet contexts. */
package net.mobilemessaging.http;
