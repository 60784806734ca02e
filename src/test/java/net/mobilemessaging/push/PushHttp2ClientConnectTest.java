package net.mobilemessaging.push;

import net.mobilemessaging.testing.RawHttp2Server;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting: a server that completes TLS and then says nothing holds no request for longer than the timeout. */
class PushHttp2ClientConnectTest {

    @Test
    void aServerThatSendsNoSettingsFailsTheWaitingRequestsWithinTheConnectTimeout() throws Exception {
        try (RawHttp2Server server = RawHttp2Server.start().speaksHttp2(false);
             SenderThreads threads = new SenderThreads("test")) {
            PushHttp2Client client = new PushHttp2Client("test", URI.create(server.origin()),
                    server.clientContext(), threads, new PushHttp2Client.Options(Duration.ofMillis(500),
                    Duration.ofSeconds(10), Duration.ofMinutes(1), 100));
            try {
                List<CompletableFuture<PushHttp2Client.Response>> waiting = List.of(
                        client.send(new PushHttp2Client.Request("GET", "/")),
                        client.send(new PushHttp2Client.Request("GET", "/")));
                for (CompletableFuture<PushHttp2Client.Response> request : waiting) {
                    ExecutionException e = assertThrows(ExecutionException.class,
                            () -> request.get(10, TimeUnit.SECONDS));
                    assertInstanceOf(ConnectException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().contains("no HTTP/2 SETTINGS"), e.getCause().getMessage());
                }
                assertEquals(0, client.connectionsOpened(), "never counted as opened");
                assertEquals(1, server.connections(), "the requests waited on the one attempt");
            } finally {
                client.close();
            }
        }
    }
}
