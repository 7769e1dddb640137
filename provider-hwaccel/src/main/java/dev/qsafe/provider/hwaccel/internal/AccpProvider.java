package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.HkdfEngine;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.Provider;
import java.util.Map;
import java.util.Set;

/**
 * The {@code accp} provider: Amazon Corretto Crypto Provider 2.5.0 (AWS-LC through JNI), used through
 * its {@link AmazonCorrettoCryptoProvider#INSTANCE} object, never installed as a global JCA provider.
 * Offers AES-128/256-GCM (any nonce length), ML-DSA-44/65/87 (see {@link AccpMlDsa}) and HKDF-SHA256.
 *
 * <p>Not offered, because ACCP 2.5.0 does not have them: ChaCha20-Poly1305, X25519 (so no DHKEM) and
 * ML-KEM. Nor Ed25519: ACCP 2.5.0's Ed25519 buffers the message and refuses more than 1 MiB
 * ("Invalid capacity. Limit: 1048576"), so it could not sign a large envelope. Its native library
 * exists for linux-x86_64 only (the {@code linux-x86_64} classifier).
 */
public final class AccpProvider extends HwaccelProvider {
    /**
     * Weights, higher wins; this table is the only place to change them. AES-GCM and HKDF rank above
     * Conscrypt's and the pure-Java engines: in the JMH run of 2026-11-22 ACCP's AES-GCM is the fastest
     * at 16 KiB and 1 MiB; HKDF-SHA256 was not benchmarked on its own, so its 170 is an estimate (native
     * HMAC). docs/PROVIDERS.md ("Weights") gives the figures and every provider's weights side by side.
     * ML-DSA ranks below bc-pqc (100) on purpose: ACCP signs ML-DSA hedged only
     * (no deterministic variant, no caller-chosen rnd), which the composite signature's and the vectors'
     * derandomized paths need; raise it only if the benchmarks show it wins and that trade is accepted.
     */
    static final Map<Algorithm, Integer> WEIGHTS = Map.of(
            Algorithm.AES_128_GCM, 300,
            Algorithm.AES_256_GCM, 300,
            Algorithm.HKDF_SHA256, 170,
            Algorithm.ML_DSA_44, 90,
            Algorithm.ML_DSA_65, 90,
            Algorithm.ML_DSA_87, 90);

    /** The only platform whose native library the linux-x86_64 jar carries. */
    private static final Set<String> PLATFORMS = Set.of("linux-x86_64");

    /** Cheap: does no work; the library is loaded when availability is first asked. */
    public AccpProvider() {
        super("accp", "Amazon Corretto Crypto Provider 2.5.0 (AWS-LC, JNI), native", WEIGHTS);
    }

    @Override
    NativeLoad load() {
        // A class literal does not initialise the class, so this reads the module without loading anything.
        return NativeLoad.attempt("ACCP", PLATFORMS, AmazonCorrettoCryptoProvider.class.getModule(), () -> {
            AmazonCorrettoCryptoProvider p = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = p.getLoadingError();
            if (error != null) {
                throw error;
            }
            p.assertHealthy();
            return new NativeLoad(p, "ACCP " + p.getVersionStr() + " (" + p.getAwsLcVersionStr() + ")"
                    + (p.isFips() ? " FIPS" : "") + " native library loaded on " + NativeLoad.platform() + from());
        });
    }

    /**
     * ACCP's documented switch to load its JNI library from {@code java.library.path} instead of extracting
     * the copy in its jar to a temporary directory (the {@code ./qsafe} launcher sets it, with the library
     * the build extracted).
     */
    static final String EXTERNAL_LIB = "com.amazon.corretto.crypto.provider.useExternalLib";

    /** Where the library came from, when not from ACCP's own jar (the availability note says it). */
    private static String from() {
        return Boolean.parseBoolean(System.getProperty(EXTERNAL_LIB, "false"))
                ? " (from java.library.path " + System.getProperty("java.library.path", "") + ", -D" + EXTERNAL_LIB + "=true)"
                : "";
    }

    @Override
    SignatureSpi createSignature(Algorithm algorithm, Provider provider) {
        return new AccpMlDsa(algorithm, provider);
    }

    @Override
    AeadSpi createAead(Algorithm algorithm, Provider provider) {
        return AeadEngine.of(algorithm, JcaAead.aesGcm(provider), true);
    }

    @Override
    KdfSpi createKdf(Algorithm algorithm, Provider provider) {
        return new HkdfEngine(new AccpHkdf(provider));
    }
}
