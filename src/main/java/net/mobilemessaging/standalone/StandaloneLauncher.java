package net.mobilemessaging.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mobilemessaging-standalone.jar [config.properties]}: runs the services as external components
 * until the process is stopped. See {@code standalone.example.properties} for every key.
 */
public final class StandaloneLauncher {

    private static final Logger Log = LoggerFactory.getLogger(StandaloneLauncher.class);

    private StandaloneLauncher() {
    }

    public static void main(String[] args) throws Exception {
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
