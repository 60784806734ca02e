package net.mobilemessaging.admin;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.upload.UploadSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static net.mobilemessaging.upload.UploadSettings.ENABLED;
import static net.mobilemessaging.upload.UploadSettings.EXPIRY;
import static net.mobilemessaging.upload.UploadSettings.MAX_FILE_SIZE;
import static net.mobilemessaging.upload.UploadSettings.USER_QUOTA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validating and saving settings as the upload page does, against the upload service's own settings. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SettingsFormTest {

    /** Settings that remember every write, so that a test sees what saving touched. */
    private static final class RecordingSettings implements SettingsSource {
        final MapSettingsSource stored = new MapSettingsSource();
        final List<String> writes = new ArrayList<>();

        @Override
        public String get(String key) {
            return stored.get(key);
        }

        @Override
        public void set(String key, String value, boolean encrypt) {
            writes.add("set " + key + "=" + value);
            stored.set(key, value, encrypt);
        }

        @Override
        public void remove(String key) {
            writes.add("remove " + key);
            stored.remove(key);
        }
    }

    private final RecordingSettings settings = new RecordingSettings();
    private final SettingsForm form = new SettingsForm(UploadSettings.ALL, settings);

    private SettingsForm.Outcome submit(Map<String, String> typed) {
        return form.submit(typed::get);
    }

    private static Map<String, String> typed(Setting<?> setting, String text, Object... more) {
        Map<String, String> map = new HashMap<>();
        map.put(setting.key(), text);
        for (int i = 0; i < more.length; i += 2) {
            map.put(((Setting<?>) more[i]).key(), (String) more[i + 1]);
        }
        return map;
    }

    @Test
    void validValuesAreStoredAsTypedAndApplyAsTheServiceReadsThem() {
        SettingsForm.Outcome outcome = submit(typed(USER_QUOTA, " 200 MB ", MAX_FILE_SIZE, "100 MB"));
        assertTrue(outcome.saved());
        assertEquals(2, outcome.changed());
        assertEquals("200 MB", settings.get(USER_QUOTA.key()), "trimmed, otherwise as typed");
        UploadSettings read = UploadSettings.read(settings, new UploadSettings.HostDefaults("h", 7443,
                java.nio.file.Path.of("/tmp")), (s, t, r) -> {
            throw new AssertionError("stored text the service rejects: " + s.key() + " " + r);
        });
        assertEquals(200_000_000L, read.userQuota());
        assertEquals(100_000_000L, read.maxFileSize());
    }

    @Test
    void oneInvalidFieldSavesNothingAndEachMessageSitsBesideItsField() {
        SettingsForm.Outcome outcome = submit(typed(USER_QUOTA, "200 MB", MAX_FILE_SIZE, "a lot", EXPIRY, "soon"));
        assertFalse(outcome.saved());
        assertEquals(List.of(), settings.writes, "nothing written, not even the valid field");
        assertEquals("must be a size such as 50 MB, 1.5 GiB or a number of bytes",
                outcome.field(MAX_FILE_SIZE).error());
        assertTrue(outcome.field(EXPIRY).error().startsWith("must be a duration"), outcome.field(EXPIRY).error());
        assertNull(outcome.field(USER_QUOTA).error());
        assertEquals("a lot", outcome.field(MAX_FILE_SIZE).text(), "what was typed is kept");
        assertEquals("200 MB", outcome.field(USER_QUOTA).text(), "what was typed is kept");
    }

    @Test
    void outOfBoundsValuesAreRefusedWithTheBound() {
        SettingsForm.Outcome outcome = submit(typed(MAX_FILE_SIZE, "0"));
        assertFalse(outcome.saved());
        assertEquals("must be at least 1 byte", outcome.field(MAX_FILE_SIZE).error());
    }

    @Test
    void anEmptyFieldMeansTheDefaultAndRemovesTheProperty() {
        settings.stored.with(MAX_FILE_SIZE.key(), "10 MB");
        SettingsForm.Outcome outcome = submit(typed(MAX_FILE_SIZE, "  ", USER_QUOTA, ""));
        assertTrue(outcome.saved());
        assertEquals(List.of("remove " + MAX_FILE_SIZE.key()), settings.writes, "an unset field stays unset");
        assertNull(settings.get(MAX_FILE_SIZE.key()));
    }

    @Test
    void unchangedValuesAndDefaultsAreNotWritten() {
        settings.stored.with(MAX_FILE_SIZE.key(), "10 MB");
        SettingsForm.Outcome outcome = submit(typed(MAX_FILE_SIZE, "10 MB", ENABLED, "true", USER_QUOTA, "1 GiB"));
        assertTrue(outcome.saved());
        assertEquals(0, outcome.changed());
        assertEquals(List.of(), settings.writes, "nothing that would restart the service for nothing");

        submit(typed(ENABLED, "false"));
        assertEquals(List.of("set " + ENABLED.key() + "=false"), settings.writes);
    }

    @Test
    void fieldsNotSubmittedAreLeftAsStored() {
        settings.stored.with(EXPIRY.key(), "7 days");
        assertTrue(submit(typed(MAX_FILE_SIZE, "5 MB")).saved());
        assertEquals("7 days", settings.get(EXPIRY.key()));
    }

    @Test
    void theCurrentFormShowsStoredTextAndFlagsWhatTheServiceRejects() {
        settings.stored.with(MAX_FILE_SIZE.key(), "a lot").with(USER_QUOTA.key(), "200 MB");
        List<SettingsForm.Field> fields = form.current();
        assertEquals(UploadSettings.ALL.size(), fields.size());
        SettingsForm.Field maxFileSize = fields.stream().filter(f -> f.setting() == MAX_FILE_SIZE).findFirst()
                .orElseThrow();
        assertEquals("a lot", maxFileSize.text());
        assertFalse(maxFileSize.valid(), "set by hand as a system property; the page says what is wrong");
        SettingsForm.Field expiry = fields.stream().filter(f -> f.setting() == EXPIRY).findFirst().orElseThrow();
        assertEquals("", expiry.text());
        assertTrue(expiry.valid());
    }
}
