package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.keys.PassphraseKdf;
import dev.qsafe.runtime.keys.WrongPassphraseException;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The passphrase KDF of protected identity files ({@link PassphraseKdf}, docs/KEYS.md "Passphrase protection"):
 * PBKDF2-HMAC-SHA512 files (versions 3 and 4) round-trip, refuse a wrong passphrase and tampered parameters (an
 * iteration count out of bounds is refused before any derivation), and open with an independent PBKDF2 (Bouncy
 * Castle's) and AES-GCM over the documented associated data; under the {@code fips} profile PBKDF2 is accepted
 * and Argon2id refused with the rule named and the way to re-protect; without a profile nothing changed
 * (Argon2id, version 1, the default).
 */
class PassphraseKdfTest {
    private static final char[] PASSPHRASE = "correct horse battery staple, twice".toCharArray();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static CryptoRegistry fips;
    private static Identity pqc;

    @BeforeAll
    static void parties() {
        QSafeConfig c = QSafeConfig.defaults().withProfile("fips");
        fips = CryptoRegistry.discover(c.providers());
        KeyAlgorithms.assumeEngine(Suite.PQC.kem());
        KeyAlgorithms.assumeEngine(Suite.PQC.signature());
        pqc = Identity.generate("carol", Suite.PQC, KeyAlgorithms.REGISTRY); // fips admits ML-KEM and ML-DSA
    }

    private static ObjectNode tree(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    private static Set<String> names(JsonNode node) {
        return Set.copyOf(node.propertyNames());
    }

    /** A cheap PBKDF2 file (the minimum count) of {@code id}, for the tampering tests. */
    private static String cheap(Identity id) {
        return IdentityFiles.writePbkdf2(id, PASSPHRASE, IdentityFiles.PBKDF2_MIN_ITERATIONS, KeyAlgorithms.REGISTRY);
    }

    @Test
    void pbkdf2_roundTrip_singleKeyIsVersion3_keysetVersion4_withTheDocumentedFields() {
        String file = IdentityFiles.write(pqc, PASSPHRASE, PassphraseKdf.PBKDF2_HMAC_SHA512, KeyAlgorithms.REGISTRY);
        ObjectNode root = tree(file);
        assertEquals(IdentityFiles.PBKDF2_VERSION, root.get("version").asInt());
        JsonNode p = root.get("protection");
        assertEquals(Set.of("kdf", "iterations", "salt", "aead"), names(p));
        assertEquals("PBKDF2-HMAC-SHA512", p.get("kdf").asString());
        assertEquals(210_000, p.get("iterations").asInt());
        assertEquals(IdentityFiles.PBKDF2_ITERATIONS, p.get("iterations").asInt());
        assertEquals(16, Base64.getDecoder().decode(p.get("salt").asString()).length);
        assertEquals("AES-256-GCM", p.get("aead").asString());
        Identity back = IdentityFiles.read(file, PASSPHRASE, KeyAlgorithms.REGISTRY);
        assertEquals(pqc.publicIdentity(), back.publicIdentity());
        assertArrayEquals(KeyEncodings.encodePkcs8(pqc.signature().privateKey()), KeyEncodings.encodePkcs8(back.signature().privateKey()));
        assertEquals(java.util.Optional.of(PassphraseKdf.PBKDF2_HMAC_SHA512), IdentityFiles.passphraseKdf(IdentityFiles.document(file)));

        // two files of the same identity: fresh salts
        String again = cheap(pqc);
        assertTrue(!tree(again).get("protection").get("salt").equals(p.get("salt")), "a fresh salt per file");

        Identity rotated = pqc.rotate(KeyAlgorithms.REGISTRY);
        String keyset = IdentityFiles.writePbkdf2(rotated, PASSPHRASE, IdentityFiles.PBKDF2_MIN_ITERATIONS, KeyAlgorithms.REGISTRY);
        assertEquals(IdentityFiles.PBKDF2_KEYSET_VERSION, tree(keyset).get("version").asInt());
        Identity keysetBack = IdentityFiles.read(keyset, PASSPHRASE, KeyAlgorithms.REGISTRY);
        assertTrue(keysetBack.isKeyset());
        assertEquals(rotated.keys(), keysetBack.keys());
        assertEquals(rotated.publicIdentity(), keysetBack.publicIdentity());
    }

    @Test
    void pbkdf2_wrongPassphrase_isWrongPassphraseException() {
        String file = cheap(pqc);
        assertThrows(WrongPassphraseException.class,
                () -> IdentityFiles.read(file, "correct horse battery staple, twicE".toCharArray(), KeyAlgorithms.REGISTRY));
    }

    @Test
    void pbkdf2_tamperedParameters_boundedBeforeWork_orBoundByTheAssociatedData() {
        String file = cheap(pqc);
        // the count lowered within the bounds, or raised: another key, and the count is bound: wrong passphrase
        for (int iterations : new int[] {IdentityFiles.PBKDF2_MIN_ITERATIONS + 1, 5_000}) {
            ObjectNode t = tree(file);
            ((ObjectNode) t.get("protection")).put("iterations", iterations);
            assertThrows(WrongPassphraseException.class, () -> IdentityFiles.read(t.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY),
                    iterations + " iterations");
        }
        // out of bounds, below SP 800-132's minimum or above the ceiling: refused before any derivation
        for (int iterations : new int[] {999, 1, 0, -1, IdentityFiles.PBKDF2_MAX_ITERATIONS + 1, Integer.MAX_VALUE}) {
            ObjectNode t = tree(file);
            ((ObjectNode) t.get("protection")).put("iterations", iterations);
            long t0 = System.nanoTime();
            IdentityFileException e = assertThrows(IdentityFileException.class,
                    () -> IdentityFiles.read(t.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY), iterations + " iterations");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("protection.iterations", e.field(), e.getMessage());
            assertTrue(millis < 1_000, iterations + " iterations refused in " + millis + " ms");
        }
        // a changed salt: wrong passphrase
        ObjectNode salted = tree(file);
        ((ObjectNode) salted.get("protection")).put("salt", Base64.getEncoder().encodeToString(new byte[16]));
        assertThrows(WrongPassphraseException.class, () -> IdentityFiles.read(salted.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY));
        // the KDF renamed, or Argon2id's fields: the file's version says PBKDF2
        ObjectNode renamed = tree(file);
        ((ObjectNode) renamed.get("protection")).put("kdf", "Argon2id");
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(renamed.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY));
        assertEquals("protection.kdf", e.field(), e.getMessage());
        ObjectNode extra = tree(file);
        ((ObjectNode) extra.get("protection")).put("memoryKiB", 65536);
        assertEquals("protection.memoryKiB", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(extra.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY)).field());
        // the version lowered to 1: an Argon2id file's version, which a PBKDF2 protection contradicts
        ObjectNode v1 = tree(file);
        v1.put("version", 1);
        assertEquals("protection.kdf", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(v1.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY)).field());
        // a version no qsafe wrote
        ObjectNode v5 = tree(file);
        v5.put("version", 5);
        IdentityFileException unknown = assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(v5.toString(), PASSPHRASE, KeyAlgorithms.REGISTRY));
        assertTrue(unknown.getMessage().contains("version 5 is not supported") && unknown.getMessage().contains("1 to 4"),
                unknown.getMessage());
    }

    @Test
    void pbkdf2_writeBounds_andKdfNames() {
        for (int iterations : new int[] {999, IdentityFiles.PBKDF2_MAX_ITERATIONS + 1}) {
            assertThrows(InvalidInputException.class,
                    () -> IdentityFiles.writePbkdf2(pqc, PASSPHRASE, iterations, KeyAlgorithms.REGISTRY), iterations + "");
        }
        assertEquals(PassphraseKdf.PBKDF2_HMAC_SHA512, PassphraseKdf.parse("pbkdf2"));
        assertEquals(PassphraseKdf.PBKDF2_HMAC_SHA512, PassphraseKdf.parse("PBKDF2-HMAC-SHA512"));
        assertEquals(PassphraseKdf.ARGON2ID, PassphraseKdf.parse("Argon2id"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PassphraseKdf.parse("scrypt"));
        assertTrue(e.getMessage().contains("pbkdf2") && e.getMessage().contains("argon2id"), e.getMessage());
    }

    /**
     * An independent reading of the documented layout: Bouncy Castle's PBKDF2 (PKCS5S2 over SHA-512, the
     * passphrase as UTF-8) and the JDK's AES-GCM with the associated data docs/KEYS.md lists open the file's
     * signature private key, byte for byte the identity's PKCS#8.
     */
    @Test
    void pbkdf2_file_opensWithAnIndependentPbkdf2AndTheDocumentedAssociatedData() throws Exception {
        String file = cheap(pqc);
        ObjectNode root = tree(file);
        JsonNode p = root.get("protection");
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA512Digest());
        gen.init(PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(PASSPHRASE), Base64.getDecoder().decode(p.get("salt").asString()),
                p.get("iterations").asInt());
        byte[] key = ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
        JsonNode suite = root.get("suite");
        JsonNode slot = root.get("keys").get("signature");
        List<String> fields = new ArrayList<>(List.of(root.get("format").asString(), Integer.toString(root.get("version").asInt()),
                root.get("name").asString(), suite.get("name").asString(), suite.get("mode").asString(), suite.get("kem").asString(),
                suite.get("signature").asString(), suite.get("aead").asString(), suite.get("kdf").asString(),
                p.get("kdf").asString(), Integer.toString(p.get("iterations").asInt()), p.get("salt").asString(), p.get("aead").asString(),
                "signature", slot.get("keyId").asString(), slot.get("publicKey").asString()));
        ByteArrayOutputStream ad = new ByteArrayOutputStream();
        lengthPrefixed(ad, "qsafe identity file private key");
        fields.forEach(f -> lengthPrefixed(ad, f));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Base64.getDecoder().decode(slot.get("privateKey").get("nonce").asString())));
        gcm.updateAAD(ad.toByteArray());
        byte[] pkcs8 = gcm.doFinal(Base64.getDecoder().decode(slot.get("privateKey").get("ciphertext").asString()));
        assertArrayEquals(KeyEncodings.encodePkcs8(pqc.signature().privateKey()), pkcs8);
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, String field) {
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    @Test
    void fips_acceptsPbkdf2_refusesArgon2idNamingTheRuleAndHowToReProtect() {
        // PBKDF2: written and read under the profile
        String pbkdf2 = IdentityFiles.write(pqc, PASSPHRASE, PassphraseKdf.PBKDF2_HMAC_SHA512, fips);
        assertEquals(pqc.publicIdentity(), IdentityFiles.read(pbkdf2, PASSPHRASE, fips).publicIdentity());
        IdentityFiles.checkReadable(IdentityFiles.document(pbkdf2), fips);
        IdentityFiles.checkWritable(PassphraseKdf.PBKDF2_HMAC_SHA512, fips);

        // Argon2id, written without the profile: reading it under fips names the rule and the re-protection
        String argon = IdentityFiles.write(pqc, PASSPHRASE, new PasswordKdfParameters(64, 1, 1), KeyAlgorithms.REGISTRY);
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> IdentityFiles.read(argon, PASSPHRASE, fips),
                () -> IdentityFiles.checkReadable(IdentityFiles.document(argon), fips))) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, call);
            String m = e.getMessage();
            assertTrue(m.contains("rule fips.password-kdf") && m.contains("policy profile fips") && m.contains("Argon2id"), m);
            assertTrue(m.contains("qsafe key protect --id FILE --kdf pbkdf2") && m.contains("PassphraseKdf.PBKDF2_HMAC_SHA512"), m);
        }
        // writing Argon2id under fips: refused, naming the KDF to choose; never written with another KDF instead
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> IdentityFiles.write(pqc, PASSPHRASE, fips),
                () -> IdentityFiles.write(pqc, PASSPHRASE, PassphraseKdf.ARGON2ID, fips),
                () -> IdentityFiles.write(pqc, PASSPHRASE, new PasswordKdfParameters(64, 1, 1), fips),
                () -> IdentityFiles.checkWritable(PassphraseKdf.ARGON2ID, fips))) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, call);
            assertTrue(e.getMessage().contains("rule fips.password-kdf") && e.getMessage().contains("--kdf pbkdf2"), e.getMessage());
        }
        // the re-protection the message names, done without the profile, makes a file fips reads
        Identity opened = IdentityFiles.read(argon, PASSPHRASE, KeyAlgorithms.REGISTRY);
        String reprotected = IdentityFiles.write(opened, PASSPHRASE, PassphraseKdf.PBKDF2_HMAC_SHA512, KeyAlgorithms.REGISTRY);
        assertEquals(pqc.publicIdentity(), IdentityFiles.read(reprotected, PASSPHRASE, fips).publicIdentity());
    }

    @Test
    void defaultProfile_unchanged_argon2idIsTheDefault_version1_andPbkdf2ReadsToo() {
        Identity classical = Identity.generate("dave", Suite.defaultFor(CryptoMode.CLASSICAL), KeyAlgorithms.REGISTRY);
        String file = IdentityFiles.write(classical, PASSPHRASE, new PasswordKdfParameters(64, 1, 1), KeyAlgorithms.REGISTRY);
        ObjectNode root = tree(file);
        assertEquals(IdentityFiles.VERSION, root.get("version").asInt());
        assertEquals(Set.of("kdf", "memoryKiB", "iterations", "parallelism", "salt", "aead"), names(root.get("protection")));
        assertEquals("Argon2id", root.get("protection").get("kdf").asString());
        assertEquals(java.util.Optional.of(PassphraseKdf.ARGON2ID), IdentityFiles.passphraseKdf(IdentityFiles.document(file)));
        assertEquals(classical.publicIdentity(), IdentityFiles.read(file, PASSPHRASE, KeyAlgorithms.REGISTRY).publicIdentity());
        IdentityFiles.checkWritable(PassphraseKdf.ARGON2ID, KeyAlgorithms.REGISTRY);
        // the KDF-less write keeps Argon2id at the default cost
        JsonNode p = tree(IdentityFiles.write(classical, PASSPHRASE, KeyAlgorithms.REGISTRY)).get("protection");
        assertEquals("Argon2id", p.get("kdf").asString());
        assertEquals(IdentityFiles.DEFAULT_COST.memoryKiB(), p.get("memoryKiB").asInt());
        // PBKDF2 files read without a profile too, and unprotected ones name no KDF
        assertEquals(classical.publicIdentity(), IdentityFiles.read(cheap(classical), PASSPHRASE, KeyAlgorithms.REGISTRY).publicIdentity());
        assertEquals(java.util.Optional.empty(), IdentityFiles.passphraseKdf(IdentityFiles.document(IdentityFiles.writeUnprotected(classical))));
    }
}
