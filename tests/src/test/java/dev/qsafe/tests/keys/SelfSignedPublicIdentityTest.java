package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.suite.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Public identity files are signed by their own signature key over name, suite and both keys, and one
 * fingerprint covers all of it: another party's KEM key next to Alice's signature key (the attack of
 * issue 13), a renamed identity or another suite are refused; unsigned (version 1) files are refused,
 * and their owner upgrades them.
 */
class SelfSignedPublicIdentityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Identity ALICE = Identity.generate("alice", Suite.PQC_768, KeyAlgorithms.REGISTRY);
    private static final Identity MALLORY = Identity.generate("mallory", Suite.PQC_768, KeyAlgorithms.REGISTRY);
    /** A version 1 public identity file as qsafe wrote it before, and its (unprotected, test-only) private identity. */
    private static final Path V1 = Path.of("src", "test", "resources", "dev", "qsafe", "tests", "keys", "v1");

    static Stream<Arguments> suites() {
        return Suite.builtIn().stream().map(s -> Arguments.of(s.name(), s));
    }

    private static String publicFile(Identity id) {
        return IdentityFiles.writePublic(id, KeyAlgorithms.REGISTRY);
    }

    private static PublicIdentity read(String json) {
        return IdentityFiles.readPublic(json, KeyAlgorithms.REGISTRY);
    }

    private static String edit(String json, Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        change.accept(root);
        return root.toString();
    }

    private static String refused(String json) {
        return assertThrows(IdentityFileException.class, () -> read(json)).field();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void writeThenRead_givesTheSameIdentity_withItsFingerprintAndSelfSignature(String name, Suite suite) {
        suite.algorithms().forEach(KeyAlgorithms::assumeEngine);
        Identity id = Identity.generate("carol", suite, KeyAlgorithms.REGISTRY);
        String json = publicFile(id);
        JsonNode root = JSON.readTree(json);
        assertEquals(IdentityFiles.PUBLIC_VERSION, root.get("version").asInt());
        assertEquals(id.publicIdentity().fingerprint(), root.get("fingerprint").asString());
        assertTrue(root.get("fingerprint").asString().matches("[0-9a-f]{64}"));
        assertEquals(id.publicIdentity(), read(json));
    }

    @Test
    void mallorysKemKey_nextToAlicesSignatureKey_isRefused() {
        String alices = publicFile(ALICE);
        JsonNode mallorysKem = JSON.readTree(publicFile(MALLORY)).get("keys").get("kem");
        // The splice alone: the fingerprint no longer matches.
        String spliced = edit(alices, r -> ((ObjectNode) r.get("keys")).set("kem", mallorysKem));
        assertEquals("fingerprint", refused(spliced));
        // With the fingerprint recomputed, as an attacker would: Alice never signed it.
        PublicIdentity forged = new PublicIdentity("alice", Suite.PQC_768, MALLORY.kem().publicKey(), ALICE.signature().publicKey());
        String refingerprinted = edit(spliced, r -> r.put("fingerprint", forged.fingerprint()));
        assertEquals("selfSignature", refused(refingerprinted));
        // With Mallory's own self-signature: made by another key over other contents.
        String mallorySigned = edit(refingerprinted, r -> r.put("selfSignature",
                JSON.readTree(publicFile(MALLORY)).get("selfSignature").asString()));
        assertEquals("selfSignature", refused(mallorySigned));
    }

    @Test
    void everyCoveredField_changed_isRefused() {
        String json = publicFile(ALICE);
        PublicIdentity a = ALICE.publicIdentity();
        Suite renamed = new Suite("pqc-768-renamed", CryptoMode.PQC, Algorithm.ML_KEM_768, Algorithm.ML_DSA_65,
                Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256);
        Suite otherAead = new Suite("pqc-768-chacha", CryptoMode.PQC, Algorithm.ML_KEM_768, Algorithm.ML_DSA_65,
                Algorithm.CHACHA20_POLY1305, Algorithm.HKDF_SHA256);
        for (PublicIdentity changed : new PublicIdentity[] {new PublicIdentity("alice2", a.suite(), a.kem(), a.signature()),
                new PublicIdentity("alice", renamed, a.kem(), a.signature()), new PublicIdentity("alice", otherAead, a.kem(), a.signature())}) {
            assertNotEquals(a.fingerprint(), changed.fingerprint());
            String edited = edit(json, r -> {
                r.put("name", changed.name());
                ObjectNode s = (ObjectNode) r.get("suite");
                s.put("name", changed.suite().name());
                s.put("aead", changed.suite().aead().name());
            });
            assertEquals("fingerprint", refused(edited));
            assertEquals("selfSignature", refused(edit(edited, r -> r.put("fingerprint", changed.fingerprint()))));
        }
    }

    @Test
    void malformedOrMissingSignatureFields_areRefusedNamingTheField() {
        String json = publicFile(ALICE);
        assertEquals("selfSignature", refused(edit(json, r -> r.remove("selfSignature"))));
        assertEquals("fingerprint", refused(edit(json, r -> r.remove("fingerprint"))));
        assertEquals("selfSignature", refused(edit(json, r -> r.put("selfSignature", "not base64!"))));
        assertEquals("selfSignature", refused(edit(json, r -> r.put("selfSignature", "AAAA"))));
        assertEquals("fingerprint", refused(edit(json, r -> r.put("fingerprint", 7))));
    }

    @Test
    void versionOneFile_isRefused_namingTheUpgradeCommand() throws Exception {
        String v1 = Files.readString(V1.resolve("alice.id.pub"));
        IdentityFileException e = assertThrows(IdentityFileException.class, () -> read(v1));
        assertEquals("version", e.field());
        assertTrue(e.getMessage().contains("qsafe key upgrade"), e.getMessage());
        // The same contents written as version 2 without a signature are refused too.
        String unsignedV2 = refused(edit(v1, r -> r.put("version", 2)));
        assertTrue(unsignedV2.equals("fingerprint") || unsignedV2.equals("selfSignature"), unsignedV2);
    }

    @Test
    void versionOneFile_upgradedByItsOwner_readsAsTheSameIdentity() throws Exception {
        String v1 = Files.readString(V1.resolve("alice.id.pub"));
        Identity owner = IdentityFiles.readUnprotected(Files.readString(V1.resolve("alice.id")), KeyAlgorithms.REGISTRY);
        String upgraded = IdentityFiles.upgradePublic(v1, owner, KeyAlgorithms.REGISTRY);
        PublicIdentity read = read(upgraded);
        assertEquals(owner.publicIdentity(), read);
        assertEquals("alice", read.name());
        // Upgrading an already signed file gives a signed file again.
        assertEquals(owner.publicIdentity(), read(IdentityFiles.upgradePublic(upgraded, owner, KeyAlgorithms.REGISTRY)));
    }

    @Test
    void upgrade_ofAFileWithOtherKeys_isRefused() throws Exception {
        String v1 = Files.readString(V1.resolve("alice.id.pub"));
        assertThrows(IdentityFileException.class, () -> IdentityFiles.upgradePublic(v1, MALLORY, KeyAlgorithms.REGISTRY));
        String spliced = edit(publicFile(ALICE), r -> ((ObjectNode) r.get("keys")).set("kem",
                JSON.readTree(publicFile(MALLORY)).get("keys").get("kem")));
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> IdentityFiles.upgradePublic(spliced, ALICE, KeyAlgorithms.REGISTRY));
        assertTrue(e.getMessage().contains(ALICE.publicIdentity().fingerprint()), e.getMessage());
    }
}
