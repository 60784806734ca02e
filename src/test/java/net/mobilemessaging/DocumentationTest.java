package net.mobilemessaging;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.upload.UploadSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README is the operator's reference: it must name every setting, with its default. */
class DocumentationTest {

    @Test
    void readmeListsEverySettingWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting<?> setting : UploadSettings.ALL) {
            assertTrue(readme.contains("`" + setting.key() + "`"), "README.md documents " + setting.key());
        }
        assertTrue(readme.contains("`mobilemessaging.upload.maxFileSize` | `100 MiB`"));
        assertTrue(readme.contains("`mobilemessaging.upload.expiry` | `30 days`"));
    }

    @Test
    void readmeGivesTheTwoCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("mvn -B package -DskipTests"));
        assertTrue(readme.contains("scripts/test"));
        assertTrue(Files.readString(Path.of(".ci/run")).contains("scripts/test"));
    }
}
