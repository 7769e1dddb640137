package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.DhKemX25519;
import dev.qsafe.provider.toolkit.Ed25519Engine;
import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.PasswordKdfSpi;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.bouncycastle.crypto.engines.AESEngine;

/**
 * The {@code bc-classical} provider: DHKEM(X25519, HKDF-SHA256), Ed25519, AES-128/256-GCM,
 * ChaCha20-Poly1305, HKDF-SHA256, HKDF-SHA384 and Argon2id from Bouncy Castle's lightweight API (not its JCA
 * provider), pure Java. Argon2id is offered by this provider only: the JDK has none. Ed25519 verification
 * hands the rare signatures with a mixed-order A or R to SunEC, for the cofactorless equation every qsafe
 * engine checks ({@link BcEd25519}).
 */
public final class BcClassicalProvider extends ClassicalProvider {
    /**
     * Weights, higher wins. Source: JMH measurements on the project's reference machine: Bouncy Castle
     * signs Ed25519 about 15x faster than the JDK and agrees X25519 about 1.7x faster (200 against the
     * JDK's 100), while the JDK's intrinsified AES-GCM is about 25x faster (100 against the JDK's 200).
     * ChaCha20-Poly1305 is 100 against the JDK's 150: in the JMH run of 2026-11-22 (docs/BENCHMARKS.md)
     * the JDK's is 5 to 12 times faster at 1 KiB and 1 MiB. HKDF-SHA256 (100 against the JDK's 150) was
     * not benchmarked on its own, so it is an estimate; HKDF-SHA384 takes the same weight. docs/PROVIDERS.md ("Weights") lists every
     * provider's weights side by side. Argon2id has no competitor (the JDK has none): 100, the typical weight.
     */
    private static final Map<Algorithm, Integer> WEIGHTS = Map.of(
            Algorithm.DHKEM_X25519, 200,
            Algorithm.ED25519, 200,
            Algorithm.AES_128_GCM, 100,
            Algorithm.AES_256_GCM, 100,
            Algorithm.CHACHA20_POLY1305, 100,
            Algorithm.HKDF_SHA256, 100,
            Algorithm.HKDF_SHA384, 100,
            Algorithm.ARGON2ID, 100);

    /** What {@link #missingAlgorithms} found; probed on first use. */
    private volatile Map<Algorithm, String> missing;

    /** Cheap: does no work. */
    public BcClassicalProvider() {
        super("bc-classical", "Bouncy Castle 1.87 lightweight API, pure Java", WEIGHTS);
    }

    /** Reads the version from the Bouncy Castle JAR's manifest ({@code Bundle-Version}). */
    @Override
    String runsOn() {
        String version = "version unknown";
        CodeSource source = AESEngine.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try (JarFile jar = new JarFile(new File(source.getLocation().toURI()))) {
                Manifest manifest = jar.getManifest();
                String v = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
                if (v != null) {
                    version = v;
                }
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                // Not a JAR (an exploded directory, a jlink image): the version stays unknown.
            }
        }
        return "Bouncy Castle " + version + " (" + AESEngine.class.getModule() + ")";
    }

    /**
     * Ed25519 hands the verifications only the cofactorless equation can decide to SunEC (see
     * {@link BcEd25519}); without SunEC's Ed25519 it is not offered, rather than deciding those
     * differently from the other engines. Probed once.
     */
    @Override
    Map<Algorithm, String> missingAlgorithms() {
        Map<Algorithm, String> m = missing;
        if (m == null) {
            List<String> absent = JdkEd25519.VERIFY_SERVICES.stream().filter(s -> !s.present()).map(JcaService::toString).toList();
            m = absent.isEmpty() ? Map.of() : Map.of(Algorithm.ED25519, "this JDK lacks " + String.join(", ", absent)
                    + ", which Ed25519 verification hands mixed-order points to");
            missing = m;
        }
        return m;
    }

    @Override
    public PasswordKdfSpi enginePasswordKdf(Algorithm algorithm) {
        require(algorithm, Algorithm.ARGON2ID.equals(algorithm));
        return new BcArgon2id();
    }

    @Override
    DhKemX25519.X25519Function x25519() {
        return new BcX25519();
    }

    @Override
    Ed25519Engine.Backend ed25519() {
        return new BcEd25519();
    }

    @Override
    AeadEngine.Backend aesGcm() {
        return BcAead.AES_GCM;
    }

    @Override
    AeadEngine.Backend chaCha20Poly1305() {
        return BcAead.CHACHA20_POLY1305;
    }

    @Override
    HkdfEngine.Backend hkdf(Algorithm algorithm) {
        return Algorithm.HKDF_SHA384.equals(algorithm) ? BcHkdf.SHA384 : BcHkdf.SHA256;
    }
}
