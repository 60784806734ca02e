package net.mobilemessaging.push;

/** What a push is for, which decides its type and priority at the provider. */
public enum PushKind {
    /** Something to show the user (a message, a subscription request): APNs alert/10, FCM HIGH. */
    ALERT,
    /** Nothing to show, let the app sync quietly: APNs background/5 (content-available), FCM NORMAL. */
    BACKGROUND,
    /** An incoming call, for apps with a VoIP topic: APNs voip/10 on the topic's ".voip" variant, FCM HIGH. */
    VOIP
}
