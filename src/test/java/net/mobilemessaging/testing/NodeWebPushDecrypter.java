package net.mobilemessaging.testing;

import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decrypts Web Push messages with npm's {@code http_ece} (the library the {@code web-push} package uses), run by the
 * machine's node: {@code src/test/node/decrypt-webpush.js}. Fails loudly, never skips, when node or the package is
 * missing: {@code scripts/install-test-tools} installs both.
 */
public final class NodeWebPushDecrypter {

    private static final Path DIR = Path.of("src", "test", "node");

    /** One message to decrypt: the body as POSTed, the subscriber's private key (32-byte scalar) and auth secret. */
    public static final class Sealed {
        final byte[] body;
        final byte[] privateKey;
        final byte[] authSecret;

        public Sealed(byte[] body, byte[] privateKey, byte[] authSecret) {
            this.body = body;
            this.privateKey = privateKey;
            this.authSecret = authSecret;
        }

        public byte[] body() {
            return body;
        }

        public byte[] privateKey() {
            return privateKey;
        }

        public byte[] authSecret() {
            return authSecret;
        }
    }

    private NodeWebPushDecrypter() {
    }

    /**
     * Decrypts each message; an entry is the plaintext, or null where http_ece refused the message.
     *
     * @throws IllegalStateException if node or http_ece is not installed
     */
    public static List<byte[]> decrypt(List<Sealed> messages) throws IOException, InterruptedException {
        if (!Files.isRegularFile(DIR.resolve("node_modules/http_ece/package.json"))) {
            throw new IllegalStateException("npm package http_ece is not installed in " + DIR.toAbsolutePath()
                    + ": run scripts/install-test-tools");
        }
        List<Object> input = new ArrayList<>();
        for (Sealed message : messages) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("body", Base64Url.encode(message.body));
            item.put("privateKey", Base64Url.encode(message.privateKey));
            item.put("authSecret", Base64Url.encode(message.authSecret));
            input.add(item);
        }
        Process node;
        try {
            node = new ProcessBuilder("node", "decrypt-webpush.js").directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("node is not installed (needed to check Web Push encryption against "
                    + "http_ece): run scripts/install-test-tools", e);
        }
        try (OutputStream in = node.getOutputStream()) {
            in.write(Json.write(input).getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
            throw new IllegalStateException("node decrypt-webpush.js failed: " + output);
        }
        List<byte[]> plaintexts = new ArrayList<>();
        for (Object item : (List<?>) Json.parse(output)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) item;
            String plaintext = Json.string(result, "plaintext");
            plaintexts.add(plaintext == null ? null : Base64Url.decode(plaintext));
        }
        return plaintexts;
    }
}
