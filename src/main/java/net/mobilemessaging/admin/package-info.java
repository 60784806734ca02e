/**
 * The admin console pages, as plain servlets that Openfire's {@code PluginServlet} serves under
 * {@code /plugins/mobilemessaging/} behind the admin login, its CSRF check and its page decoration.
 * <p>
 * Nothing here imports Openfire: the host (the adapter {@code net.mobilemessaging.openfire.OpenfireAdminPages})
 * registers the servlets and supplies the texts. Logic and rendering are apart: {@link
 * net.mobilemessaging.admin.SettingsForm} validates and saves settings, {@link
 * net.mobilemessaging.admin.AnnouncedUrlCheck} tells whether clients reach the upload servlet, {@link
 * net.mobilemessaging.admin.StorageReport} gathers storage statistics; the {@code *Page} classes only turn those
 * into HTML, escaping every value that came from a user. Each feature contributes an {@link
 * net.mobilemessaging.admin.AdminSection}: its line on the overview and its own pages. A feature's page is a
 * {@code SettingsPageServlet} (its live state, then its settings as {@code FormFields} renders them); the push
 * page adds its apps, whose credentials {@code PushApps} checks and stores, secrets encrypted and write-only.
 */
package net.mobilemessaging.admin;
