package dev.qsafe.tests.runtime;

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
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.Profile;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy profiles ({@link Profile}): what each admits and refuses, by which rule, at key generation, key import,
 * seal, open, sign and verify through the facade; how a profile is configured; and that a facade cannot run a
 * configuration's profile on a registry without it.
 */
class ProfileTest {
    private static final byte[] MESSAGE = "policy profiles".getBytes(StandardCharsets.UTF_8);

    /** Every built-in algorithm the profiles judge. */
    private static final List<Algorithm> ALL = List.of(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768,
            Algorithm.ML_KEM_1024, Algorithm.X_WING, Algorithm.ED25519, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65,
            Algorithm.ML_DSA_87, Algorithm.SLH_DSA_SHA2_128S, Algorithm.SLH_DSA_SHA2_128F, Algorithm.MLDSA65_ED25519,
            Algorithm.MLDSA44_ED25519, Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305,
            Algorithm.HKDF_SHA256, Algorithm.SHAKE128, Algorithm.SHAKE256, Algorithm.ARGON2ID);

    @TempDir
    Path dir;

    /** The expected verdict per algorithm: the rule that refuses it, or absent if admitted. */
    private static Map<Algorithm, String> expectedRefusals(Profile profile) {
        Map<Algorithm, String> m = new LinkedHashMap<>();
        switch (profile) {
            case CNSA2 -> {
                for (Algorithm a : List.of(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.X_WING)) {
                    m.put(a, "cnsa2.kem");
                }
                for (Algorithm a : List.of(Algorithm.ED25519, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.SLH_DSA_SHA2_128S,
                        Algorithm.SLH_DSA_SHA2_128F, Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519)) {
                    m.put(a, "cnsa2.signature");
                }
                m.put(Algorithm.AES_128_GCM, "cnsa2.aead");
                m.put(Algorithm.CHACHA20_POLY1305, "cnsa2.aead");
                m.put(Algorithm.HKDF_SHA256, "cnsa2.kdf"); // CNSA 2.0 hashes are SHA-384 and SHA-512
            }
            case FIPS -> {
                m.put(Algorithm.DHKEM_X25519, "fips.kem");
                m.put(Algorithm.X_WING, "fips.kem");
                m.put(Algorithm.MLDSA65_ED25519, "fips.signature");
                m.put(Algorithm.MLDSA44_ED25519, "fips.signature");
                m.put(Algorithm.CHACHA20_POLY1305, "fips.aead");
                m.put(Algorithm.ARGON2ID, "fips.password-kdf");
            }
            case HYBRID_MIN -> {
                m.put(Algorithm.DHKEM_X25519, "hybrid-min.kem");
                m.put(Algorithm.ED25519, "hybrid-min.signature");
                m.put(Algorithm.AES_128_GCM, "hybrid-min.aead");
            }
        }
        return m;
    }

    @Test
    void eachProfile_admitsItsAlgorithms_andRefusesEveryOtherNamingProfileAndRule() {
        for (Profile p : Profile.values()) {
            Map<Algorithm, String> refused = expectedRefusals(p);
            for (Algorithm a : ALL) {
                String rule = refused.get(a);
                if (rule == null) {
                    assertEquals(Optional.empty(), p.refusal(a), p + " admits " + a);
                    p.check(a);
                } else {
                    assertEquals(rule, p.refusal(a).orElseThrow(() -> new AssertionError(p + " must refuse " + a)).id());
                    PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> p.check(a));
                    assertTrue(e.getMessage().contains(a.name()) && e.getMessage().contains("policy profile " + p.id())
                            && e.getMessage().contains("rule " + rule), e.getMessage());
                }
            }
        }
    }

    @Test
    void parse_namesNoneAndUnknown() {
        assertEquals(Optional.of(Profile.HYBRID_MIN), Profile.parse(" Hybrid-Min ", "x"));
        assertEquals(Optional.of(Profile.CNSA2), Profile.parse("cnsa2", "x"));
        assertEquals(Optional.empty(), Profile.parse("none", "x"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Profile.parse("cnsa1", "qsafe.profile"));
        assertTrue(e.getMessage().contains("qsafe.profile") && e.getMessage().contains("hybrid-min"), e.getMessage());
    }

    private static QSafe facade(String profile) {
        QSafeConfig c = QSafeConfig.defaults().withProfile(profile);
        return QSafe.newBuilder().config(c).registry(CryptoRegistry.discover(c.providers())).build();
    }

    private static void refused(String rule, Executable call) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class, call);
        assertTrue(e.getMessage().contains("rule " + rule), e.getMessage());
    }

    @Test
    void hybridMin_hybridAndPqcWork_classicalRefusedAtKeygenSealOpenSignVerifyAndImport() throws Exception {
        Runtimes.assumeMode(CryptoMode.CLASSICAL);
        Runtimes.assumeMode(CryptoMode.HYBRID);
        Runtimes.assumeMode(CryptoMode.PQC);
        try (QSafe free = QSafe.newBuilder().config(QSafeConfig.defaults()).registry(Runtimes.REGISTRY).build();
             QSafe q = facade("hybrid-min")) {
            for (CryptoMode m : List.of(CryptoMode.HYBRID, CryptoMode.PQC)) {
                Identity a = q.generateIdentity("a", m);
                Identity b = q.generateIdentity("b", m);
                assertArrayEquals(MESSAGE, q.open(q.seal(MESSAGE, b.publicIdentity(), a), b, a.publicIdentity()));
                q.verify(MESSAGE, q.sign(MESSAGE, a), a.publicIdentity());
            }
            refused("hybrid-min.kem", () -> q.generateIdentity("c", CryptoMode.CLASSICAL));

            // An envelope and a signature made before the profile was turned on.
            Identity alice = free.generateIdentity("alice", CryptoMode.CLASSICAL);
            Identity bob = free.generateIdentity("bob", CryptoMode.CLASSICAL);
            byte[] old = free.seal(MESSAGE, bob.publicIdentity(), alice);
            byte[] oldSig = free.sign(MESSAGE, alice);
            refused("hybrid-min.kem", () -> q.open(old, bob, alice.publicIdentity()));
            refused("hybrid-min.kem", () -> q.seal(MESSAGE, bob.publicIdentity(), alice));
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            refused("hybrid-min.kem", () -> q.openStream(new ByteArrayInputStream(old), sink, bob, alice.publicIdentity()));
            assertEquals(0, sink.size(), "nothing is released");
            refused("hybrid-min.signature", () -> q.sign(MESSAGE, alice));
            refused("hybrid-min.signature", () -> q.verify(MESSAGE, oldSig, alice.publicIdentity()));
            // Import: reading the identity file checks its keys through the registry.
            String file = IdentityFiles.writeUnprotected(alice);
            refused("hybrid-min.", () -> IdentityFiles.readUnprotected(file, q.registry()));
            assertEquals("alice", IdentityFiles.readUnprotected(file, Runtimes.REGISTRY).name(), "readable without the profile");
        }
    }

    @Test
    void fips_pqcSuitesWork_xWingClassicalKemChaChaAndCompositeRefused_ed25519Admitted() {
        Runtimes.assumeMode(CryptoMode.PQC);
        try (QSafe q = facade("fips")) {
            Identity a = q.generateIdentity("a", CryptoMode.PQC);
            Identity b = q.generateIdentity("b", CryptoMode.PQC);
            assertArrayEquals(MESSAGE, q.open(q.seal(MESSAGE, b.publicIdentity(), a), b, a.publicIdentity()));
            q.verify(MESSAGE, q.sign(MESSAGE, a), a.publicIdentity());
            Identity pqc768 = Identity.generate("c", Suite.PQC_768, q.registry());
            q.verify(MESSAGE, q.sign(MESSAGE, pqc768), pqc768.publicIdentity());

            refused("fips.kem", () -> q.generateIdentity("x", CryptoMode.HYBRID));
            refused("fips.kem", () -> q.generateIdentity("y", CryptoMode.CLASSICAL));
            refused("fips.signature", () -> q.registry().signature(Algorithm.MLDSA65_ED25519));
            refused("fips.aead", () -> q.registry().aead(Algorithm.CHACHA20_POLY1305));
            refused("fips.password-kdf", () -> q.registry().passwordKdf(Algorithm.ARGON2ID));
            Assumptions.assumeTrue(q.registry().selection(Algorithm.ED25519).selected().isPresent(), "no Ed25519 engine here");
            var ed = q.registry().signature(Algorithm.ED25519); // FIPS 186-5 section 7
            var kp = ed.generateKeyPair();
            ed.verify(kp.publicKey(), MESSAGE, ed.sign(kp.privateKey(), MESSAGE, new byte[0]), new byte[0]);
        }
    }

    @Test
    void cnsa2_mlKem1024AndMlDsa87Work_sealRefusedByTheKdfRule_otherModesRefused() {
        Runtimes.assumeMode(CryptoMode.PQC);
        try (QSafe q = facade("cnsa2")) {
            Identity a = q.generateIdentity("a", CryptoMode.PQC); // ML-KEM-1024 + ML-DSA-87
            Identity b = q.generateIdentity("b", CryptoMode.PQC);
            q.verify(MESSAGE, q.sign(MESSAGE, a), a.publicIdentity());
            // pqc-v1 derives with HKDF-SHA256: CNSA 2.0 needs SHA-384 or SHA-512
            refused("cnsa2.kdf", () -> q.seal(MESSAGE, b.publicIdentity(), a));
            refused("cnsa2.kem", () -> Identity.generate("c", Suite.PQC_768, q.registry()));
            refused("cnsa2.kem", () -> q.generateIdentity("d", CryptoMode.HYBRID));
            refused("cnsa2.aead", () -> q.registry().aead(Algorithm.AES_128_GCM));
            q.registry().aead(Algorithm.AES_256_GCM);
        }
    }

    @Test
    void xWingUnderHybridMin_itsClassicalHalfIsNotRefused() {
        Runtimes.assumeMode(CryptoMode.HYBRID);
        CryptoRegistry r = CryptoRegistry.discover(RegistryConfig.newBuilder().profile(Profile.HYBRID_MIN).build());
        var kem = r.kem(Algorithm.X_WING); // its X25519 half comes through the provider's own look-up
        var kp = kem.generateKeyPair();
        var enc = kem.encapsulate(kp.publicKey());
        assertTrue(enc.sharedSecret().equalsConstantTime(kem.decapsulate(kp.privateKey(), enc.ciphertext())));
        refused("hybrid-min.kem", () -> r.kem(Algorithm.DHKEM_X25519));
    }

    @Test
    void config_profileFromBuilderFileAndProperties_relaxationReported() throws Exception {
        assertEquals(Optional.of(Profile.CNSA2), QSafeConfig.defaults().withProfile("cnsa2").profile());
        assertEquals(Optional.empty(), QSafeConfig.defaults().withProfile("cnsa2").withProfile("none").profile());
        assertEquals(Optional.empty(), QSafeConfig.defaults().profile());

        Path file = dir.resolve("qsafe.json");
        Files.writeString(file, "{\"profile\": \"fips\"}");
        assertEquals(Optional.of(Profile.FIPS), QSafeConfig.load(file).profile());

        Properties props = new Properties();
        props.setProperty(QSafeConfig.CONFIG_PROPERTY, file.toString());
        props.setProperty(RegistryConfig.EXCLUDE_PROPERTY, "bc-classical");
        assertEquals(Optional.of(Profile.FIPS), QSafeConfig.fromProperties(props).profile(), "provider properties keep the file's profile");
        assertTrue(QSafeConfig.fromProperties(props).relaxations().isEmpty());

        props.setProperty(Profile.PROPERTY, "none");
        QSafeConfig off = QSafeConfig.fromProperties(props);
        assertEquals(Optional.empty(), off.profile());
        assertTrue(off.relaxations().stream().anyMatch(r -> r.startsWith("profile fips -> none")), off.relaxations().toString());

        props.setProperty(Profile.PROPERTY, "hybrid-min");
        assertEquals(Optional.of(Profile.HYBRID_MIN), QSafeConfig.fromProperties(props).profile());

        Files.writeString(file, "{\"profile\": \"cnsa1\"}");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> QSafeConfig.load(file));
        assertTrue(e.getMessage().contains("cnsa1") && e.getMessage().contains("cnsa2"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> RegistryConfig.newBuilder().profile(Profile.FIPS).profile(Profile.CNSA2));
    }

    @Test
    void facade_configWithProfileOnRegistryWithout_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> QSafe.newBuilder()
                .config(QSafeConfig.defaults().withProfile("hybrid-min")).registry(Runtimes.REGISTRY).build());
        assertTrue(e.getMessage().contains("hybrid-min"), e.getMessage());
    }
}
