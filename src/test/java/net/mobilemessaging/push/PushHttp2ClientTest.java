package net.mobilemessaging.push;

import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.RawHttp2Server;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP/2 client's own housekeeping and its answers to what a provider's server does to streams and idle
 * connections (against {@link RawHttp2Server}); the senders' tests cover its behaviour against the mock providers.
 */
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

    /**
     * The request timeout for the tests that do not test timeouts: long enough that a loaded machine cannot turn a
     * slow answer into a failed request, or (since the client gives a PING max(pingInterval, requestTimeout) to be
     * answered) a slow PING answer into a closed connection.
     */
    private static final Duration NO_TIMEOUT_EXPECTED = Duration.ofSeconds(10);

    /**
     * A client of {@code server} that checks an idle connection every 100 ms (at most as often as its sweep runs:
     * every requestTimeout/4, between 100 ms and 1 s) and waits {@code requestTimeout} for answers, PING answers too.
     */
    private static PushHttp2Client client(RawHttp2Server server, SenderThreads threads, Duration requestTimeout) {
        return new PushHttp2Client("test", URI.create(server.origin()), server.clientContext(), threads,
                new PushHttp2Client.Options(Duration.ofSeconds(5), requestTimeout, Duration.ofMillis(100), 100));
    }

    private static PushHttp2Client.Response get(PushHttp2Client client) throws Exception {
        return client.send(new PushHttp2Client.Request("GET", "/")).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedStreamIsSentOnceMoreAndAStreamRefusedTwiceFails() throws Exception {
        try (RawHttp2Server server = RawHttp2Server.start(); SenderThreads threads = new SenderThreads("test")) {
            PushHttp2Client client = client(server, threads, NO_TIMEOUT_EXPECTED);
            try {
                // REFUSED_STREAM: the server did not process it, so it may go again, once
                server.behaviour(n -> n == 1 ? RawHttp2Server.Action.REFUSE : RawHttp2Server.Action.ANSWER);
                assertEquals(200, get(client).status());
                assertEquals(2, server.requests());

                server.behaviour(n -> RawHttp2Server.Action.REFUSE);
                ExecutionException twice = assertThrows(ExecutionException.class, () -> get(client));
                assertInstanceOf(IOException.class, twice.getCause());
                assertTrue(twice.getCause().getMessage().contains("REFUSED_STREAM"), twice.getCause().getMessage());
                assertEquals(4, server.requests(), "one retry, no more");
                assertEquals(1, client.connectionsOpened(), "a refused stream keeps the connection");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aStreamResetForAnotherReasonIsNotSentAgain() throws Exception {
        try (RawHttp2Server server = RawHttp2Server.start(); SenderThreads threads = new SenderThreads("test")) {
            PushHttp2Client client = client(server, threads, NO_TIMEOUT_EXPECTED);
            try {
                server.behaviour(n -> RawHttp2Server.Action.RESET);
                ExecutionException e = assertThrows(ExecutionException.class, () -> get(client));
                assertTrue(e.getCause().getMessage().contains("INTERNAL_ERROR"), e.getCause().getMessage());
                assertEquals(1, server.requests(), "the server may have processed it: a push is not sent twice");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void anIdleConnectionIsCheckedWithPingsAndKept() throws Exception {
        try (RawHttp2Server server = RawHttp2Server.start(); SenderThreads threads = new SenderThreads("test")) {
            PushHttp2Client client = client(server, threads, NO_TIMEOUT_EXPECTED);
            try {
                assertEquals(200, get(client).status());
                // With a 10 s request timeout the sweep, and so a PING, comes about once a second
                Poll.until(() -> server.pings() >= 3, Duration.ofSeconds(20), "PINGs on the idle connection");
                assertEquals(200, get(client).status());
                assertEquals(1, client.connectionsOpened());
                assertEquals(0, server.closedConnections());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aConnectionWhosePingGoesUnansweredIsClosedAndTheNextRequestOpensAnother() throws Exception {
        try (RawHttp2Server server = RawHttp2Server.start(); SenderThreads threads = new SenderThreads("test")) {
            server.answerPings(false);
            // 400 ms: the PING goes unanswered for longer than that, and the connection is given up
            PushHttp2Client client = client(server, threads, Duration.ofMillis(400));
            try {
                assertEquals(200, get(client).status());
                Poll.until(() -> server.closedConnections() == 1, Duration.ofSeconds(10),
                        "the client to close the connection whose PING got no answer");
                assertEquals(1, server.pings(), "one PING, then the connection was given up");
                assertEquals(200, get(client).status());
                assertEquals(2, client.connectionsOpened());
            } finally {
                client.close();
            }
        }
    }
}
