package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.List;

/**
 * The registry the key tests share, the algorithms that have keys, and engine access that skips (with
 * the reason) an algorithm no discovered provider implements yet, such as X-Wing and the composite
 * signatures before {@code provider-hybrid} has engines.
 */
final class KeyAlgorithms {
    /** Providers discovered on the module path, with the default configuration. */
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private KeyAlgorithms() {
    }

    /** Every well-known KEM and signature algorithm that has an OID. */
    static List<Algorithm> withOid() {
        return Algorithm.wellKnown().stream()
                .filter(a -> a.kind() == AlgorithmKind.KEM || a.kind() == AlgorithmKind.SIGNATURE)
                .filter(a -> !a.oid().isEmpty())
                .toList();
    }

    /** Skips the calling test unless some discovered provider implements {@code algorithm}. */
    static void assumeEngine(Algorithm algorithm) {
        assumeTrue(!REGISTRY.providersOf(algorithm).isEmpty(),
                () -> "no discovered provider implements " + algorithm + " yet (providers: "
                        + REGISTRY.providers().stream().map(p -> p.name()).toList() + ")");
    }

    /** A fresh key pair from the selected engine. */
    static KeyPair generate(Algorithm algorithm) {
        assumeEngine(algorithm);
        return algorithm.kind() == AlgorithmKind.KEM
                ? REGISTRY.kem(algorithm).generateKeyPair()
                : REGISTRY.signature(algorithm).generateKeyPair();
    }

    /** The public key the selected engine derives from {@code privateKey}. */
    static PublicKey derivePublic(PrivateKey privateKey) {
        Algorithm a = privateKey.algorithm();
        return a.kind() == AlgorithmKind.KEM
                ? REGISTRY.kem(a).derivePublicKey(privateKey)
                : REGISTRY.signature(a).derivePublicKey(privateKey);
    }
}
