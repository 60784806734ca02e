package net.mobilemessaging.push;

import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PemKeysTest {

    @Test
    void readsApnsP8AndServiceAccountKeys() throws Exception {
        KeyPair ec = TestKeys.ecP256();
        PrivateKey read = PemKeys.privateKey(TestKeys.pkcs8Pem(ec.getPrivate()));
        assertEquals("EC", read.getAlgorithm());
        assertArrayEquals(ec.getPrivate().getEncoded(), read.getEncoded());
        KeyPair rsa = TestKeys.rsa2048();
        // As a service-account file holds it: with \n line ends, after JSON decoding
        assertEquals("RSA", PemKeys.privateKey(TestKeys.pkcs8Pem(rsa.getPrivate())).getAlgorithm());
    }

    @Test
    void oldFormsAndEncryptedKeysGetASentenceSayingWhatToDo() {
        IllegalArgumentException sec1 = assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey(
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n"));
        assertTrue(sec1.getMessage().contains("openssl pkcs8"), sec1.getMessage());
        IllegalArgumentException encrypted = assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"));
        assertTrue(encrypted.getMessage().contains("unencrypted"), encrypted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey("-----BEGIN CERTIFICATE-----\n"));
        assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey(""));
    }

    @Test
    void errorsNeverQuoteTheKey() {
        String secret = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey(secret));
        assertFalse(e.getMessage().contains("U0VDUkVU"), e.getMessage());
    }
}
