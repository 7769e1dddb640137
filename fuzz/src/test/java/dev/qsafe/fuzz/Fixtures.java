package dev.qsafe.fuzz;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every fuzz target shares: one registry of the providers on the class path, one facade with the
 * default configuration, and for each mode a fixed identity whose keys are derived from constant
 * seeds, so that the committed seed envelopes and signatures stay valid from run to run.
 */
final class Fixtures {
    /** The registry of the providers on the class path. */
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());
    /** The facade, with the default configuration. */
    static final QSafe QSAFE = QSafe.newBuilder().registry(REGISTRY).config(QSafeConfig.defaults()).build();
    /** The message the detached-signature seeds sign. */
    static final byte[] MESSAGE = "qsafe fuzzing: the signed message".getBytes(StandardCharsets.US_ASCII);
    /** The passphrase of the protected identity-file seeds. */
    static final char[] PASSPHRASE = "fuzz".toCharArray();
    /**
     * The Argon2id cost of the protected identity-file seeds: the smallest one allowed, so that a
     * fuzzed file that keeps it costs microseconds to open.
     */
    static final PasswordKdfParameters CHEAP_COST = new PasswordKdfParameters(8, 1, 1);

    /**
     * The KEM and signature algorithms that have both a key encoding and an engine here, in
     * declaration order; the raw-key targets pick one by index.
     */
    static final List<Algorithm> KEY_ALGORITHMS = Algorithm.wellKnown().stream()
            .filter(a -> a.kind() == AlgorithmKind.KEM || a.kind() == AlgorithmKind.SIGNATURE)
            .filter(KeyEncodings::supports)
            .filter(a -> !REGISTRY.providersOf(a).isEmpty())
            .toList();

    private static final Map<CryptoMode, Identity> IDENTITIES = new EnumMap<>(CryptoMode.class);

    static {
        for (CryptoMode mode : CryptoMode.values()) {
            Suite suite = QSAFE.config().suite(mode);
            IDENTITIES.put(mode, new Identity("fuzz-" + mode.name().toLowerCase(Locale.ROOT), suite,
                    REGISTRY.kem(suite.kem()).deriveKeyPair(seed(suite.kem())),
                    REGISTRY.signature(suite.signature()).deriveKeyPair(seed(suite.signature()))));
        }
    }

    private Fixtures() {
    }

    /** The fixed identity of {@code mode}; envelopes are sealed to it and signed by it. */
    static Identity identity(CryptoMode mode) {
        return IDENTITIES.get(mode);
    }

    /** A constant key-derivation seed for {@code algorithm}: SHA-256 blocks of its name, cut to its private key size. */
    static byte[] seed(Algorithm algorithm) {
        return deterministicBytes(algorithm.name(), algorithm.privateKeySize());
    }

    /** {@code length} bytes that depend only on {@code label}. */
    static byte[] deterministicBytes(String label, int length) {
        byte[] out = new byte[length];
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (int block = 0, at = 0; at < length; block++) {
                sha256.update(label.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) block);
                byte[] d = sha256.digest();
                int n = Math.min(d.length, length - at);
                System.arraycopy(d, 0, out, at, n);
                at += n;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        return out;
    }
}
