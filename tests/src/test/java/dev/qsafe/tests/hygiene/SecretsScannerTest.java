package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The leak scanner itself finds a secret in every form the redaction tests rely on, and nothing else. */
class SecretsScannerTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static Secrets secrets() {
        Secrets s = new Secrets();
        s.add("the test secret", SECRET);
        return s;
    }

    @Test
    void hexAndBase64AtEveryAlignment_insideLongerText_areFound() {
        Secrets s = secrets();
        assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("hex", "key=" + HexFormat.of().formatHex(SECRET) + ";"));
        assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("HEX", HexFormat.of().withUpperCase().formatHex(SECRET)));
        for (int prefix = 0; prefix < 3; prefix++) {
            byte[] embedded = new byte[prefix + SECRET.length + 5];
            System.arraycopy(SECRET, 0, embedded, prefix, SECRET.length);
            String standard = Base64.getEncoder().encodeToString(embedded);
            String url = Base64.getUrlEncoder().encodeToString(embedded);
            assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("base64", standard));
            assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("base64url", url));
            assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("wrapped base64",
                    Base64.getMimeEncoder(10, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(embedded)));
        }
        assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("binary", ("xx" + new String(SECRET,
                StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void privateKey_rawInsideItsPem_isFound() {
        KeyPair pair = CryptoRegistry.discover(RegistryConfig.defaults()).signature(Algorithm.ED25519).generateKeyPair();
        Secrets s = new Secrets();
        s.add("an Ed25519 key", pair.privateKey().rawBytes(SecretAccess.INSECURE));
        assertThrows(AssertionFailedError.class, () -> s.assertNoneIn("PEM", KeyEncodings.encodePem(pair.privateKey())));
    }

    @Test
    void unrelatedText_passes() {
        secrets().assertNoneIn("other", HexFormat.of().formatHex(new byte[32]) + Base64.getEncoder().encodeToString(new byte[48]));
    }
}
