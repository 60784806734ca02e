package net.mobilemessaging.admin;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings of a feature as a form: what is stored, checked the way the feature reads it, and submissions
 * validated field by field and saved only when every field is valid. An operator's text is stored as typed
 * ("200 MB" stays "200 MB"), since the feature parses it the same way on every read; an empty field means the
 * default, so its property is removed. Unchanged fields are not written, so that saving does not restart what
 * did not change.
 */
public final class SettingsForm {

    /** One field: its setting, the text shown in it, and what is wrong with that text (null when nothing). */
    public record Field(Setting<?> setting, String text, String error) {
        public boolean valid() {
            return error == null;
        }
    }

    /** What a submission did: whether it was saved, every field as submitted, and how many properties changed. */
    public record Outcome(boolean saved, List<Field> fields, int changed) {
        public Field field(Setting<?> setting) {
            return fields.stream().filter(f -> f.setting() == setting).findFirst().orElseThrow();
        }
    }

    private final List<Setting<?>> settings;
    private final SettingsSource source;

    public SettingsForm(List<Setting<?>> settings, SettingsSource source) {
        this.settings = List.copyOf(settings);
        this.source = source;
    }

    /** The form as stored: empty fields for unset settings, and an error beside stored text the feature rejects. */
    public List<Field> current() {
        List<Field> fields = new ArrayList<>(settings.size());
        for (Setting<?> setting : settings) {
            String stored = source.get(setting.key());
            String error = stored == null ? null : problem(setting, stored);
            fields.add(new Field(setting, stored == null ? "" : stored, error));
        }
        return fields;
    }

    /**
     * Validates every submitted field and, only if all are valid, saves those that changed.
     *
     * @param submitted the text submitted for a setting's key, or null when the form did not include it (it is
     *                  then left as it is)
     */
    public Outcome submit(Function<String, String> submitted) {
        List<Field> fields = new ArrayList<>(settings.size());
        List<Runnable> changes = new ArrayList<>();
        for (Setting<?> setting : settings) {
            String stored = source.get(setting.key());
            String typed = submitted.apply(setting.key());
            if (typed == null) {
                fields.add(new Field(setting, stored == null ? "" : stored, null));
                continue;
            }
            String text = typed.trim();
            if (text.isEmpty()) {
                fields.add(new Field(setting, "", null));
                if (stored != null) {
                    changes.add(() -> source.remove(setting.key()));
                }
                continue;
            }
            String error = problem(setting, text);
            fields.add(new Field(setting, text, error));
            if (error == null && changed(setting, stored, text)) {
                changes.add(() -> source.set(setting.key(), text, false));
            }
        }
        if (!fields.stream().allMatch(Field::valid)) {
            return new Outcome(false, fields, 0);
        }
        changes.forEach(Runnable::run);
        return new Outcome(true, fields, changes.size());
    }

    /** Why the feature would reject {@code text}, in its own words ("must be a size such as 50 MB"), or null. */
    static String problem(Setting<?> setting, String text) {
        try {
            setting.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** True when storing {@code text} would change what is stored or, for an unset setting, the value in use. */
    private static boolean changed(Setting<?> setting, String stored, String text) {
        if (stored != null) {
            return !stored.equals(text);
        }
        return !Objects.equals(setting.parse(text), setting.defaultValue());
    }
}
