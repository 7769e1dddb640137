package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.DhKemX25519;
import dev.qsafe.provider.toolkit.Ed25519Engine;
import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.api.Algorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code jdk-classical} provider: DHKEM(X25519, HKDF-SHA256), Ed25519, AES-128/256-GCM,
 * ChaCha20-Poly1305, HKDF-SHA256 and HKDF-SHA384 from the JDK's own providers (SunEC, SunJCE), pure Java with the
 * JVM's AES-GCM and ChaCha20 intrinsics. An algorithm whose JDK service is missing on this platform is
 * left out and named in the availability note.
 */
public final class JdkClassicalProvider extends ClassicalProvider {
    /**
     * Weights, higher wins. Source: JMH measurements on the project's reference machine: the JDK's
     * intrinsified AES-GCM is about 25x faster than Bouncy Castle's (200 against BC's 100), while Bouncy
     * Castle signs Ed25519 about 15x faster and agrees X25519 about 1.7x faster (100 against BC's 200).
     * ChaCha20-Poly1305 is 150 against BC's 100: in the JMH run of 2026-11-22 (docs/BENCHMARKS.md) the
     * JDK's (with its AVX2/AVX-512 ChaCha20 intrinsics) is 5 to 12 times faster than Bouncy Castle's at
     * 1 KiB and 1 MiB, and below the native engines. HKDF-SHA256 (150 against BC's 100) was not
     * benchmarked on its own, so it is an estimate; HKDF-SHA384 takes the same weight. docs/PROVIDERS.md ("Weights") lists every
     * provider's weights side by side.
     */
    private static final Map<Algorithm, Integer> WEIGHTS = Map.of(
            Algorithm.DHKEM_X25519, 100,
            Algorithm.ED25519, 100,
            Algorithm.AES_128_GCM, 200,
            Algorithm.AES_256_GCM, 200,
            Algorithm.CHACHA20_POLY1305, 150,
            Algorithm.HKDF_SHA256, 150,
            Algorithm.HKDF_SHA384, 150);

    private volatile Map<Algorithm, String> missing;

    /** Cheap: does no work; the JDK's services are probed when first asked. */
    public JdkClassicalProvider() {
        super("jdk-classical", "JDK providers (SunEC, SunJCE), pure Java", WEIGHTS);
    }

    @Override
    String runsOn() {
        return "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")";
    }

    /** Probes, once, the JDK services each algorithm needs. */
    @Override
    Map<Algorithm, String> missingAlgorithms() {
        Map<Algorithm, String> m = missing;
        if (m == null) {
            m = probe();
            missing = m;
        }
        return m;
    }

    private static Map<Algorithm, String> probe() {
        Map<Algorithm, List<JcaService>> needs = new LinkedHashMap<>();
        List<JcaService> dhkem = new ArrayList<>(JdkX25519.SERVICES);
        dhkem.addAll(JdkHkdf.SERVICES);
        needs.put(Algorithm.DHKEM_X25519, dhkem);
        needs.put(Algorithm.ED25519, JdkEd25519.SERVICES);
        needs.put(Algorithm.AES_128_GCM, List.of(JdkAead.AES_GCM.service()));
        needs.put(Algorithm.AES_256_GCM, List.of(JdkAead.AES_GCM.service()));
        needs.put(Algorithm.CHACHA20_POLY1305, List.of(JdkAead.CHACHA20_POLY1305.service()));
        needs.put(Algorithm.HKDF_SHA256, JdkHkdf.SERVICES);
        needs.put(Algorithm.HKDF_SHA384, JdkHkdf.SERVICES_384);
        Map<Algorithm, String> out = new LinkedHashMap<>();
        needs.forEach((alg, services) -> {
            List<String> absent = services.stream().filter(s -> !s.present()).map(JcaService::toString).toList();
            if (!absent.isEmpty()) {
                out.put(alg, "this JDK lacks " + String.join(", ", absent));
            }
        });
        return Map.copyOf(out);
    }

    @Override
    DhKemX25519.X25519Function x25519() {
        return new JdkX25519();
    }

    @Override
    Ed25519Engine.Backend ed25519() {
        return new JdkEd25519();
    }

    @Override
    AeadEngine.Backend aesGcm() {
        return JdkAead.AES_GCM;
    }

    @Override
    AeadEngine.Backend chaCha20Poly1305() {
        return JdkAead.CHACHA20_POLY1305;
    }

    @Override
    HkdfEngine.Backend hkdf(Algorithm algorithm) {
        return Algorithm.HKDF_SHA384.equals(algorithm) ? JdkHkdf.SHA384 : JdkHkdf.SHA256;
    }
}
