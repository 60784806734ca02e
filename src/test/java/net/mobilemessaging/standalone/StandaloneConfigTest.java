package net.mobilemessaging.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandaloneConfigTest {

    @TempDir
    Path dir;

    @Test
    void aFromFileKeyGivesTheFilesContentToTheKeyWithoutTheSuffix() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----";
        Files.writeString(dir.resolve("AuthKey.p8"), pem + "\n");
        Files.writeString(dir.resolve("mm.properties"), "xmpp.domain=example.org\n"
                + "mobilemessaging.push.app.ios.apns.key.fromFile=AuthKey.p8\n");

        StandaloneConfig config = StandaloneConfig.load(dir.resolve("mm.properties"));

        assertEquals(pem, config.values().get("mobilemessaging.push.app.ios.apns.key"), "multi-line, trimmed");
        assertFalse(config.values().containsKey("mobilemessaging.push.app.ios.apns.key.fromFile"));
        assertEquals("example.org", config.get(StandaloneConfig.XMPP_DOMAIN));
    }

    @Test
    void aMissingFileIsAConfigurationErrorNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StandaloneConfig(
                Map.of("mobilemessaging.push.app.ios.apns.key.fromFile", "nowhere.p8"), dir));
        assertTrue(e.getMessage().startsWith("mobilemessaging.push.app.ios.apns.key.fromFile names "),
                e.getMessage());
    }

    @Test
    void anInvalidLauncherValueIsAnErrorNotADefault() {
        StandaloneConfig config = new StandaloneConfig(Map.of("xmpp.component.port", "seventy"), dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.get(StandaloneConfig.COMPONENT_PORT));
        assertTrue(e.getMessage().startsWith("xmpp.component.port "), e.getMessage());
    }
}
