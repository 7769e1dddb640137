package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mode means its algorithms, wherever a suite enters and whatever the policy (these tests use the
 * default, permissive one): a configuration file, an identity file, the algorithms of a message being
 * sealed and of an envelope being opened. Each of these was accepted before the rules existed.
 */
class ModeMeansItsAlgorithmsTest {
    private static final byte[] MESSAGE = "for PQC eyes only".getBytes(StandardCharsets.UTF_8);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void configuration_pqcSuiteOfClassicalAlgorithms_isRefused() throws Exception {
        Path file = dir.resolve("qsafe.json");
        Files.writeString(file, """
                { "suites": { "pqc": { "name": "fake-pqc", "kem": "DHKEM-X25519-HKDF-SHA256", "signature": "Ed25519",
                                       "aead": "AES-128-GCM", "kdf": "HKDF-SHA256" } } }""");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> QSafeConfig.load(file));
        assertTrue(e.getMessage().contains("suites.pqc"), e.getMessage());
    }

    @Test
    void configuration_customSuiteWithABuiltInName_isRefused() throws Exception {
        Path file = dir.resolve("qsafe.json");
        Files.writeString(file, """
                { "suites": { "pqc": { "name": "pqc-v1", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                       "aead": "AES-256-GCM", "kdf": "HKDF-SHA256" } } }""");
        assertThrows(ConfigurationException.class, () -> QSafeConfig.load(file));
    }

    @Test
    void identityFile_claimingPqcForClassicalKeys_isRefused() {
        Parties.assumeEngines(Suite.CLASSICAL);
        Identity classical = Parties.qsafe().generateIdentity("mallory", CryptoMode.CLASSICAL);
        ObjectNode root = (ObjectNode) JSON.readTree(IdentityFiles.writeUnprotected(classical));
        ((ObjectNode) root.get("suite")).put("name", "totally-pqc").put("mode", "PQC");
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readUnprotected(root.toString(), Parties.REGISTRY));
        assertEquals("suite", e.field());
        assertTrue(e.getMessage().contains("PQC"), e.getMessage());
    }

    @Test
    void seal_toAPqcIdentity_signedWithAClassicalOnlyKey_isRefused() {
        Parties.assumeEngines(Suite.PQC);
        Parties.assumeEngines(Suite.CLASSICAL);
        QSafe q = Parties.qsafe();
        Identity bob = q.generateIdentity("bob", CryptoMode.PQC);
        Identity classicalAlice = q.generateIdentity("alice", CryptoMode.CLASSICAL);
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> q.seal(MESSAGE, bob.publicIdentity(), classicalAlice));
        assertTrue(e.getMessage().contains("Ed25519") && e.getMessage().contains("PQC"), e.getMessage());
        Identity pqcAlice = q.generateIdentity("alice", CryptoMode.PQC);
        assertArrayEquals(MESSAGE, q.open(q.seal(MESSAGE, bob.publicIdentity(), pqcAlice), bob, pqcAlice.publicIdentity()),
                "control: a PQC sender");
    }

    @Test
    void open_envelopeToAPqcIdentityUnderA128BitAead_isRefusedBeforeDecrypting() {
        Parties.assumeEngines(Suite.PQC);
        Parties.assumeEngines(new Suite("weak", CryptoMode.CLASSICAL, Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87,
                Algorithm.AES_128_GCM, Algorithm.HKDF_SHA256));
        QSafe q = Parties.qsafe();
        Identity alice = q.generateIdentity("alice", CryptoMode.PQC);
        Identity bob = q.generateIdentity("bob", CryptoMode.PQC);
        // A sender who presents Bob's ML-KEM key under a CLASSICAL suite of its own making (no rules there)
        // picks AES-128-GCM for a message to Bob's PQC identity.
        Suite weak = new Suite("weak", CryptoMode.CLASSICAL, Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87,
                Algorithm.AES_128_GCM, Algorithm.HKDF_SHA256);
        PublicIdentity bobAsClassical = new PublicIdentity("bob", weak, bob.kem().publicKey(), bob.signature().publicKey());
        byte[] envelope = q.seal(MESSAGE, bobAsClassical, alice);
        assertEquals(Algorithm.AES_128_GCM, q.inspect(envelope).aead());
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> q.open(envelope, bob, alice.publicIdentity()));
        assertTrue(e.getMessage().contains("AES-128-GCM") && e.getMessage().contains("PQC"), e.getMessage());
    }
}
