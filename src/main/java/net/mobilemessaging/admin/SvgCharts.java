package net.mobilemessaging.admin;

import net.mobilemessaging.push.PushStats;
import net.mobilemessaging.settings.Sizes;
import net.mobilemessaging.upload.UploadLedger.DailyUploads;
import net.mobilemessaging.upload.UploadLedger.TypeUsage;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bar charts drawn on the server as inline SVG: no script, no external resources. Every bar carries a
 * {@code <title>} with its exact numbers, which browsers show on hover and screen readers read.
 */
final class SvgCharts {

    private static final String BAR = "#3b7fc4";
    private static final String AMBER = "#d4a72c";
    private static final String RED = "#b42318";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);
    private static final DateTimeFormatter FULL_DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    /** Types shown one per bar; the rest are summed into one. */
    static final int MAX_TYPES = 8;

    private SvgCharts() {
    }

    /** Files uploaded per day, one bar per day. */
    static void uploadsPerDay(Html b, Texts t, List<DailyUploads> days) {
        int width = 640;
        int height = 180;
        int left = 40;
        int top = 10;
        int bottom = 24;
        int plotHeight = height - top - bottom;
        double slot = (double) (width - left - 10) / Math.max(days.size(), 1);
        long max = 1;
        for (DailyUploads d : days) {
            max = Math.max(max, d.files());
        }
        open(b, "chart-uploads-per-day", width, height, t.get("upload.storage.perDay.title"));
        axis(b, left, top, width - 10, top + plotHeight);
        label(b, left - 6, top + 4, "end", Long.toString(max));
        label(b, left - 6, top + plotHeight, "end", "0");
        for (int i = 0; i < days.size(); i++) {
            DailyUploads d = days.get(i);
            double h = (double) plotHeight * d.files() / max;
            double x = left + i * slot + 1;
            b.raw(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                    x, top + plotHeight - h, Math.max(slot - 2, 1), h, BAR));
            b.raw("<title>").text(t.get("upload.storage.perDay.bar", d.day().format(FULL_DAY), d.files(),
                    Sizes.human(d.bytes()))).raw("</title></rect>");
            if ((days.size() - 1 - i) % 7 == 0) { // today, and each week before
                label(b, (int) (x + slot / 2), height - 8, "middle", d.day().format(DAY));
            }
        }
        b.raw("</svg>");
    }

    /** Bytes per content type, largest first, one horizontal bar per type. */
    static void storageByType(Html b, Texts t, List<TypeUsage> types) {
        List<TypeUsage> shown = types.size() <= MAX_TYPES ? types
                : summarise(types, t.get("upload.storage.byType.other"));
        int rowHeight = 22;
        int width = 640;
        int labelWidth = 190;
        int barWidth = 280;
        int height = Math.max(shown.size(), 1) * rowHeight + 8;
        long max = 1;
        for (TypeUsage type : shown) {
            max = Math.max(max, type.bytes());
        }
        open(b, "chart-storage-by-type", width, height, t.get("upload.storage.byType.title"));
        if (shown.isEmpty()) {
            label(b, 0, 16, "start", t.get("upload.storage.none"));
        }
        for (int i = 0; i < shown.size(); i++) {
            TypeUsage type = shown.get(i);
            int y = 4 + i * rowHeight;
            double w = Math.max((double) barWidth * type.bytes() / max, 1);
            label(b, labelWidth - 8, y + 14, "end", type.contentType());
            b.raw(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
                    labelWidth, y + 2, w, rowHeight - 6, BAR));
            String numbers = t.get("upload.storage.byType.bar", Sizes.human(type.bytes()), type.files());
            b.raw("<title>").text(type.contentType() + ": " + numbers).raw("</title></rect>");
            label(b, (int) (labelWidth + w + 6), y + 14, "start", numbers);
        }
        b.raw("</svg>");
    }

    /**
     * One provider's pushes per hour over the last 24 hours, oldest first: one bar per hour, stacked sent (blue),
     * rejected (amber) and failed (red), with a legend.
     *
     * @param hours per outcome, 24 counts, oldest first, as {@link PushStats#lastDay} gives them
     */
    static void pushesPerHour(Html b, Texts t, String id, String title, Map<PushStats.Outcome, long[]> hours) {
        int width = 640;
        int height = 150;
        int left = 40;
        int top = 22;
        int bottom = 22;
        int plotHeight = height - top - bottom;
        long[] sent = hours.get(PushStats.Outcome.SENT);
        long[] rejected = hours.get(PushStats.Outcome.REJECTED);
        long[] failed = hours.get(PushStats.Outcome.FAILED);
        int n = sent.length;
        double slot = (double) (width - left - 10) / Math.max(n, 1);
        long max = 1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, sent[i] + rejected[i] + failed[i]);
        }
        open(b, id, width, height, title);
        legend(b, width - 10, 12, List.of(
                new String[] {BAR, t.get("push.chart.sent")},
                new String[] {AMBER, t.get("push.chart.rejected")},
                new String[] {RED, t.get("push.chart.failed")}));
        axis(b, left, top, width - 10, top + plotHeight);
        label(b, left - 6, top + 4, "end", Long.toString(max));
        label(b, left - 6, top + plotHeight, "end", "0");
        for (int i = 0; i < n; i++) {
            int ago = n - 1 - i;
            String when = ago == 0 ? t.get("push.chart.thisHour") : t.get("push.chart.hoursAgo", ago);
            double x = left + i * slot + 1;
            double w = Math.max(slot - 2, 1);
            double y = top + plotHeight;
            b.raw("<g class=\"hour\"><title>").text(t.get("push.chart.bar", when, sent[i], rejected[i], failed[i]))
                    .raw("</title>");
            for (Object[] part : new Object[][] {{sent[i], BAR}, {rejected[i], AMBER}, {failed[i], RED}}) {
                double h = (double) plotHeight * (Long) part[0] / max;
                y -= h;
                if (h > 0) {
                    b.raw(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "fill=\"%s\"/>", x, y, w, h, part[1]));
                }
            }
            b.raw("</g>");
            if (ago % 6 == 0) {
                label(b, (int) (x + slot / 2), height - 6, "middle", ago == 0 ? t.get("push.chart.now")
                        : t.get("push.chart.hoursAgo", ago));
            }
        }
        b.raw("</svg>");
    }

    /** Colour swatches with their labels, right-aligned at {@code right}. */
    private static void legend(Html b, int right, int y, List<String[]> entries) {
        int x = right - 110 * entries.size();
        for (String[] entry : entries) {
            b.raw("<rect x=\"" + x + "\" y=\"" + (y - 8) + "\" width=\"10\" height=\"10\" fill=\"" + entry[0]
                    + "\"/>");
            label(b, x + 14, y + 1, "start", entry[1]);
            x += 110;
        }
    }

    private static List<TypeUsage> summarise(List<TypeUsage> types, String otherLabel) {
        List<TypeUsage> shown = new java.util.ArrayList<>(types.subList(0, MAX_TYPES - 1));
        long files = 0;
        long bytes = 0;
        for (TypeUsage type : types.subList(MAX_TYPES - 1, types.size())) {
            files += type.files();
            bytes += type.bytes();
        }
        shown.add(new TypeUsage(otherLabel, files, bytes));
        return shown;
    }

    private static void open(Html b, String id, int width, int height, String title) {
        b.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm-chart\" id=\"" + id + "\" width=\"" + width
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\" "
                + "font-family=\"sans-serif\" font-size=\"11\"><title>").text(title).raw("</title>");
    }

    private static void axis(Html b, int x1, int y1, int x2, int y2) {
        b.raw("<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x1 + "\" y2=\"" + y2 + "\" stroke=\"#999\"/>");
        b.raw("<line x1=\"" + x1 + "\" y1=\"" + y2 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"#999\"/>");
    }

    private static void label(Html b, int x, int y, String anchor, String text) {
        b.raw("<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" fill=\"#333\">").text(text)
                .raw("</text>");
    }
}
