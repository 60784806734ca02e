/**
 * Media-sharing messages kept whole: XEP-0385 Stateless Inline Media Sharing ({@code urn:xmpp:sims:1} and
 * {@code :2}), XEP-0447 Stateless File Sharing ({@code urn:xmpp:sfs:0}) and XEP-0066 Out of Band Data
 * ({@code jabber:x:oob}). A body-less media message gets a readable fallback body marked per XEP-0428
 * ({@code urn:xmpp:fallback:0}) and an XEP-0334 {@code <store/>} hint, so that archives, offline storage, CSI and
 * push, which all look for a body, treat it as the message it is. The media element itself is never changed.
 */
package net.mobilemessaging.archive;
