/**
 * XEP-0357 Push Notifications, app server side ({@code push.<domain>}): registrations by XEP-0050 ad-hoc commands
 * compatible with p2 (Conversations), publishes from users' servers (XEP-0357 §7) checked against node, secret and
 * sender domain, rate limits, and delivery to Apple Push Notification service, Firebase Cloud Messaging and Web
 * Push (RFC 8030/8291/8292) by the senders in the apns, fcm and webpush sub-packages. Sending never happens on the
 * thread that answers the publish.
 */
package net.mobilemessaging.push;
