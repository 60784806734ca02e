package net.mobilemessaging.admin;

import net.mobilemessaging.settings.Setting;

import java.util.List;

/** Settings shown together under one heading; {@code titleKey} is the heading's i18n key. */
public record SettingGroup(String titleKey, List<Setting<?>> settings) {

    public SettingGroup {
        settings = List.copyOf(settings);
    }
}
