package net.mobilemessaging.openfire;

import net.mobilemessaging.settings.SettingsSource;

/**
 * Switches core's own CSI delay ({@code xmpp.client.csi.delay.enabled}) off while the plugin holds stanzas itself,
 * and back to what the operator had when the plugin stops. What the operator had is remembered in a property of
 * our own, so that a crash between the two does not lose it.
 */
final class CoreDelaySwitch {

    static final String CORE_DELAY = "xmpp.client.csi.delay.enabled";
    static final String REMEMBERED = "mobilemessaging.csi.coreDelayBefore";
    private static final String UNSET = "(unset)";

    private final SettingsSource properties;

    CoreDelaySwitch(SettingsSource properties) {
        this.properties = properties;
    }

    synchronized void takeOver() {
        if (properties.get(REMEMBERED) == null) {
            String before = properties.get(CORE_DELAY);
            properties.set(REMEMBERED, before == null ? UNSET : before, false);
        }
        properties.set(CORE_DELAY, "false", false);
    }

    /** Whether core's delay is off because this switch turned it off (and the operator has not turned it on since). */
    boolean isTakenOver() {
        return properties.get(REMEMBERED) != null && "false".equals(properties.get(CORE_DELAY));
    }

    synchronized void handBack() {
        String before = properties.get(REMEMBERED);
        if (before == null) {
            return;
        }
        if (before.equals(UNSET)) {
            properties.remove(CORE_DELAY);
        } else {
            properties.set(CORE_DELAY, before, false);
        }
        properties.remove(REMEMBERED);
    }
}
