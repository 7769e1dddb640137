package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.SeedRandom;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * Key handling shared by the engines: algorithm checks, reading raw bytes, turning Bouncy Castle's
 * unchecked exceptions for malformed keys into {@link InvalidKeyException}, the JDK's key pair of a seed
 * (for the JDK engines), and wiping.
 */
final class Keys {
    private Keys() {
    }

    /**
     * Parses the raw bytes of {@code key} with {@code parser}, after checking that the key belongs to
     * {@code algorithm} and is not destroyed. The copy of the raw bytes is wiped afterwards, so the
     * parser must copy what it keeps (Bouncy Castle's key parameter classes do).
     *
     * @throws InvalidKeyException if the key is of another algorithm, destroyed, or rejected by the parser
     */
    static <T> T parsePrivate(Algorithm algorithm, PrivateKey key, Function<byte[], T> parser) {
        Objects.requireNonNull(key, "privateKey");
        Checks.requireAlgorithm(algorithm, key.algorithm(), "private");
        byte[] raw = key.rawBytes(SecretAccess.INSECURE);
        try {
            return parse(algorithm, "private", raw, parser);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The parsed (for a seed: expanded) form of {@code key}, kept on the key as its engine state under
     * {@code owner} so it is parsed once, not per operation; {@link PrivateKey#destroy()} wipes it.
     * The algorithm is checked first, so nothing is kept for a key of another algorithm. Callers must
     * not destroy what this returns.
     *
     * @throws InvalidKeyException if the key is of another algorithm, destroyed, or rejected by the parser
     */
    static <T extends Destroyable> T keptPrivate(Algorithm algorithm, PrivateKey key, Object owner, Class<T> type,
                                                 Function<byte[], T> parser) {
        Objects.requireNonNull(key, "privateKey");
        Checks.requireAlgorithm(algorithm, key.algorithm(), "private");
        return key.engineState(SecretAccess.INSECURE, owner, type, k -> parsePrivate(algorithm, k, parser));
    }

    /**
     * The parsed form of {@code key}, kept on the key under {@code owner} (see {@link #keptPrivate}).
     *
     * @throws InvalidKeyException if the key is of another algorithm or rejected by the parser
     */
    static <T> T keptPublic(Algorithm algorithm, PublicKey key, Object owner, Class<T> type, Function<byte[], T> parser) {
        Objects.requireNonNull(key, "publicKey");
        Checks.requireAlgorithm(algorithm, key.algorithm(), "public");
        return key.engineState(owner, type, k -> parsePublic(algorithm, k, parser));
    }

    /**
     * Parses the encoding of {@code key} with {@code parser}, after checking that the key belongs to
     * {@code algorithm}.
     *
     * @throws InvalidKeyException if the key is of another algorithm or rejected by the parser
     */
    static <T> T parsePublic(Algorithm algorithm, PublicKey key, Function<byte[], T> parser) {
        Objects.requireNonNull(key, "publicKey");
        Checks.requireAlgorithm(algorithm, key.algorithm(), "public");
        return parse(algorithm, "public", key.encoded(), parser);
    }

    /**
     * The JDK's key pair of a seed: its key generator {@code service} of {@code jdk}, fed exactly the seed
     * through {@code fed}; the private key is destroyed if the generator did not draw all of it.
     *
     * @param drawn what the generator must draw, for the message ("xi", "d and z")
     * @throws IllegalStateException if the generator fails or does not draw the seed (a platform defect)
     */
    static java.security.KeyPair jdkKeyPair(Algorithm algorithm, String service, Provider jdk, NamedParameterSpec parameters,
                                            SeedRandom fed, String drawn) {
        java.security.KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(service, jdk);
            generator.initialize(parameters, fed);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the JDK's " + algorithm.name() + " key generator failed on a seed", e);
        }
        if (!fed.consumed()) {
            destroy(pair.getPrivate());
            throw new IllegalStateException("the JDK's " + algorithm.name() + " key generator did not draw " + drawn);
        }
        return pair;
    }

    /** The raw public key of a JDK key pair: the last bytes of its X.509 encoding. */
    static byte[] rawPublicKey(Algorithm algorithm, java.security.KeyPair pair) {
        byte[] x509 = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - algorithm.publicKeySize(), x509.length);
    }

    /** Wipes key material (Bouncy Castle's, the JDK's); best effort, as {@link Destroyable} allows. */
    static void destroy(Destroyable secret) {
        try {
            secret.destroy();
        } catch (DestroyFailedException e) {
            // Nothing more can be done: the object keeps its bytes until it is garbage collected.
        }
    }

    /** Engine state that holds a JDK private key object: destroyed (best effort) with the qsafe key. */
    interface JdkKeyHolder extends Destroyable {
        /** The JDK key object. */
        java.security.PrivateKey key();

        @Override
        default void destroy() {
            Keys.destroy(key());
        }

        @Override
        default boolean isDestroyed() {
            return key().isDestroyed();
        }
    }

    private static <T> T parse(Algorithm algorithm, String kind, byte[] raw, Function<byte[], T> parser) {
        try {
            return parser.apply(raw);
        } catch (QSafeException e) {
            throw e;
        } catch (RuntimeException e) {
            // Bouncy Castle reports malformed keys with IllegalArgumentException (lengths, FIPS 203
            // modulus and hash checks); its message names the check and never contains key bytes.
            String check = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw Checks.malformedKey(algorithm, kind, check, e);
        }
    }
}
