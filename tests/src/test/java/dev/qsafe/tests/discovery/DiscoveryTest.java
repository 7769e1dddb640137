package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Discovery of the shipped providers on the module path, selection by weight, pinning and exclusion. */
class DiscoveryTest {
    private static final Map<String, String> SHIPPED = Map.of(
            "jdk-classical", "dev.qsafe.provider.classical",
            "bc-classical", "dev.qsafe.provider.classical",
            "bc-pqc", "dev.qsafe.provider.pqc",
            "jdk-pqc", "dev.qsafe.provider.pqc",
            "hybrid", "dev.qsafe.provider.hybrid",
            "conscrypt", "dev.qsafe.provider.hwaccel",
            "accp", "dev.qsafe.provider.hwaccel");

    /** The configuration without the native engines, for the tests about the pure-Java weights. */
    private static RegistryConfig.Builder pureJava() {
        return RegistryConfig.newBuilder().exclude("conscrypt").exclude("accp");
    }

    @Test
    void discover_onModulePath_findsExactlyTheShippedProvidersInTheirModules() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        Map<String, String> found = registry.providers().stream()
                .collect(Collectors.toMap(ProviderStatus::name, ProviderStatus::module));
        assertEquals(SHIPPED, found, "providers and the named modules they were loaded from");
        // The native providers are active where their libraries load (NativeFallbackTest covers the rest).
        registry.providers().stream().filter(p -> !Set.of("conscrypt", "accp").contains(p.name()))
                .forEach(p -> assertEquals(ProviderStatus.State.ACTIVE, p.state(), p.name() + ": " + p.reason()));
        assertTrue(CryptoProvider.class.getModule().isNamed(), "the SPI must come from the named module dev.qsafe.api");
    }

    @Test
    void discover_everyShippedAlgorithm_hasASelectedEngine() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        for (Algorithm a : Set.of(Algorithm.DHKEM_X25519, Algorithm.ED25519, Algorithm.AES_128_GCM, Algorithm.AES_256_GCM,
                Algorithm.CHACHA20_POLY1305, Algorithm.HKDF_SHA256, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768,
                Algorithm.ML_KEM_1024, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87,
                Algorithm.SLH_DSA_SHA2_128S, Algorithm.SLH_DSA_SHA2_128F, Algorithm.SHAKE256, Algorithm.SHAKE128, Algorithm.X_WING,
                Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519, Algorithm.ARGON2ID)) {
            assertTrue(registry.selection(a).selected().isPresent(), "no engine selected for " + a);
        }
    }

    @Test
    void selection_bothClassicalEngines_highestWeightWins() {
        CryptoRegistry registry = CryptoRegistry.discover(pureJava().build());
        // Measured: Bouncy Castle is faster for Ed25519 and X25519, the JDK's intrinsic AES-GCM is faster.
        assertEquals("bc-classical", registry.selection(Algorithm.ED25519).selected().orElseThrow());
        assertEquals("bc-classical", registry.selection(Algorithm.DHKEM_X25519).selected().orElseThrow());
        assertEquals("jdk-classical", registry.selection(Algorithm.AES_256_GCM).selected().orElseThrow());
        assertEquals(2, registry.selection(Algorithm.ED25519).candidates().size(), "both engines are candidates");
    }

    @Test
    void pin_lowerWeightProvider_isTheOnlyCandidate() {
        CryptoRegistry registry = CryptoRegistry.discover(
                RegistryConfig.newBuilder().pin(Algorithm.ED25519, "jdk-classical").build());
        assertEquals("jdk-classical", registry.selection(Algorithm.ED25519).selected().orElseThrow());
        assertEquals(1, registry.selection(Algorithm.ED25519).candidates().size());
        // Every other provider of Ed25519 is skipped, highest weight first (conscrypt 250 when it is active here).
        List<String> skipped = registry.selection(Algorithm.ED25519).skipped().stream().map(c -> c.provider()).toList();
        assertTrue(skipped.contains("bc-classical"), skipped.toString());
        assertFalse(skipped.contains("jdk-classical"), skipped.toString());
        // The engine really is the JDK's: it comes from the pinned provider.
        assertEquals(registry.signature(Algorithm.ED25519, "jdk-classical"), registry.signature(Algorithm.ED25519));
    }

    @Test
    void pin_fromSystemPropertySyntax_isApplied() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty(RegistryConfig.PIN_PROPERTY, "AES-256-GCM=bc-classical, Ed25519=jdk-classical");
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.fromProperties(props));
        assertEquals("bc-classical", registry.selection(Algorithm.AES_256_GCM).selected().orElseThrow());
        assertEquals("jdk-classical", registry.selection(Algorithm.ED25519).selected().orElseThrow());
    }

    @Test
    void pin_toMissingProvider_failsClosedWithoutFallback() {
        CryptoRegistry registry = CryptoRegistry.discover(
                RegistryConfig.newBuilder().pin(Algorithm.ML_KEM_768, "no-such-provider").build());
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> registry.kem(Algorithm.ML_KEM_768));
        assertTrue(e.getMessage().contains("ML-KEM-768"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-provider"), e.getMessage());
        assertTrue(e.getMessage().contains("bc-pqc"), "names what was not used: " + e.getMessage());
    }

    @Test
    void exclude_provider_isReportedAndNeverUsed() {
        CryptoRegistry registry = CryptoRegistry.discover(pureJava().exclude("bc-classical").build());
        ProviderStatus bc = registry.providers().stream().filter(p -> p.name().equals("bc-classical")).findFirst().orElseThrow();
        assertEquals(ProviderStatus.State.EXCLUDED, bc.state());
        assertEquals("jdk-classical", registry.selection(Algorithm.ED25519).selected().orElseThrow());
        assertThrows(UnsupportedAlgorithmException.class, () -> registry.signature(Algorithm.ED25519, "bc-classical"));
    }

    @Test
    void exclude_onlyProviderOfAlgorithm_failsClosedNamingWhatWasTried() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.newBuilder().exclude("bc-pqc").exclude("jdk-pqc").build());
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> registry.kem(Algorithm.ML_KEM_768));
        assertTrue(e.getMessage().contains("ML-KEM-768") && e.getMessage().contains("bc-pqc")
                && e.getMessage().contains("jdk-pqc") && e.getMessage().contains("excluded"), e.getMessage());
    }

    @Test
    void missingAlgorithm_noProvider_failsClosedNamingTheAlgorithm() {
        // A KEM no shipped provider implements (HQC-128 sizes, for realism).
        Algorithm unimplemented = Algorithm.define(new Algorithm("HQC-128", AlgorithmKind.KEM, 1, 2249, 2305, 4433, 32,
                0, 0, 0, 0, -1, ""));
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> registry.kem(unimplemented));
        assertTrue(e.getMessage().contains("HQC-128") && e.getMessage().contains("no discovered provider"), e.getMessage());
    }

    @Test
    void engine_ofWrongKind_isRejected() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        assertThrows(UnsupportedAlgorithmException.class, () -> registry.kem(Algorithm.ED25519));
        assertThrows(UnsupportedAlgorithmException.class, () -> registry.aead(Algorithm.HKDF_SHA256));
    }
}
