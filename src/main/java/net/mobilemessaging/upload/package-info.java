/**
 * XEP-0363 HTTP File Upload (version 1.1.0, namespace {@code urn:xmpp:http:upload:0}, plus the older
 * {@code urn:xmpp:http:upload} of version 0.2 and Conversations' {@code eu:siacs:conversations:http:upload}).
 * <p>
 * Reading order: {@link net.mobilemessaging.upload.UploadSettings} (every setting, typed, with its default),
 * {@link net.mobilemessaging.upload.UploadError} (every failure with its XMPP condition and HTTP status),
 * {@link net.mobilemessaging.upload.SlotPolicy} (every check before a slot is issued),
 * {@link net.mobilemessaging.upload.SlotToken} (the signed PUT credential),
 * {@link net.mobilemessaging.upload.UploadService} (issuing slots, accepting and serving files),
 * {@link net.mobilemessaging.upload.UploadComponent} (the XMPP side),
 * {@link net.mobilemessaging.upload.UploadServlet} (the HTTP side),
 * {@link net.mobilemessaging.upload.ExpirySweeper} (pruning and reconciling).
 */
package net.mobilemessaging.upload;
