package net.mobilemessaging.standalone;

import net.mobilemessaging.push.webpush.VapidKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mobilemessaging-standalone.jar [config.properties]}: runs the services as external components
 * until the process is stopped. See {@code mobilemessaging.example.properties} for every key.
 * {@code java -jar mobilemessaging-standalone.jar --generate-vapid-keys} prints a new Web Push (VAPID) key pair as
 * configuration lines, the standalone counterpart of the admin page's button.
 */
public final class StandaloneLauncher {

    private static final Logger Log = LoggerFactory.getLogger(StandaloneLauncher.class);

    private StandaloneLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--generate-vapid-keys")) {
            VapidKeys keys = VapidKeys.generate(new SecureRandom());
            System.out.println("mobilemessaging.push.app.<id>.webpush.publicKey=" + keys.publicKey());
            System.out.println("mobilemessaging.push.app.<id>.webpush.privateKey=" + keys.privateKey());
            return;
        }
        Path config = Path.of(args.length > 0 ? args[0] : "mobilemessaging.properties");
        if (!Files.isRegularFile(config)) {
            System.err.println("No configuration file " + config.toAbsolutePath()
                    + "; copy standalone.example.properties and edit it.");
            System.exit(2);
        }
        Standalone services;
        try {
            services = Standalone.start(StandaloneConfig.load(config));
        } catch (IllegalArgumentException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                services.close();
            } catch (Exception e) {
                Log.warn("Error while stopping", e);
            } finally {
                stopped.countDown();
            }
        }, "mobilemessaging-shutdown"));
        stopped.await();
    }
}
