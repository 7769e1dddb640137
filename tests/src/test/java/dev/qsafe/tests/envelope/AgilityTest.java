package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Algorithm agility: a message sealed under suite A still opens after the configuration switches to
 * suite B, new messages use B, and a policy that forbids A refuses A's message naming suite and rule.
 */
class AgilityTest {
    private static final byte[] MESSAGE = "sealed yesterday".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private QSafe fromFile(String json) throws Exception {
        Path file = dir.resolve("qsafe-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return Parties.qsafe(QSafeConfig.load(file));
    }

    @Test
    void switchSuiteByConfiguration_oldMessagesOpen_newMessagesUseTheNewSuite() throws Exception {
        QSafe a = fromFile("""
                { "defaultMode": "pqc", "suites": { "pqc": "pqc-v1" } }""");
        Parties.assumeEngines(Suite.PQC);
        Parties.assumeEngines(Suite.PQC_768);
        Identity alice = a.generateIdentity("alice");
        Identity bob = a.generateIdentity("bob");
        byte[] sealedUnderA = a.seal(MESSAGE, bob.publicIdentity(), alice);
        assertEquals(Algorithm.ML_KEM_1024, a.inspect(sealedUnderA).kem());

        QSafe b = fromFile("""
                { "defaultMode": "pqc",
                  "suites": { "pqc": { "name": "pqc-768-chacha", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                        "aead": "ChaCha20-Poly1305", "kdf": "HKDF-SHA256" } } }""");
        assertArrayEquals(MESSAGE, b.open(sealedUnderA, bob, alice.publicIdentity()), "A's message opens under B");

        Identity bob2 = b.generateIdentity("bob");
        Identity alice2 = b.generateIdentity("alice");
        assertEquals(Algorithm.ML_KEM_768, bob2.suite().kem());
        byte[] sealedUnderB = b.seal(MESSAGE, bob2.publicIdentity(), alice2);
        assertEquals(Algorithm.ML_KEM_768, b.inspect(sealedUnderB).kem());
        assertEquals(Algorithm.CHACHA20_POLY1305, b.inspect(sealedUnderB).aead());
        assertArrayEquals(MESSAGE, b.open(sealedUnderB, bob2, alice2.publicIdentity()));
    }

    @Test
    void aeadChangeForExistingKeys_appliesToNewMessages() {
        Parties.assumeEngines(Suite.CLASSICAL);
        QSafe a = Parties.qsafe();
        Identity alice = a.generateIdentity("alice", CryptoMode.CLASSICAL);
        Identity bob = a.generateIdentity("bob", CryptoMode.CLASSICAL);
        QSafe b = Parties.qsafe(QSafeConfig.newBuilder().suite(Suite.CLASSICAL_CHACHA20).build());
        byte[] env = b.seal(MESSAGE, bob.publicIdentity(), alice);
        assertEquals(Algorithm.CHACHA20_POLY1305, b.inspect(env).aead(), "same keys, new AEAD from the configuration");
        assertArrayEquals(MESSAGE, a.open(env, bob, alice.publicIdentity()));
    }

    @Test
    void policyForbiddingTheOldSuite_refusesItsMessagesNamingSuiteAndRule() throws Exception {
        Parties.assumeEngines(Suite.CLASSICAL);
        QSafe a = Parties.qsafe();
        Identity alice = a.generateIdentity("alice", CryptoMode.CLASSICAL);
        Identity bob = a.generateIdentity("bob", CryptoMode.CLASSICAL);
        byte[] classical = a.seal(MESSAGE, bob.publicIdentity(), alice);

        QSafe strict = fromFile("""
                { "policy": { "minNistCategory": 3 } }""");
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> strict.open(classical, bob, alice.publicIdentity()));
        assertTrue(e.getMessage().contains("DHKEM-X25519-HKDF-SHA256") && e.getMessage().contains("minNistCategory 3"),
                e.getMessage());

        QSafe allowList = Parties.qsafe(QSafeConfig.newBuilder()
                .policy(new Policy(Set.of(Algorithm.ML_KEM_1024, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM), 0)).build());
        PolicyViolationException e2 = assertThrows(PolicyViolationException.class,
                () -> allowList.open(classical, bob, alice.publicIdentity()));
        assertTrue(e2.getMessage().contains("allowedAlgorithms"), e2.getMessage());
        assertThrows(PolicyViolationException.class, () -> strict.generateIdentity("carol", CryptoMode.CLASSICAL),
                "new identities in a forbidden suite are refused too");
    }
}
