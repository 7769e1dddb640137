package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.engines.AeadEngine;
import dev.qsafe.engines.DhKemX25519;
import dev.qsafe.engines.Ed25519Engine;
import dev.qsafe.engines.HkdfEngine;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.Provider;
import java.util.Map;
import java.util.Set;
import org.conscrypt.Conscrypt;

/**
 * The {@code conscrypt} provider: Conscrypt 2.9.0 (BoringSSL through JNI) used through its own
 * {@link Provider} object from {@link Conscrypt#newProvider()}, never installed as a global JCA
 * provider. Offers AES-128/256-GCM (12-byte nonces only, as BoringSSL's AES-GCM AEAD), ChaCha20-Poly1305,
 * DHKEM(X25519, HKDF-SHA256) on BoringSSL's X25519 and HMAC, Ed25519 (public-key derivation of a seed
 * by SunEC) and HKDF-SHA256.
 *
 * <p>Not offered: ML-KEM (Conscrypt 2.9.0 registers KEM services whose class is missing from the
 * uber jar, and its HPKE API does not hand out the KEM shared secret) and ML-DSA (its signature
 * service takes no context string and has no deterministic or external-mu interface, so it cannot
 * meet qsafe's ML-DSA contract).
 */
public final class ConscryptProvider extends HwaccelProvider {
    /**
     * Weights, higher wins: native engines ahead of the pure-Java ones (jdk-classical 200 for AES-GCM,
     * 150 for ChaCha20-Poly1305 and HKDF, bc-classical 200 for X25519 and Ed25519) and behind ACCP where
     * both have an algorithm. Checked against the JMH run of 2026-11-22: Conscrypt has the fastest
     * ChaCha20-Poly1305 at 1 MiB, DHKEM-X25519 encapsulation and decapsulation, and Ed25519 signing and
     * verifying. HKDF-SHA256 was not benchmarked on its own,
     * so its 160 is an estimate (native HMAC). docs/PROVIDERS.md ("Weights") gives the figures and
     * every provider's weights side by side; this table is the only place to change Conscrypt's.
     */
    static final Map<Algorithm, Integer> WEIGHTS = Map.of(
            Algorithm.DHKEM_X25519, 250,
            Algorithm.ED25519, 250,
            Algorithm.AES_128_GCM, 250,
            Algorithm.AES_256_GCM, 250,
            Algorithm.CHACHA20_POLY1305, 250,
            Algorithm.HKDF_SHA256, 160);

    /** Platforms the uber jar has native code for. */
    private static final Set<String> PLATFORMS = Set.of("linux-x86_64", "linux-aarch_64", "osx-x86_64", "osx-aarch_64", "windows-x86_64");

    /** Cheap: does no work; the library is loaded when availability or algorithms are first asked. */
    public ConscryptProvider() {
        super("conscrypt", "Conscrypt 2.9.0 (BoringSSL, JNI), native", WEIGHTS);
    }

    @Override
    NativeLoad load() {
        // A class literal does not initialise the class, so this reads the module without loading anything.
        return NativeLoad.attempt("Conscrypt", PLATFORMS, org.conscrypt.Hkdf.class.getModule(), () -> {
            Conscrypt.checkAvailability();
            Provider p = Conscrypt.newProvider();
            Conscrypt.Version v = Conscrypt.version();
            return new NativeLoad(p, "Conscrypt " + v.major() + "." + v.minor() + "." + v.patch()
                    + (Conscrypt.isBoringSslFIPSBuild() ? " (BoringSSL, FIPS build)" : " (BoringSSL)") + " native library loaded on "
                    + NativeLoad.platform());
        });
    }

    @Override
    KemSpi createKem(Algorithm algorithm, Provider provider) {
        return new DhKemX25519(new ConscryptX25519(provider), new HkdfEngine(new ConscryptHkdf(provider)));
    }

    @Override
    SignatureSpi createSignature(Algorithm algorithm, Provider provider) {
        return new Ed25519Engine(new JcaEd25519(provider, "EdDSA", "EdDSA"));
    }

    @Override
    AeadSpi createAead(Algorithm algorithm, Provider provider) {
        return AeadEngine.of(algorithm, Algorithm.CHACHA20_POLY1305.equals(algorithm)
                ? JcaAead.chaCha20Poly1305(provider, "ChaCha20/Poly1305/NoPadding") : JcaAead.aesGcm(provider), false);
    }

    @Override
    KdfSpi createKdf(Algorithm algorithm, Provider provider) {
        return new HkdfEngine(new ConscryptHkdf(provider));
    }
}
