package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.DhKemX25519;
import dev.qsafe.provider.toolkit.Ed25519Engine;
import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.conscrypt.Conscrypt;

/**
 * The {@code conscrypt} provider: Conscrypt 2.9.0 (BoringSSL through JNI) used through its own
 * {@link Provider} object from {@link Conscrypt#newProvider()}, never installed as a global JCA
 * provider. Offers AES-128/256-GCM (12-byte nonces only, as BoringSSL's AES-GCM AEAD), ChaCha20-Poly1305,
 * DHKEM(X25519, HKDF-SHA256) on BoringSSL's X25519 and HMAC, Ed25519 (public-key derivation of a seed
 * by SunEC), HKDF-SHA256, ML-DSA-44/65/87 ({@link ConscryptMlDsa}) and the composite signatures
 * MLDSA65-Ed25519-SHA512 and MLDSA44-Ed25519-SHA512 ({@link ConscryptCompositeMlDsa}), both on qsafe's
 * seed keys imported once into Conscrypt's key factories.
 *
 * <p>ML-DSA and the composites: Conscrypt 2.9.0 signs hedged with an empty context only. A context
 * string, external-mu verification and the expanded-key export are handed to ACCP's engine in this
 * module where ACCP is loaded; deterministic or caller-{@code rnd} signing, external-mu signing and
 * expanded private keys are refused with {@link dev.qsafe.api.UnsupportedAlgorithmException} (this
 * module does not depend on Bouncy Castle; bc-pqc, jdk-pqc and hybrid serve those). Each of these
 * algorithms passes a known-answer test at load ({@link ConscryptSelfTest}) or is left out.
 *
 * <p>X25519 ({@link ConscryptX25519}): fresh key pairs come from Conscrypt's generator (a fixed-base
 * multiplication) and a scalar's imported key object is kept on the qsafe key, so DHKEM and X-Wing
 * (which {@code hybrid} builds over the selected DHKEM-X25519 engine) pay for the agreement only.
 *
 * <p>Not offered: ML-KEM. Conscrypt 2.9.0's {@code ML-KEM} key factory does import qsafe's 64-byte
 * seed (PKCS#8 seed-only or raw), but the {@code KEM} services it registers name a class missing from
 * the uber jar ({@code org.conscrypt.OpenSslMlKem}), its native ML-KEM calls are package-private, and
 * its HPKE API does not hand out the KEM shared secret; so X-Wing's ML-KEM-768 half stays on
 * {@code jdk-pqc} (docs/PROVIDERS.md, "X-Wing on the native engines").
 */
public final class ConscryptProvider extends HwaccelProvider {
    /**
     * Weights, higher wins: native engines ahead of the pure-Java ones (jdk-classical 200 for AES-GCM,
     * 150 for ChaCha20-Poly1305 and HKDF, bc-classical 200 for X25519 and Ed25519) and behind ACCP where
     * both have an algorithm. Checked against the JMH run of 2026-11-22: Conscrypt has the fastest
     * ChaCha20-Poly1305 at 1 MiB, DHKEM-X25519 encapsulation and decapsulation, and Ed25519 signing and
     * verifying. HKDF-SHA256 was not benchmarked on its own, so its 160 is an estimate (native HMAC).
     * The composites (150, over hybrid's 100): Conscrypt signs and verifies them about twice as fast (a
     * short JMH run of SignatureSpiBench, docs/PROVIDERS.md "Weights"). ML-DSA (120, over jdk-pqc's 110):
     * 2-5x faster than jdk-pqc for both operations. The calls it cannot serve (a deterministic or
     * caller-randomized signature, an expanded private key, a context where ACCP is not loaded) it refuses
     * with UnsupportedCallException, and the registry hands those to the next engine by weight
     * (docs/PROVIDERS.md, "Calls an engine cannot serve").
     * docs/PROVIDERS.md ("Weights") gives every provider's weights side by side; this table is the only
     * place to change Conscrypt's.
     */
    static final Map<Algorithm, Integer> WEIGHTS = Map.ofEntries(
            Map.entry(Algorithm.DHKEM_X25519, 250),
            Map.entry(Algorithm.ED25519, 250),
            Map.entry(Algorithm.AES_128_GCM, 250),
            Map.entry(Algorithm.AES_256_GCM, 250),
            Map.entry(Algorithm.CHACHA20_POLY1305, 250),
            Map.entry(Algorithm.HKDF_SHA256, 160),
            Map.entry(Algorithm.ML_DSA_44, 120),
            Map.entry(Algorithm.ML_DSA_65, 120),
            Map.entry(Algorithm.ML_DSA_87, 120),
            Map.entry(Algorithm.MLDSA65_ED25519, 150),
            Map.entry(Algorithm.MLDSA44_ED25519, 150));

    /** Platforms the uber jar has native code for. */
    private static final Set<String> PLATFORMS = Set.of("linux-x86_64", "linux-aarch_64", "osx-x86_64", "osx-aarch_64", "windows-x86_64");

    /** Cheap: does no work; the library is loaded when availability is first asked. */
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
                    + NativeLoad.platform() + from());
        });
    }

    /**
     * Where the library came from, when not from Conscrypt's own jar (the availability note says it).
     * Conscrypt's loader copies {@code META-INF/native/lib<name>.so} out of its jar when the jar has it and
     * otherwise falls back to {@code System.loadLibrary}; the {@code ./qsafe} launcher's copy of the jar has
     * no {@code META-INF/native} and the library the build extracted is on {@code java.library.path}
     * (docs/PROVIDERS.md, "Where the native libraries are loaded from"). Called after a successful load.
     */
    private static String from() {
        String resource = "META-INF/native/" + System.mapLibraryName("conscrypt_openjdk_jni-" + NativeLoad.platform());
        ClassLoader loader = Conscrypt.class.getClassLoader();
        boolean inJar = loader == null ? ClassLoader.getSystemResource(resource) != null : loader.getResource(resource) != null;
        return inJar ? "" : " (from java.library.path " + System.getProperty("java.library.path", "") + ")";
    }

    @Override
    KemSpi createKem(Algorithm algorithm, Provider provider) {
        return new DhKemX25519(new ConscryptX25519(provider), new HkdfEngine(new ConscryptHkdf(provider)));
    }

    @Override
    SignatureSpi createSignature(Algorithm algorithm, Provider provider) {
        if (Algorithm.ED25519.equals(algorithm)) {
            return ed25519(provider);
        }
        if (Algorithm.MLDSA65_ED25519.equals(algorithm) || Algorithm.MLDSA44_ED25519.equals(algorithm)) {
            return new ConscryptCompositeMlDsa(algorithm, provider, Random.INSTANCE,
                    mlDsa(Algorithm.MLDSA65_ED25519.equals(algorithm) ? Algorithm.ML_DSA_65 : Algorithm.ML_DSA_44, provider),
                    ed25519(provider));
        }
        return mlDsa(algorithm, provider);
    }

    @Override
    void knownAnswerTest(Algorithm algorithm, Provider provider) {
        if (Algorithm.DHKEM_X25519.equals(algorithm)) {
            ConscryptSelfTest.x25519(new ConscryptX25519(provider));
        } else if (Algorithm.MLDSA65_ED25519.equals(algorithm) || Algorithm.MLDSA44_ED25519.equals(algorithm)) {
            Algorithm component = Algorithm.MLDSA65_ED25519.equals(algorithm) ? Algorithm.ML_DSA_65 : Algorithm.ML_DSA_44;
            ConscryptMlDsa mlDsa = mlDsa(component, provider);
            SignatureSpi ed25519 = ed25519(provider);
            if (accp(component) == null) {
                // The composite outranks hybrid's, so it must take every context: without ACCP it could not.
                throw new IllegalStateException(algorithm.name() + " with a context string needs ACCP, which is not usable here: "
                        + Accp.why(component));
            }
            ConscryptSelfTest.composite(new ConscryptCompositeMlDsa(algorithm, provider, Random.INSTANCE, mlDsa, ed25519),
                    component, mlDsa, ed25519, true);
        } else if (algorithm.name().startsWith("ML-DSA-")) {
            ConscryptSelfTest.mlDsa(algorithm, createSignature(algorithm, provider));
        }
    }

    private static SignatureSpi ed25519(Provider provider) {
        return new Ed25519Engine(new JcaEd25519(provider, "EdDSA", "EdDSA"));
    }

    private static ConscryptMlDsa mlDsa(Algorithm algorithm, Provider provider) {
        SignatureSpi accp = accp(algorithm);
        return new ConscryptMlDsa(algorithm, provider, Random.INSTANCE, accp, accp != null ? "" : Accp.why(algorithm));
    }

    /** ACCP's ML-DSA engine of the parameter set, or {@code null} where ACCP is not usable. */
    private static SignatureSpi accp(Algorithm algorithm) {
        try {
            return Accp.INSTANCE.engineSignature(algorithm);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The ACCP provider this one hands ML-DSA calls to (context strings, external-mu verification,
     * expanded-key export), created with the first ML-DSA engine; it loads and self-tests ACCP by its
     * own rules ({@code -Dqsafe.hwaccel.native=false}, platform, native access), independently of the
     * registry's own ACCP provider, so excluding {@code accp} from the registry does not stop this.
     */
    private static final class Accp {
        static final AccpProvider INSTANCE = new AccpProvider();

        static String why(Algorithm algorithm) {
            try {
                Accp.INSTANCE.engineSignature(algorithm);
                return "ACCP is usable";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        }
    }

    /** Holder: key generation and composite seeds draw from one {@link SecureRandom}, made with the first engine. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
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
