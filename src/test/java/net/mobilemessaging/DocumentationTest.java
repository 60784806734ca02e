package net.mobilemessaging;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.push.AppRegistry;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.standalone.StandaloneConfig;
import net.mobilemessaging.upload.UploadSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README is the operator's reference: it must name every setting, with its default. */
class DocumentationTest {

    @Test
    void readmeListsEverySettingWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<Setting<?>> all = new ArrayList<>();
        all.addAll(UploadSettings.ALL);
        all.addAll(ArchiveSettings.ALL);
        all.addAll(CsiSettings.ALL);
        all.addAll(PushSettings.ALL);
        all.add(AppRegistry.APP_IDS);
        for (Setting<?> setting : all) {
            Matcher row = Pattern.compile("^\\| `" + Pattern.quote(setting.key()) + "` \\| `([^`]*)` \\|",
                    Pattern.MULTILINE).matcher(readme);
            assertTrue(row.find(), "README.md has a table row for " + setting.key());
            String documented = row.group(1);
            if (!documented.contains("<")) { // placeholders such as <home> stand for host-specific defaults
                assertEquals(setting.defaultValue(), setting.parse(documented),
                        "the default README.md gives for " + setting.key());
            }
        }
    }

    @Test
    void theExampleStandaloneConfigurationNamesEveryLauncherKey() throws Exception {
        String example = Files.readString(Path.of("src/standalone/mobilemessaging.example.properties"));
        for (Setting<?> setting : StandaloneConfig.ALL) {
            assertTrue(example.contains(setting.key() + "="), "the example names " + setting.key());
        }
        assertTrue(example.contains("mobilemessaging.push."), "the example configures push");
    }

    @Test
    void readmeGivesTheTwoCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("mvn -B package -DskipTests"));
        assertTrue(readme.contains("scripts/test"));
        assertTrue(Files.readString(Path.of(".ci/run")).contains("scripts/test"));
    }
}
