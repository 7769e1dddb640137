package dev.qsafe.runtime.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.suite.Suite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The statement and the fingerprint, which is fed to SHA-256 field by field, against the layout of
 * docs/KEYS.md built here by hand as one array: single-key and keyset identities, every built-in suite.
 */
class IdentityStatementTest {
    private static final Random RANDOM = new Random(15);

    private static PublicKey key(dev.qsafe.api.Algorithm algorithm) {
        byte[] b = new byte[algorithm.publicKeySize() > 0 ? algorithm.publicKeySize() : 32];
        RANDOM.nextBytes(b);
        return PublicKey.of(algorithm, b);
    }

    private static void lp(ByteArrayOutputStream out, String s) {
        lp(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void lp(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static void suiteFields(ByteArrayOutputStream out, String label, String name, Suite s) {
        for (String f : List.of(label, name, s.name(), s.mode().name(), s.kem().name(), s.signature().name(), s.aead().name(),
                s.kdf().name())) {
            lp(out, f);
        }
    }

    private static void keyFields(ByteArrayOutputStream out, String slot, PublicKey k) {
        lp(out, slot);
        lp(out, k.algorithm().name());
        lp(out, k.encoded());
    }

    private static String sha256Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void singleKey_fingerprintIsTheHashOfTheDocumentedStatement() throws Exception {
        for (Suite suite : Suite.builtIn()) {
            PublicIdentity id = new PublicIdentity("ålice " + suite.name(), suite, key(suite.kem()), key(suite.signature()));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            suiteFields(expected, "qsafe public identity v2", id.name(), suite);
            keyFields(expected, "kem", id.kem());
            keyFields(expected, "signature", id.signature());
            assertArrayEquals(expected.toByteArray(), IdentityStatement.encode(id), suite.name());
            assertEquals(sha256Hex(expected.toByteArray()), id.fingerprint(), suite.name());
            assertArrayEquals(expected.toByteArray(), IdentityStatement.fingerprintInput(id), suite.name());
        }
    }

    @Test
    void keyset_fingerprintCoversTheIdentityKeyOnly_statementEveryKey() throws Exception {
        for (Suite suite : Suite.builtIn()) {
            PublicKey primary = key(suite.kem());
            PublicKey active = key(suite.kem());
            List<KeyInfo> keys = List.of(new KeyInfo(active, KeyStatus.ACTIVE, Optional.empty()),
                    new KeyInfo(primary, KeyStatus.PRIMARY, Optional.of(Instant.ofEpochSecond(1_800_000_000L))));
            PublicIdentity id = new PublicIdentity("bob", suite, primary, key(suite.signature()), keys);

            ByteArrayOutputStream fpInput = new ByteArrayOutputStream();
            suiteFields(fpInput, "qsafe identity key v3", "bob", suite);
            keyFields(fpInput, "signature", id.signature());
            assertEquals(sha256Hex(fpInput.toByteArray()), id.fingerprint(), suite.name());

            ByteArrayOutputStream statement = new ByteArrayOutputStream();
            suiteFields(statement, "qsafe public identity v3", "bob", suite);
            keyFields(statement, "signature", id.signature());
            for (KeyInfo k : keys) {
                keyFields(statement, "kem", k.publicKey());
                lp(statement, k.status().label());
                lp(statement, k.created().map(Object::toString).orElse(""));
            }
            assertArrayEquals(statement.toByteArray(), IdentityStatement.encode(id), suite.name());
            // a rotation changes the statement, not the fingerprint
            PublicIdentity rotated = new PublicIdentity("bob", suite, primary, id.signature(),
                    List.of(new KeyInfo(primary, KeyStatus.PRIMARY, Optional.empty())));
            assertEquals(id.fingerprint(), rotated.fingerprint());
            assertNotEquals(HexFormat.of().formatHex(IdentityStatement.encode(id)),
                    HexFormat.of().formatHex(IdentityStatement.encode(rotated)));
        }
    }
}
