package net.mobilemessaging.upload;

import net.mobilemessaging.testing.UploadTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The servlet's reachability probe, {@code GET /probe/<nonce>}, in a real Jetty. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadProbeTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();
    private UploadTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = UploadTestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> probe(String nonce, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(UploadProbe.url(server.baseUrl(), nonce)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServletAnswersWithTheMacOfTheNonce() throws Exception {
        String nonce = UploadProbe.newNonce(random);
        HttpResponse<String> response = probe(nonce, "GET");
        assertEquals(200, response.statusCode());
        assertEquals(server.runtime.service().probeAnswer(nonce), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

        assertNotEquals(response.body(), probe(UploadProbe.newNonce(random), "GET").body(), "one answer per nonce");
        HttpResponse<String> head = probe(nonce, "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void onlyTheSameSecretGivesTheSameAnswer() throws Exception {
        String nonce = UploadProbe.newNonce(random);
        try (UploadTestServer other = UploadTestServer.start()) {
            assertNotEquals(server.runtime.service().probeAnswer(nonce), other.runtime.service().probeAnswer(nonce));
        }
        byte[] secret = SlotToken.decodeSecret(server.settings.get(UploadSettings.SECRET_KEY));
        SlotToken token = new SlotToken(secret, random);
        assertEquals(server.runtime.service().probeAnswer(nonce), token.probeAnswer(nonce));
    }

    @Test
    void theAnswerIsMadeWithADerivedKeyAndIsNoCredential() throws Exception {
        String nonce = UploadProbe.newNonce(random);
        String answer = server.runtime.service().probeAnswer(nonce);
        Mac direct = Mac.getInstance("HmacSHA256");
        direct.init(new SecretKeySpec(SlotToken.decodeSecret(server.settings.get(UploadSettings.SECRET_KEY)),
                "HmacSHA256"));
        String withSigningKey = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(direct.doFinal(nonce.getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(withSigningKey, answer, "the signing key itself never MACs what a stranger sends");
        assertNull(SlotToken.parse(answer));
    }

    @Test
    void aMalformedNonceIsNotFound() throws Exception {
        for (String nonce : new String[]{"short", "has.a.dot.in.it.here.1234", "x".repeat(129)}) {
            assertEquals(404, probe(nonce, "GET").statusCode(), nonce);
        }
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/probe")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }
}
