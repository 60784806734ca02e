package net.mobilemessaging.push.fcm;

import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.PemKeys;

import java.net.URI;
import java.security.PrivateKey;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of a Google service-account key file ({@code type: service_account}) that FCM HTTP v1 needs:
 * {@code project_id}, {@code client_email}, {@code private_key} (PKCS#8 PEM, RSA), {@code private_key_id} and
 * {@code token_uri}. Errors name the field to fix and never quote the key.
 */
public final class FcmServiceAccount {

    public static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{3,61}[a-z0-9]|[a-z0-9.:-]{1,100}");

    private final String projectId;
    private final String clientEmail;
    private final PrivateKey privateKey;
    private final String privateKeyId;
    private final URI tokenUri;

    private FcmServiceAccount(String projectId, String clientEmail, PrivateKey privateKey, String privateKeyId,
                              URI tokenUri) {
        this.projectId = projectId;
        this.clientEmail = clientEmail;
        this.privateKey = privateKey;
        this.privateKeyId = privateKeyId;
        this.tokenUri = tokenUri;
    }

    /**
     * Reads a service-account key file's JSON.
     *
     * @throws IllegalArgumentException with a sentence naming what is missing or wrong
     */
    public static FcmServiceAccount parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("no service-account key file given");
        }
        Map<String, Object> file;
        try {
            file = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the service-account key file is not JSON: " + e.getMessage());
        }
        String projectId = required(file, "project_id");
        if (!PROJECT_ID.matcher(projectId).matches()) {
            throw new IllegalArgumentException("the service account's project_id is not a Firebase project id");
        }
        String clientEmail = required(file, "client_email");
        PrivateKey key;
        try {
            key = PemKeys.privateKey(required(file, "private_key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the service account's private_key is unusable: " + e.getMessage());
        }
        if (!"RSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("the service account's private_key is not an RSA key");
        }
        String tokenUri = Json.string(file, "token_uri");
        URI uri;
        try {
            uri = URI.create(tokenUri == null || tokenUri.isBlank() ? DEFAULT_TOKEN_URI : tokenUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the service account's token_uri is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the service account's token_uri must be an https:// URL");
        }
        return new FcmServiceAccount(projectId, clientEmail, key, Json.string(file, "private_key_id"), uri);
    }

    private static String required(Map<String, Object> file, String field) {
        String value = Json.string(file, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the service-account key file has no " + field);
        }
        return value;
    }

    public String projectId() {
        return projectId;
    }

    public String clientEmail() {
        return clientEmail;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** May be null. */
    public String privateKeyId() {
        return privateKeyId;
    }

    public URI tokenUri() {
        return tokenUri;
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "FcmServiceAccount[" + projectId + ", " + clientEmail + "]";
    }
}
