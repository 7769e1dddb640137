package dev.qsafe.api.spi;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import java.util.Set;

/**
 * The type a provider module offers with {@code provides dev.qsafe.api.spi.CryptoProvider with ...}.
 *
 * <p>It is a cheap factory: a public no-arg constructor that does no work; {@link #availability()}
 * may probe (load a library, check the CPU) the first time it is called. The registry asks each
 * provider for its {@link #algorithms()} and {@link #weight(Algorithm) weights}, picks the
 * highest-weight available provider per algorithm, and calls the {@code engine...} methods to create
 * engines. Engines must be thread-safe; the registry may cache them.
 *
 * <p>Weights: 100 is a typical pure-Java engine; a faster engine of the same algorithm gets more. A
 * provider documents where its weights come from (benchmarks in {@code docs/}).
 *
 * @since 0.1.0
 */
public interface CryptoProvider {
    /**
     * The version of this SPI (docs/PROVIDERS.md, "Compatibility"): within one version, methods are only
     * added, with a default, so a provider compiled against an older api of the same version keeps
     * working; a change that would break a compiled provider raises it.
     *
     * @since 0.1.0
     */
    int SPI_VERSION = 1;

    /** A short, unique, stable name such as {@code bc-classical}; used to pin or exclude the provider. */
    String name();

    /** One line on what the provider is built on, e.g. "Bouncy Castle 1.87, pure Java". */
    String description();

    /** Whether the provider works here, and why not when it does not. */
    Availability availability();

    /** The algorithms the provider implements. */
    Set<Algorithm> algorithms();

    /** The provider's weight for an algorithm it implements; higher wins. */
    int weight(Algorithm algorithm);

    /** Whether the provider's engines run on native, hardware-accelerated code. */
    default boolean hardwareBacked() {
        return false;
    }

    /**
     * Called once by the registry before any engine is created, for providers that compose algorithms
     * obtained from other providers. The default ignores it.
     */
    default void engineAttach(EngineLookup lookup) {
    }

    /** Creates a KEM engine. @throws UnsupportedAlgorithmException if not a KEM of this provider */
    default KemSpi engineKem(Algorithm algorithm) {
        throw unsupported(algorithm);
    }

    /** Creates a signature engine. @throws UnsupportedAlgorithmException if not a signature of this provider */
    default SignatureSpi engineSignature(Algorithm algorithm) {
        throw unsupported(algorithm);
    }

    /** Creates an AEAD engine. @throws UnsupportedAlgorithmException if not an AEAD of this provider */
    default AeadSpi engineAead(Algorithm algorithm) {
        throw unsupported(algorithm);
    }

    /** Creates a KDF engine. @throws UnsupportedAlgorithmException if not a KDF of this provider */
    default KdfSpi engineKdf(Algorithm algorithm) {
        throw unsupported(algorithm);
    }

    /** Creates an XOF engine. @throws UnsupportedAlgorithmException if not an XOF of this provider */
    default XofSpi engineXof(Algorithm algorithm) {
        throw unsupported(algorithm);
    }

    /** Creates a password KDF engine. @throws UnsupportedAlgorithmException if not a password KDF of this provider */
    default PasswordKdfSpi enginePasswordKdf(Algorithm algorithm) {
        throw unsupported(algorithm);
    }

    private UnsupportedAlgorithmException unsupported(Algorithm algorithm) {
        return new UnsupportedAlgorithmException("provider '" + name() + "' does not implement "
                + algorithm.kind() + " " + algorithm.name());
    }
}
