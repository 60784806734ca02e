/**
 * Shared XMPP plumbing for the plugin's services: a component base that answers XEP-0030 service discovery,
 * XEP-0199 ping and XEP-0092 version itself and hands every other IQ to a handler chosen by namespace, plus helpers
 * for stanza errors and XEP-0004/XEP-0128 data forms. Nothing here imports Openfire: the same components run inside
 * Openfire and as XEP-0114 external components.
 */
package net.mobilemessaging.xmpp;
