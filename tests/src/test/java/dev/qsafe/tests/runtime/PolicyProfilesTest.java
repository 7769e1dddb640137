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
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy profiles ({@link Profile}) through the facade: what each admits and refuses, by which rule, at key
 * generation, key import, seal, open, sign and verify (the rule table itself: the runtime's {@code ProfileTest}); how a profile is configured; and that a facade cannot run a
 * configuration's profile on a registry without it.
 */
class PolicyProfilesTest {
    private static final byte[] MESSAGE = "policy profiles".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

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
    void cnsa2_pqcModeIsPqcCnsa2_sealOpenSignVerifyWork_otherSuitesRefused() throws Exception {
        Runtimes.assumeMode(CryptoMode.PQC);
        QSafeConfig cnsa2 = QSafeConfig.defaults().withProfile("cnsa2");
        assertEquals(Suite.PQC_CNSA2, cnsa2.suite(CryptoMode.PQC));
        assertEquals(CryptoMode.PQC, cnsa2.defaultMode(), "HYBRID's X-Wing is refused, so the default mode is PQC");
        assertEquals(Suite.PQC, cnsa2.withProfile("none").suite(CryptoMode.PQC), "without the profile PQC is pqc-v1 again");
        assertEquals(CryptoMode.HYBRID, cnsa2.withProfile("none").defaultMode());
        try (QSafe q = facade("cnsa2")) {
            Identity a = q.generateIdentity("a"); // the default mode: ML-KEM-1024 + ML-DSA-87
            Identity b = q.generateIdentity("b", CryptoMode.PQC);
            assertEquals(Suite.PQC_CNSA2, a.suite());
            q.verify(MESSAGE, q.sign(MESSAGE, a), a.publicIdentity());
            byte[] sealed = q.seal(MESSAGE, b.publicIdentity(), a);
            var header = q.inspect(sealed);
            assertEquals(List.of(Algorithm.ML_KEM_1024, Algorithm.HKDF_SHA384, Algorithm.AES_256_GCM),
                    List.of(header.kem(), header.kdf(), header.aead()));
            assertArrayEquals(MESSAGE, q.open(sealed, b, a.publicIdentity()));
            // streaming (version 2) too
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            q.sealStream(new ByteArrayInputStream(MESSAGE), streamed, b.publicIdentity(), a);
            assertEquals(Algorithm.HKDF_SHA384, q.inspect(streamed.toByteArray()).kdf());
            ByteArrayOutputStream opened = new ByteArrayOutputStream();
            q.openStream(new ByteArrayInputStream(streamed.toByteArray()), opened, b, a.publicIdentity());
            assertArrayEquals(MESSAGE, opened.toByteArray());
            refused("cnsa2.kem", () -> Identity.generate("c", Suite.PQC_768, q.registry()));
            refused("cnsa2.kem", () -> q.generateIdentity("d", CryptoMode.HYBRID));
            refused("cnsa2.aead", () -> q.registry().aead(Algorithm.AES_128_GCM));
            refused("cnsa2.kdf", () -> q.registry().kdf(Algorithm.HKDF_SHA256));
            q.registry().aead(Algorithm.AES_256_GCM);
        }
    }

    @Test
    void cnsa2_explicitPqcV1Suite_isKept_andItsSealIsRefusedByTheKdfRule() {
        Runtimes.assumeMode(CryptoMode.PQC);
        QSafeConfig c = QSafeConfig.defaults().toBuilder().suite(Suite.PQC).build().withProfile("cnsa2");
        assertEquals(Suite.PQC, c.suite(CryptoMode.PQC), "a configured suite is never replaced by the profile");
        try (QSafe q = QSafe.newBuilder().config(c).registry(CryptoRegistry.discover(c.providers())).build()) {
            Identity a = q.generateIdentity("a", CryptoMode.PQC); // ML-KEM-1024 and ML-DSA-87 are admitted
            refused("cnsa2.kdf", () -> q.seal(MESSAGE, a.publicIdentity(), a));
        }
    }

    @Test
    void cnsa2Envelopes_openWithoutTheProfile_andPqcV1EnvelopesStillOpenWithout() {
        Runtimes.assumeMode(CryptoMode.PQC);
        try (QSafe cnsa2 = facade("cnsa2");
             QSafe free = QSafe.newBuilder().config(QSafeConfig.defaults()).registry(Runtimes.REGISTRY).build()) {
            Identity a = cnsa2.generateIdentity("a", CryptoMode.PQC);
            Identity b = cnsa2.generateIdentity("b", CryptoMode.PQC);
            byte[] sealed = cnsa2.seal(MESSAGE, b.publicIdentity(), a);
            assertArrayEquals(MESSAGE, free.open(sealed, b, a.publicIdentity()), "a pqc-cnsa2-v1 envelope opens without the profile");
            Identity reread = IdentityFiles.readUnprotected(IdentityFiles.writeUnprotected(b), Runtimes.REGISTRY);
            assertEquals(Suite.PQC_CNSA2, reread.suite(), "the identity file names the suite");
            assertArrayEquals(MESSAGE, free.open(sealed, reread, a.publicIdentity()));
            // without the profile, PQC seals with pqc-v1 (HKDF-SHA256), to the same keys, and that opens as before
            byte[] old = free.seal(MESSAGE, b.publicIdentity(), a);
            assertEquals(Algorithm.HKDF_SHA256, free.inspect(old).kdf());
            assertArrayEquals(MESSAGE, free.open(old, b, a.publicIdentity()));
            Identity c = free.generateIdentity("c", CryptoMode.PQC);
            assertEquals(Suite.PQC, c.suite());
            assertArrayEquals(MESSAGE, free.open(free.seal(MESSAGE, c.publicIdentity(), c), c, c.publicIdentity()));
            // under cnsa2, an HKDF-SHA256 envelope is refused (CNSA 2.0 admits SHA-384 and SHA-512 only)
            refused("cnsa2.kdf", () -> cnsa2.open(old, b, a.publicIdentity()));
        }
    }

    @Test
    void cnsa2_severalRecipients_sealWithPqcCnsa2_everyRecipientOpens_nonCnsaRecipientRefusedByTheKemRule() throws Exception {
        Runtimes.assumeMode(CryptoMode.PQC);
        Runtimes.assumeMode(CryptoMode.CLASSICAL);
        Runtimes.assumeMode(CryptoMode.HYBRID);
        try (QSafe cnsa2 = facade("cnsa2");
             QSafe free = QSafe.newBuilder().config(QSafeConfig.defaults()).registry(Runtimes.REGISTRY).build()) {
            Identity a = cnsa2.generateIdentity("a");
            Identity b = cnsa2.generateIdentity("b", CryptoMode.PQC);
            Identity c = free.generateIdentity("c", CryptoMode.PQC); // pqc-v1: ML-KEM-1024 too, so CNSA 2.0 can seal to it
            assertEquals(Suite.PQC, c.suite());
            List<Identity> to = List.of(b, c);
            List<dev.qsafe.runtime.keys.PublicIdentity> pubs = to.stream().map(Identity::publicIdentity).toList();

            byte[] sealed = cnsa2.seal(MESSAGE, pubs, a);
            var header = cnsa2.inspect(sealed);
            assertEquals(3, header.version());
            assertEquals(List.of(Algorithm.HKDF_SHA384, Algorithm.AES_256_GCM), List.of(header.kdf(), header.aead()),
                    "the suite of the most demanding recipient under the profile: pqc-cnsa2-v1");
            assertEquals(List.of(Algorithm.ML_KEM_1024, Algorithm.ML_KEM_1024),
                    header.recipients().stream().map(dev.qsafe.runtime.envelope.EnvelopeHeader.Recipient::kem).toList());
            for (Identity r : to) {
                assertArrayEquals(MESSAGE, cnsa2.open(sealed, r, a.publicIdentity()), r.name());
                ByteArrayOutputStream opened = new ByteArrayOutputStream();
                cnsa2.openStream(new ByteArrayInputStream(sealed), opened, r, a.publicIdentity());
                assertArrayEquals(MESSAGE, opened.toByteArray(), r.name());
                assertArrayEquals(MESSAGE, free.open(sealed, r, a.publicIdentity()), "opens without the profile: " + r.name());
            }
            ByteArrayOutputStream hidden = new ByteArrayOutputStream();
            cnsa2.sealStream(new ByteArrayInputStream(MESSAGE), hidden, pubs, a, 4096, true);
            assertArrayEquals(MESSAGE, cnsa2.open(hidden.toByteArray(), c, a.publicIdentity()), "key ids hidden");

            // a recipient whose KEM CNSA 2.0 does not admit, wherever it is listed: the KEM rule, naming it
            Identity pqc768 = Identity.generate("d768", Suite.PQC_768, Runtimes.REGISTRY);
            Identity classical = free.generateIdentity("eve", CryptoMode.CLASSICAL);
            Identity hybrid = free.generateIdentity("hal", CryptoMode.HYBRID);
            for (Identity odd : List.of(pqc768, classical, hybrid)) {
                for (List<Identity> list : List.of(List.of(b, odd), List.of(odd, b))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> cnsa2.sealStream(
                            new ByteArrayInputStream(MESSAGE), out, list.stream().map(Identity::publicIdentity).toList(), a,
                            4096, false));
                    assertTrue(e.getMessage().contains("rule cnsa2.kem") && e.getMessage().contains("'" + odd.name() + "'"),
                            e.getMessage());
                    assertEquals(0, out.size(), "nothing written");
                }
            }
            // an envelope sealed without the profile (pqc-v1: HKDF-SHA256) is refused under it by the KDF rule
            Identity oldSender = free.generateIdentity("old", CryptoMode.PQC);
            byte[] old = free.seal(MESSAGE, pubs, oldSender);
            assertEquals(Algorithm.HKDF_SHA256, free.inspect(old).kdf());
            assertArrayEquals(MESSAGE, free.open(old, b, oldSender.publicIdentity()));
            refused("cnsa2.kdf", () -> cnsa2.open(old, b, oldSender.publicIdentity()));
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
