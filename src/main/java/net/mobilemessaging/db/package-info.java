/**
 * Database access shared by the services: a connection source (Openfire's pool in the plugin, a small JDBC pool
 * standalone), transactions with retry on deadlock and serialisation failures, and the installer that applies the
 * shipped schema scripts outside Openfire.
 */
package net.mobilemessaging.db;
