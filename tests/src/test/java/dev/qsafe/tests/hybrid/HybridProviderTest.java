package dev.qsafe.tests.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.spi.EngineLookup;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.api.spi.XofSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code hybrid} provider as discovery sees it on the module path: status, algorithms and weights,
 * engines, and how it composes the component engines the registry selects.
 */
class HybridProviderTest {
    @Test
    void discovery_findsHybridActiveInItsModule() {
        ProviderStatus status = status(HybridEngines.registry());
        assertEquals(ProviderStatus.State.ACTIVE, status.state(), status::reason);
        assertEquals("dev.qsafe.provider.hybrid", status.module());
        assertEquals("hybrid constructions over the engines the registry selects", status.description());
        assertFalse(status.hardwareBacked());
    }

    @Test
    void algorithms_areXWingAndTheEd25519CompositesWithWeight100() {
        assertEquals(Map.of(Algorithm.X_WING, 100, Algorithm.MLDSA65_ED25519, 100, Algorithm.MLDSA44_ED25519, 100),
                status(HybridEngines.registry()).weights());
    }

    @Test
    void engines_implementTheirAlgorithm() {
        String hybrid = HybridEngines.HYBRID;
        assertEquals(Algorithm.X_WING, assertInstanceOf(KemSpi.class, HybridEngines.kem(Algorithm.X_WING, hybrid)).algorithm());
        for (Algorithm alg : new Algorithm[] {Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519}) {
            assertEquals(alg, assertInstanceOf(SignatureSpi.class, HybridEngines.signature(alg, hybrid)).algorithm());
        }
        assertThrows(UnsupportedAlgorithmException.class, () -> HybridEngines.kem(Algorithm.ML_KEM_768, hybrid));
        assertThrows(UnsupportedAlgorithmException.class, () -> HybridEngines.signature(Algorithm.ED25519, hybrid));
    }

    @Test
    void missingComponent_failsClosedNamingIt() {
        // accp and conscrypt (provider-hwaccel) also offer ML-DSA, conscrypt and accp Ed25519 and DHKEM: excluded
        // with the pure-Java ones. jdk-pqc offers ML-KEM: excluded too.
        CryptoRegistry noPqc = CryptoRegistry.discover(RegistryConfig.newBuilder().exclude("bc-pqc").exclude("jdk-pqc")
                .exclude("accp").exclude("conscrypt").build());
        assertEquals(ProviderStatus.State.ACTIVE, status(noPqc).state(), "components are checked per engine");
        assertNamesComponent(assertThrows(UnsupportedAlgorithmException.class, () -> noPqc.kem(Algorithm.X_WING)), "ML-KEM-768");
        assertNamesComponent(assertThrows(UnsupportedAlgorithmException.class,
                () -> noPqc.signature(Algorithm.MLDSA65_ED25519)), "ML-DSA-65");
        CryptoRegistry noClassical = CryptoRegistry.discover(
                RegistryConfig.newBuilder().exclude("bc-classical").exclude("jdk-classical").exclude("conscrypt").exclude("accp").build());
        assertNamesComponent(assertThrows(UnsupportedAlgorithmException.class,
                () -> noClassical.kem(Algorithm.X_WING)), "DHKEM-X25519-HKDF-SHA256");
        assertNamesComponent(assertThrows(UnsupportedAlgorithmException.class,
                () -> noClassical.signature(Algorithm.MLDSA44_ED25519)), "Ed25519");
    }

    @Test
    void components_followTheRegistrySelection() {
        // With the JDK's X25519 and Ed25519 instead of Bouncy Castle's, the results are the same.
        CryptoRegistry jdk = CryptoRegistry.discover(RegistryConfig.newBuilder()
                .pin(Algorithm.DHKEM_X25519, "jdk-classical").pin(Algorithm.ED25519, "jdk-classical").build());
        JsonNode x = Vectors.json("xwing/test-vectors.json").get(0);
        KemSpi xwing = jdk.kem(Algorithm.X_WING, HybridEngines.HYBRID);
        assertArrayEquals(Vectors.hex(x, "pk"), xwing.deriveKeyPair(Vectors.hex(x, "seed")).publicKey().encoded());
        assertArrayEquals(Vectors.hex(x, "ct"), xwing.engineEncapsulateDerandomized(
                PublicKey.of(Algorithm.X_WING, Vectors.hex(x, "pk")), Vectors.hex(x, "eseed")).ciphertext());
        JsonNode c = HybridEngines.compositeVector(Algorithm.MLDSA65_ED25519);
        assertDoesNotThrow(() -> jdk.signature(Algorithm.MLDSA65_ED25519).verify(
                PublicKey.of(Algorithm.MLDSA65_ED25519, HybridEngines.base64(c, "pk")),
                HybridEngines.base64(HybridEngines.compositeVectors(), "m"), HybridEngines.base64(c, "s"), new byte[0]));
    }

    @Test
    void dhKemEngineWithoutRawX25519_unsupportedNamingKeyAgreementSpi() {
        CryptoProvider hybrid = unattachedHybrid();
        KemSpi realDhKem = HybridEngines.registry().kem(Algorithm.DHKEM_X25519, "bc-classical");
        // A DHKEM engine that is only a KemSpi, as a third-party provider might offer.
        KemSpi kemOnly = (KemSpi) Proxy.newProxyInstance(KemSpi.class.getClassLoader(), new Class<?>[] {KemSpi.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(realDhKem, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        hybrid.engineAttach(new RegistryLookup(HybridEngines.registry()) {
            @Override
            public KemSpi kem(Algorithm algorithm) {
                return algorithm.equals(Algorithm.DHKEM_X25519) ? kemOnly : super.kem(algorithm);
            }
        });
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> hybrid.engineKem(Algorithm.X_WING));
        assertTrue(e.getMessage().contains("KeyAgreementSpi") && e.getMessage().contains("DHKEM-X25519"), e.getMessage());
    }

    @Test
    void notAttachedToARegistry_unsupported() {
        CryptoProvider hybrid = unattachedHybrid();
        assertThrows(UnsupportedAlgorithmException.class, () -> hybrid.engineKem(Algorithm.X_WING));
        assertThrows(UnsupportedAlgorithmException.class, () -> hybrid.engineSignature(Algorithm.MLDSA65_ED25519));
    }

    private static void assertNamesComponent(UnsupportedAlgorithmException e, String component) {
        String all = e.getMessage() + " " + Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList();
        assertTrue(all.contains("needs an engine for " + component), all);
    }

    private static ProviderStatus status(CryptoRegistry registry) {
        return registry.providers().stream().filter(p -> p.name().equals(HybridEngines.HYBRID)).findFirst()
                .orElseThrow(() -> new AssertionError("hybrid not discovered: " + registry.providers()));
    }

    /** A fresh instance of the discovered hybrid provider, which no registry has attached. */
    private static CryptoProvider unattachedHybrid() {
        return ServiceLoader.load(CryptoProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(HybridEngines.HYBRID)).findFirst().orElseThrow();
    }

    /** An {@link EngineLookup} over a registry's selection, for tests that replace one component. */
    private static class RegistryLookup implements EngineLookup {
        private final CryptoRegistry registry;

        RegistryLookup(CryptoRegistry registry) {
            this.registry = registry;
        }

        @Override
        public KemSpi kem(Algorithm algorithm) {
            return (KemSpi) registry.kem(algorithm);
        }

        @Override
        public SignatureSpi signature(Algorithm algorithm) {
            return (SignatureSpi) registry.signature(algorithm);
        }

        @Override
        public AeadSpi aead(Algorithm algorithm) {
            return (AeadSpi) registry.aead(algorithm);
        }

        @Override
        public KdfSpi kdf(Algorithm algorithm) {
            return (KdfSpi) registry.kdf(algorithm);
        }

        @Override
        public XofSpi xof(Algorithm algorithm) {
            return (XofSpi) registry.xof(algorithm);
        }
    }
}
