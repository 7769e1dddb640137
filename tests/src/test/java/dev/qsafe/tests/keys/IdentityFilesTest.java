package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.keys.WrongPassphraseException;
import dev.qsafe.runtime.suite.Suite;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
 * Identity files: protected, unprotected and public round trips, wrong passphrases, tampering with
 * every field, strict structure checks, and no private material in public files. Argon2id runs with a
 * small cost here, except once with the default cost.
 */
class IdentityFilesTest {
    private static final PasswordKdfParameters CHEAP = new PasswordKdfParameters(256, 1, 1);
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Identity ALICE = Identity.generate("alice", Suite.PQC_768, KeyAlgorithms.REGISTRY);

    static Stream<Arguments> suites() {
        return Suite.builtIn().stream().map(s -> Arguments.of(s.name(), s));
    }

    private static Identity generate(Suite suite) {
        suite.algorithms().forEach(KeyAlgorithms::assumeEngine);
        return Identity.generate("alice \u00e9\u4e16 \"quoted\"", suite, KeyAlgorithms.REGISTRY);
    }

    private static String protectedFile() {
        return IdentityFiles.write(ALICE, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY);
    }

    private static Identity read(String json) {
        return IdentityFiles.read(json, PASSPHRASE, KeyAlgorithms.REGISTRY);
    }

    private static void assertSameIdentity(Identity expected, Identity actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.suite(), actual.suite());
        assertEquals(expected.kem().publicKey(), actual.kem().publicKey());
        assertEquals(expected.kem().privateKey(), actual.kem().privateKey());
        assertEquals(expected.signature().publicKey(), actual.signature().publicKey());
        assertEquals(expected.signature().privateKey(), actual.signature().privateKey());
    }

    /** The file with {@code edit} applied to its parsed JSON. */
    private static String edit(String json, Consumer<ObjectNode> edit) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        edit.accept(root);
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode at(ObjectNode root, String path) {
        ObjectNode node = root;
        for (String part : path.split("\\.")) {
            node = (ObjectNode) node.get(part);
        }
        return node;
    }

    private static String flipBase64(String b64) {
        byte[] bytes = Base64.getDecoder().decode(b64);
        bytes[bytes.length / 2] ^= 1;
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static IdentityFileException fileError(String json, String field) {
        IdentityFileException e = assertThrows(IdentityFileException.class, () -> read(json));
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    // ---- round trips ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void protectedFile_roundTrip_givesTheSameIdentityAndTheBuiltInSuite(String name, Suite suite) {
        Identity identity = generate(suite);
        String json = IdentityFiles.write(identity, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY);
        Identity read = read(json);
        assertSameIdentity(identity, read);
        assertSame(suite, read.suite(), "the built-in suite is rebuilt by name");
        JsonNode root = JSON.readTree(json);
        assertEquals("qsafe-identity", root.get("format").asString());
        assertEquals(1, root.get("version").intValue());
        assertEquals(suite.kem().name(), root.get("suite").get("kem").asString());
        assertEquals(identity.kem().publicKey().keyId(), root.get("keys").get("kem").get("keyId").asString());
        assertArrayEquals(KeyEncodings.encodeSpki(identity.signature().publicKey()),
                Base64.getDecoder().decode(root.get("keys").get("signature").get("publicKey").asString()));
    }

    @Test
    void defaultCost_isRfc9106LowMemory_andRoundTrips() {
        String json = IdentityFiles.write(ALICE, PASSPHRASE, KeyAlgorithms.REGISTRY);
        JsonNode protection = JSON.readTree(json).get("protection");
        assertEquals("Argon2id", protection.get("kdf").asString());
        assertEquals(65536, protection.get("memoryKiB").intValue());
        assertEquals(3, protection.get("iterations").intValue());
        assertEquals(4, protection.get("parallelism").intValue());
        assertEquals(16, Base64.getDecoder().decode(protection.get("salt").asString()).length);
        assertEquals("AES-256-GCM", protection.get("aead").asString());
        assertSameIdentity(ALICE, read(json));
    }

    @Test
    void sameIdentityTwice_givesDifferentSaltsNoncesAndCiphertexts() {
        JsonNode a = JSON.readTree(protectedFile());
        JsonNode b = JSON.readTree(protectedFile());
        assertNotEquals(a.get("protection").get("salt"), b.get("protection").get("salt"));
        assertNotEquals(a.get("keys").get("kem").get("privateKey"), b.get("keys").get("kem").get("privateKey"));
    }

    @Test
    void customSuite_roundTrips_asACustomSuite() {
        Suite custom = new Suite("team-pqc-2026", CryptoMode.PQC, Algorithm.ML_KEM_768, Algorithm.ML_DSA_44,
                Algorithm.CHACHA20_POLY1305, Algorithm.HKDF_SHA256);
        Identity identity = generate(custom);
        Identity read = read(IdentityFiles.write(identity, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY));
        assertEquals(custom, read.suite());
        assertTrue(Suite.builtIn(read.suite().name()).isEmpty());
        assertSameIdentity(identity, read);
    }

    @Test
    void unprotectedFile_onlyThroughItsOwnMethods() {
        String json = IdentityFiles.writeUnprotected(ALICE);
        assertEquals("qsafe-identity-unprotected", JSON.readTree(json).get("format").asString());
        assertSameIdentity(ALICE, IdentityFiles.readUnprotected(json, KeyAlgorithms.REGISTRY));
        assertEquals("format", assertThrows(IdentityFileException.class, () -> read(json)).field(),
                "read() refuses an unprotected file");
        assertEquals("format", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readUnprotected(protectedFile(), KeyAlgorithms.REGISTRY)).field(),
                "readUnprotected() refuses a protected file");
    }

    @Test
    void publicFile_roundTrips_andOnlyThroughReadPublic() {
        PublicIdentity pub = ALICE.publicIdentity();
        String json = IdentityFiles.writePublic(ALICE, KeyAlgorithms.REGISTRY);
        assertEquals(pub, IdentityFiles.readPublic(json, KeyAlgorithms.REGISTRY));
        assertEquals("format", assertThrows(IdentityFileException.class, () -> read(json)).field());
        assertEquals("format", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readPublic(protectedFile(), KeyAlgorithms.REGISTRY)).field());
    }

    @Test
    void publicAndProtectedFiles_containNoPrivateKeyMaterial() {
        List<byte[]> secrets = new ArrayList<>();
        for (PrivateKey k : List.of(ALICE.kem().privateKey(), ALICE.signature().privateKey())) {
            byte[] raw = k.rawBytes(SecretAccess.INSECURE);
            secrets.add(raw);
            secrets.add(KeyEncodings.encodePkcs8(k));
        }
        for (String json : List.of(IdentityFiles.writePublic(ALICE, KeyAlgorithms.REGISTRY), protectedFile())) {
            String lower = json.toLowerCase();
            for (byte[] secret : secrets) {
                assertFalse(lower.contains(HexFormat.of().formatHex(secret)), "hex of private material");
                for (int shift = 0; shift < 3; shift++) { // base64 of the secret at each alignment
                    String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(secret, shift, secret.length));
                    assertFalse(json.contains(b64.substring(4, b64.length() - 4)), "base64 of private material");
                }
                for (String value : stringValues(JSON.readTree(json))) { // inside any base64 value
                    try {
                        assertFalse(contains(Base64.getDecoder().decode(value), secret), "private material in a base64 value");
                    } catch (IllegalArgumentException notBase64) {
                        // a name or an algorithm
                    }
                }
            }
        }
        String unprotected = IdentityFiles.writeUnprotected(ALICE);
        assertTrue(stringValues(JSON.readTree(unprotected)).stream().anyMatch(v -> {
            try {
                return contains(Base64.getDecoder().decode(v), secrets.getFirst());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }), "the scan finds the keys where they are (self-check)");
    }

    private static List<String> stringValues(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isString()) {
            out.add(node.asString());
        }
        node.values().forEach(child -> out.addAll(stringValues(child)));
        return out;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---- wrong passphrase and tampering ----

    @Test
    void wrongPassphrase_failsWithTheUniformMessage() {
        String json = protectedFile();
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> IdentityFiles.read(json, "correct horse battery stapler".toCharArray(), KeyAlgorithms.REGISTRY));
        assertEquals("wrong passphrase or modified identity file", e.getMessage());
        assertThrows(WrongPassphraseException.class, () -> IdentityFiles.read(json, new char[0], KeyAlgorithms.REGISTRY));
    }

    @Test
    void tamperedAuthenticatedFields_failLikeAWrongPassphrase() {
        String json = protectedFile();
        List<Consumer<ObjectNode>> edits = List.of(
                r -> r.put("name", "mallory"),
                r -> at(r, "protection").put("salt", flipBase64(at(r, "protection").get("salt").asString())),
                r -> at(r, "protection").put("iterations", 2),
                r -> at(r, "protection").put("memoryKiB", 512),
                r -> at(r, "protection").put("parallelism", 2),
                r -> at(r, "keys.kem.privateKey").put("ciphertext", flipBase64(at(r, "keys.kem.privateKey").get("ciphertext").asString())),
                r -> at(r, "keys.signature.privateKey").put("nonce", flipBase64(at(r, "keys.signature.privateKey").get("nonce").asString())),
                r -> { // swap the two sealed private keys
                    JsonNode kem = at(r, "keys.kem").get("privateKey");
                    at(r, "keys.kem").set("privateKey", at(r, "keys.signature").get("privateKey"));
                    at(r, "keys.signature").set("privateKey", kem);
                },
                r -> at(r, "suite").put("name", "pqc-768-renamed")); // now a custom suite of the same algorithms
        for (Consumer<ObjectNode> e : edits) {
            assertThrows(WrongPassphraseException.class, () -> read(edit(json, e)));
        }
    }

    @Test
    void replacedPublicKey_failsTyped() {
        Identity bob = Identity.generate("bob", Suite.PQC_768, KeyAlgorithms.REGISTRY);
        String bobs = IdentityFiles.writePublic(bob, KeyAlgorithms.REGISTRY);
        String json = protectedFile();
        // Bob's public key with Alice's key id: the key id no longer matches.
        fileError(edit(json, r -> at(r, "keys.kem").set("publicKey", at((ObjectNode) JSON.readTree(bobs), "keys.kem").get("publicKey"))),
                "keys.kem.keyId");
        // Bob's public key and key id: consistent, but not what Alice's private key was sealed with.
        assertThrows(WrongPassphraseException.class, () -> read(edit(json, r -> at(r, "keys").set("kem",
                at((ObjectNode) JSON.readTree(bobs), "keys.kem").deepCopy().put("keyId", bob.kem().publicKey().keyId())
                        .set("privateKey", at(r, "keys.kem").get("privateKey"))))));
        // Unprotected: Bob's private key under Alice's public key is caught by deriving the public key.
        String mixed = edit(IdentityFiles.writeUnprotected(ALICE), r -> at(r, "keys.signature").set("privateKey",
                at((ObjectNode) JSON.readTree(IdentityFiles.writeUnprotected(bob)), "keys.signature").get("privateKey")));
        IdentityFileException e = assertThrows(IdentityFileException.class, () -> IdentityFiles.readUnprotected(mixed, KeyAlgorithms.REGISTRY));
        assertEquals("keys.signature.privateKey", e.field());
    }

    // ---- structure ----

    @Test
    void malformedStructure_failsWithTheFieldNamed() {
        String json = protectedFile();
        fileError(edit(json, r -> r.put("format", "qsafe-identity-v2")), "format");
        fileError(edit(json, r -> r.put("version", 5)), "version");
        // version 3 is a PBKDF2 file's (docs/KEYS.md), which this Argon2id protection contradicts
        fileError(edit(json, r -> r.put("version", 3)), "protection.kdf");
        fileError(edit(json, r -> r.put("version", 2)), "keys.kem"); // a keyset file (version 2) lists its KEM keys
        fileError(edit(json, r -> r.put("version", "1")), "version");
        fileError(edit(json, r -> r.put("version", 1.0)), "version");
        fileError(edit(json, r -> r.remove("name")), "name");
        fileError(edit(json, r -> r.put("name", 42)), "name");
        fileError(edit(json, r -> r.put("name", "x".repeat(257))), "name");
        fileError(edit(json, r -> r.put("comment", "hello")), "comment");
        fileError(edit(json, r -> r.remove("protection")), "protection");
        fileError(edit(json, r -> r.putArray("suite")), "suite");
        fileError(edit(json, r -> at(r, "suite").put("extra", "x")), "suite.extra");
        fileError(edit(json, r -> at(r, "suite").put("mode", "pqc")), "suite.mode");
        fileError(edit(json, r -> at(r, "suite").put("kem", "ML-KEM-9999")), "suite.kem");
        fileError(edit(json, r -> at(r, "suite").put("kem", "ml-kem-768")), "suite.kem");
        fileError(edit(json, r -> at(r, "suite").put("kem", "ML-DSA-65")), "suite.kem");
        fileError(edit(json, r -> at(r, "suite").put("kem", "ML-KEM-1024")), "suite"); // pqc-768-v1 is built in
        fileError(edit(json, r -> at(r, "suite").put("name", "bad name!")), "suite.name");
        fileError(edit(json, r -> at(r, "suite").put("name", "x").put("kem", "ML-KEM-1024")), "keys.kem.publicKey");
        fileError(edit(json, r -> at(r, "protection").put("kdf", "scrypt")), "protection.kdf");
        fileError(edit(json, r -> at(r, "protection").put("aead", "ChaCha20-Poly1305")), "protection.aead");
        fileError(edit(json, r -> at(r, "protection").put("memoryKiB", 2 * 1024 * 1024)), "protection.memoryKiB");
        fileError(edit(json, r -> at(r, "protection").put("iterations", 17)), "protection.iterations");
        fileError(edit(json, r -> at(r, "protection").put("parallelism", 0)), "protection");
        fileError(edit(json, r -> at(r, "protection").put("memoryKiB", 4_000_000_000L)), "protection.memoryKiB");
        fileError(edit(json, r -> at(r, "protection").put("salt", "AAAA")), "protection.salt");
        fileError(edit(json, r -> at(r, "protection").put("salt", "not base64 at all!!!!!!!")), "protection.salt");
        fileError(edit(json, r -> at(r, "keys").remove("signature")), "keys.signature");
        fileError(edit(json, r -> at(r, "keys").put("extra", 1)), "keys.extra");
        fileError(edit(json, r -> at(r, "keys.kem").put("keyId", "00")), "keys.kem.keyId");
        fileError(edit(json, r -> at(r, "keys.kem").put("publicKey", "AAAA")), "keys.kem.publicKey");
        fileError(edit(json, r -> at(r, "keys.kem").set("publicKey", at(r, "keys.signature").get("publicKey"))), "keys.kem.publicKey");
        fileError(edit(json, r -> at(r, "keys.kem").put("privateKey", "AAAA")), "keys.kem.privateKey");
        fileError(edit(json, r -> at(r, "keys.kem.privateKey").remove("nonce")), "keys.kem.privateKey.nonce");
        fileError(edit(json, r -> at(r, "keys.kem.privateKey").put("nonce", "AAAAAAAAAAAAAAAA" + "AAAA")), "keys.kem.privateKey.nonce");
        fileError(edit(json, r -> at(r, "keys.kem.privateKey").put("ciphertext", "AAAA")), "keys.kem.privateKey.ciphertext");
    }

    @Test
    void notAnIdentityFileAtAll_failsTyped() {
        String json = protectedFile();
        for (String bad : List.of("", "   ", "null", "[]", "42", "{", json.substring(0, json.length() / 2),
                json + "{}", json.replaceFirst("\"format\"", "\"format\" : \"x\", \"format\""),
                "{\"a\":".repeat(50) + "1" + "}".repeat(50), "\u0000", "{\"format\": \"qsafe-identity\"}")) {
            QSafeException e = assertThrows(IdentityFileException.class, () -> read(bad), () -> "accepted: " + bad);
            assertFalse(e.getMessage().isBlank());
        }
        IdentityFileException tooBig = assertThrows(IdentityFileException.class,
                () -> read(" ".repeat(IdentityFiles.MAX_FILE_CHARS) + json));
        assertEquals("(file)", tooBig.field());
    }

    @Test
    void write_costBeyondWhatReadingAccepts_orLongName_failsWithInvalidInput() {
        assertThrows(InvalidInputException.class, () -> IdentityFiles.write(ALICE, PASSPHRASE,
                new PasswordKdfParameters(2 * 1024 * 1024, 1, 1), KeyAlgorithms.REGISTRY));
        assertThrows(InvalidInputException.class, () -> IdentityFiles.write(ALICE, PASSPHRASE,
                new PasswordKdfParameters(256, 17, 1), KeyAlgorithms.REGISTRY));
        Identity longName = new Identity("n".repeat(257), ALICE.suite(), ALICE.kem(), ALICE.signature());
        assertThrows(InvalidInputException.class, () -> IdentityFiles.writePublic(longName, KeyAlgorithms.REGISTRY));
    }

    @Test
    void passphrase_isNotModifiedByWriteOrRead() {
        char[] passphrase = PASSPHRASE.clone();
        read(IdentityFiles.write(ALICE, passphrase, CHEAP, KeyAlgorithms.REGISTRY));
        assertArrayEquals(PASSPHRASE, passphrase, "wiping the passphrase is the caller's decision");
    }
}
