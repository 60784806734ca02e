package net.mobilemessaging.csi;

/** Why held stanzas were delivered. */
public enum FlushReason {
    /** An important stanza arrived; what was held goes first. */
    IMPORTANT,
    /** The client became active again ({@code <active/>}, or a resumed stream). */
    ACTIVE,
    /** The client sent a stanza: its radio is awake anyway. */
    CLIENT_SENT,
    /** Too many stanzas were held. */
    BOUND,
    /** The oldest held stanza waited as long as allowed. */
    AGE,
    /** The handling was switched off or the plugin unloaded. */
    STOPPED
}
