package net.mobilemessaging.admin;

import java.util.List;

/**
 * What the overview shows of one service: whether it runs, where it is found, each check that led there, and the
 * last error. Texts are i18n keys with their arguments, so that the page renders them in the admin's language.
 *
 * @param nameKey   the i18n key of the service's name
 * @param pageUrl   the service's page, relative to the overview (e.g. {@code mobile-upload.jsp})
 * @param addresses where users find the service (its XMPP address, its announced URL); shown as given
 * @param lastError why the service last failed, or null
 */
public record ServiceStatus(String nameKey, String pageUrl, State state, List<String> addresses, List<Check> checks,
                            String lastError) {

    public enum State { RUNNING, DISABLED, FAILING }

    /** One thing checked: a label, whether it is fine, and a sentence about it. */
    public record Check(String labelKey, boolean ok, String messageKey, List<String> args) {
        public Check {
            args = List.copyOf(args);
        }
    }

    public ServiceStatus {
        addresses = List.copyOf(addresses);
        checks = List.copyOf(checks);
    }
}
