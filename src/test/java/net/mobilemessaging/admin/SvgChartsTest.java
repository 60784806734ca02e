package net.mobilemessaging.admin;

import net.mobilemessaging.upload.UploadLedger.DailyUploads;
import net.mobilemessaging.upload.UploadLedger.TypeUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-drawn charts are well-formed SVG whatever the content types are called, with exact numbers on hover. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SvgChartsTest {

    private final Texts texts = PropertiesTexts.english();

    private static Document parse(Html svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneBarPerDayWithItsNumbersAndToday() throws Exception {
        List<DailyUploads> days = new ArrayList<>();
        LocalDate first = LocalDate.parse("2026-10-28");
        for (int i = 0; i < StorageReport.DAYS; i++) {
            days.add(new DailyUploads(first.plusDays(i), i == 29 ? 5 : i % 3, i * 1000L));
        }
        Html b = new Html();
        SvgCharts.uploadsPerDay(b, texts, days);
        Document svg = parse(b);

        NodeList bars = svg.getElementsByTagName("rect");
        assertEquals(30, bars.getLength());
        Element today = (Element) bars.item(29);
        assertEquals("2026-11-26: 5 files, 29.0 KB", today.getElementsByTagName("title").item(0).getTextContent());
        Element empty = (Element) bars.item(0);
        assertEquals("0.0", empty.getAttribute("height"), "a day without uploads has no bar");
        List<String> labels = new ArrayList<>();
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent());
        }
        assertEquals(List.of("5", "0", "10-29", "11-05", "11-12", "11-19", "11-26"), labels,
                "the scale, then today and each week before it");
    }

    @Test
    void typeNamesAreEscapedAndTheTailIsSummed() throws Exception {
        List<TypeUsage> types = new ArrayList<>();
        types.add(new TypeUsage("application/x-a&b'c", 1, 9000));
        for (int i = 0; i < 9; i++) {
            types.add(new TypeUsage("image/t" + i, 1, 100 - i));
        }
        Html b = new Html();
        SvgCharts.storageByType(b, texts, types);
        Document svg = parse(b);

        NodeList bars = svg.getElementsByTagName("rect");
        assertEquals(SvgCharts.MAX_TYPES, bars.getLength());
        assertEquals("application/x-a&b'c: 9.0 KB in 1 files",
                ((Element) bars.item(0)).getElementsByTagName("title").item(0).getTextContent());
        String last = ((Element) bars.item(SvgCharts.MAX_TYPES - 1)).getElementsByTagName("title").item(0)
                .getTextContent();
        assertTrue(last.startsWith("other types: "), last);
        assertTrue(last.endsWith("in 3 files"), last);
    }
}
