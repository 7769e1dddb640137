package dev.qsafe.tests.hwaccel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fallback: with native loading disabled ({@code -Dqsafe.hwaccel.native=false}), discovery still
 * works, both native providers report themselves unavailable with the reason, the pure-Java engines
 * take over every algorithm, and seal/open, sign/verify and a subset of the vectors pass. The switch is
 * set for this class only (the providers read it when a registry discovers them); a whole run with
 * {@code ./mvnw -B verify -Dqsafe.hwaccel.native=false} proves the same for every test.
 */
class NativeFallbackTest {
    private static final String SWITCH = "qsafe.hwaccel.native";
    private static String saved;
    private static CryptoRegistry registry;

    @BeforeAll
    static void discoverWithNativeLoadingDisabled() {
        saved = System.getProperty(SWITCH);
        System.setProperty(SWITCH, "false");
        registry = CryptoRegistry.discover(RegistryConfig.defaults());
    }

    @AfterAll
    static void restore() {
        if (saved == null) {
            System.clearProperty(SWITCH);
        } else {
            System.setProperty(SWITCH, saved);
        }
    }

    @Test
    void nativeProviders_areUnavailable_withTheReason_andTheRestIsActive() {
        for (ProviderStatus p : registry.providers()) {
            if (NativeEngines.NATIVE.contains(p.name())) {
                assertEquals(ProviderStatus.State.UNAVAILABLE, p.state(), p.name());
                assertTrue(p.reason().contains("native loading disabled by -Dqsafe.hwaccel.native=false"), p.reason());
                assertTrue(p.reason().contains("AES-NI"), "the CPU features are still reported: " + p.reason());
                assertFalse(p.weights().isEmpty(), "what it would offer is still listed");
            } else {
                assertEquals(ProviderStatus.State.ACTIVE, p.state(), p.name() + ": " + p.reason());
            }
        }
        assertEquals(NativeEngines.NATIVE.size(),
                registry.providers().stream().filter(p -> NativeEngines.NATIVE.contains(p.name())).count());
    }

    @Test
    void everyAlgorithm_isSelectedOnAPureJavaEngine_andNativeEnginesFailClosed() {
        for (Algorithm a : List.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305,
                Algorithm.DHKEM_X25519, Algorithm.ED25519, Algorithm.HKDF_SHA256, Algorithm.ML_DSA_44,
                Algorithm.ML_DSA_65, Algorithm.ML_DSA_87)) {
            String selected = registry.selection(a).selected().orElseThrow(() -> new AssertionError("nothing selected for " + a));
            assertFalse(NativeEngines.NATIVE.contains(selected), a + " selected " + selected);
        }
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> registry.aead(Algorithm.AES_256_GCM, "accp"));
        assertTrue(e.getMessage().contains("accp"), e.getMessage());
        assertThrows(UnsupportedAlgorithmException.class, () -> registry.kem(Algorithm.DHKEM_X25519, "conscrypt"));
    }

    @Test
    void sealOpenSignVerify_inEveryMode() {
        QSafe qsafe = QSafe.newBuilder().registry(registry).build();
        byte[] message = "fallback works".getBytes(StandardCharsets.UTF_8);
        for (CryptoMode mode : CryptoMode.values()) {
            Identity alice = qsafe.generateIdentity("alice", mode);
            Identity bob = qsafe.generateIdentity("bob", mode);
            byte[] envelope = qsafe.seal(message, bob.publicIdentity(), alice);
            assertArrayEquals(message, qsafe.open(envelope, bob, alice.publicIdentity()), mode.name());
            byte[] signature = qsafe.sign(message, alice);
            qsafe.verify(message, signature, alice.publicIdentity());
        }
    }

    @Test
    void vectorSubset_passesOnThePureJavaEngines() {
        Path dir = Vectors.dir();
        Report report = VectorRunner.run(List.of(dir.resolve("wycheproof/aes_gcm_test.json.gz"),
                dir.resolve("wycheproof/chacha20_poly1305_test.json.gz"), dir.resolve("wycheproof/ed25519_test.json.gz"),
                dir.resolve("wycheproof/x25519_test.json.gz"), dir.resolve("wycheproof/hkdf_sha256_test.json.gz"),
                dir.resolve("wycheproof/mldsa_65_verify_test.json.gz")), registry, new VectorRunner.Listener() {
                });
        assertEquals(0, report.failed(), report.toString());
        assertTrue(report.passed() > 2000, report.toString());
        report.files().forEach(f -> f.engines().stream().map(EngineReport::engine).forEach(engine ->
                assertFalse(NativeEngines.NATIVE.stream().anyMatch(engine::contains), f.path() + " ran on " + engine)));
    }
}
