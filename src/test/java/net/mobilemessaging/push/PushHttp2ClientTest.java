package net.mobilemessaging.push;

import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.WebServers;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The HTTP/2 client's own housekeeping; the senders' tests cover its behaviour against the mock providers. */
class PushHttp2ClientTest {

    @Test
    void aConnectionThatNeverCameUpLeavesNoPeriodicSweepBehind() throws Exception {
        int port = WebServers.refusedPort();
        try (SenderThreads threads = new SenderThreads("test")) {
            PushHttp2Client client = new PushHttp2Client("test", URI.create("https://127.0.0.1:" + port),
                    SSLContext.getDefault(), threads, new PushHttp2Client.Options(Duration.ofSeconds(2),
                    Duration.ofMillis(200), Duration.ofMillis(100), 10));
            try {
                ExecutionException e = assertThrows(ExecutionException.class, () -> client.send(
                        new PushHttp2Client.Request("POST", "/")).get(10, TimeUnit.SECONDS));
                assertInstanceOf(IOException.class, e.getCause());
                Poll.until(() -> client.sweepsScheduled() == 0, Duration.ofSeconds(5),
                        "the refused attempt's sweep to be cancelled");
                Thread.sleep(500); // several ping intervals: nothing starts again by itself
                assertEquals(0, client.sweepsScheduled());
            } finally {
                client.close();
            }
        }
    }
}
