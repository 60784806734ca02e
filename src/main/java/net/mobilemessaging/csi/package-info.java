/**
 * XEP-0352 Client State Indication, done better than core: while a client is inactive, stanzas that can wait are
 * held (and de-duplicated: latest presence per sender, latest chat state per conversation, latest PEP item per
 * sender and node), everything held is delivered in order, with XEP-0203 delay stamps, before anything important,
 * and nothing with content is lost when the session ends. Openfire specifics (interceptor, session events, core's
 * CSI state) live in the openfire package; this package works on Tinder stanzas and is driven by the workload
 * simulator in bench/ as well.
 */
package net.mobilemessaging.csi;
