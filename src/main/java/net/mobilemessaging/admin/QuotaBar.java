package net.mobilemessaging.admin;

import net.mobilemessaging.settings.Sizes;

import java.util.Locale;

/** A small bar of use against a limit ("420 MB of 1.1 GB, 38%"), red once the limit is reached. */
final class QuotaBar {

    private QuotaBar() {
    }

    /**
     * @param limit the limit in bytes; 0 for none, when the bar is drawn against {@code scale} instead
     * @param scale what a full bar means without a limit (the largest use shown); 0 for no bar without a limit
     */
    static void render(Html b, Texts t, long used, long limit, long scale) {
        if (limit <= 0 && scale <= 0) {
            b.text(t.get("quota.unlimited", Sizes.human(used)));
            return;
        }
        long full = limit > 0 ? limit : scale;
        double fraction = Math.min(1.0, (double) used / full);
        String width = String.format(Locale.ROOT, "%.1f%%", fraction * 100);
        b.raw("<span class=\"mm-bar\"><span" + (limit > 0 && used >= limit ? " class=\"mm-full\"" : "")
                + " style=\"width:" + width + "\"></span></span>");
        if (limit > 0) {
            b.text(t.get("quota.of", Sizes.human(used), Sizes.human(limit),
                    String.format(Locale.ROOT, "%.0f", (double) used * 100 / limit)));
        } else {
            b.text(t.get("quota.unlimited", Sizes.human(used)));
        }
    }
}
